"""The coordinator manages people, suites and closures; every change is in the audit trail."""

from datetime import date

from sqlalchemy import func, select

from icv.models import AuditEvent, Role, Suite, SuiteClosure
from tests import factories
from tests.conftest import page_text


def events(db, action):
    return db.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_the_coordinator_changes_a_persons_details_and_the_change_is_audited(client, db, login_as):
    coordinator = login_as(Role.COORDINATOR)
    volunteer = factories.create_person(db, name="Linda Marsh", email="linda@example.org")
    response = client.post(
        f"/manage/people/{volunteer.id}",
        data={
            "name": "Linda Marsh-Brown",
            "email": "linda@example.org",
            "role": "volunteer",
            "phone": "0116 496 0000",
        },
    )
    assert response.status_code == 302
    assert "Linda Marsh-Brown’s details are saved" in page_text(client.get(response.location))
    db.refresh(volunteer)
    assert volunteer.name == "Linda Marsh-Brown"
    [event] = events(db, "person_changed")
    assert event.actor_id == coordinator.id
    assert event.entity_id == str(volunteer.id)
    assert event.before["name"] == "Linda Marsh"
    assert event.after["name"] == "Linda Marsh-Brown"
    assert event.after["phone"] == "0116 496 0000"
    assert "password_hash" not in event.after


def test_bad_details_are_shown_next_to_the_field_and_nothing_is_saved(client, db, login_as):
    login_as(Role.COORDINATOR)
    taken = factories.create_person(db, email="taken@example.org")
    volunteer = factories.create_person(db, name="Ruth Ellison")
    response = client.post(
        f"/manage/people/{volunteer.id}",
        data={"name": "", "email": "taken@example.org", "role": "volunteer", "phone": "call me"},
    )
    text = page_text(response)
    assert "Enter the person's full name" in text
    assert "Enter a phone number, like 01632 960 001" in text
    response = client.post(
        f"/manage/people/{volunteer.id}",
        data={"name": "Ruth", "email": taken.email.upper(), "role": "volunteer"},
    )
    assert "Someone already has this email address" in page_text(response)
    assert 'href="#email"' in response.get_data(as_text=True)
    db.refresh(volunteer)
    assert volunteer.name == "Ruth Ellison"
    assert events(db, "person_changed") == []


def test_a_bad_email_address_is_refused(client, db, login_as):
    login_as(Role.COORDINATOR)
    response = client.post(
        "/manage/people/new", data={"name": "Tariq", "email": "tariq at home", "role": "volunteer"}
    )
    assert "Enter an email address in the correct format" in page_text(response)


def test_the_coordinator_deactivates_and_reactivates_a_person(client, db, login_as):
    login_as(Role.COORDINATOR)
    volunteer = factories.create_person(db, name="Neil Thornton")
    response = client.post(f"/manage/people/{volunteer.id}/active", data={"active": "0"})
    assert "Neil Thornton is deactivated" in page_text(client.get(response.location))
    db.refresh(volunteer)
    assert volunteer.active is False
    client.post(f"/manage/people/{volunteer.id}/active", data={"active": "1"})
    db.refresh(volunteer)
    assert volunteer.active is True
    assert [len(events(db, a)) for a in ("person_deactivated", "person_reactivated")] == [1, 1]


def test_a_coordinator_cannot_lock_themselves_out(client, db, login_as):
    coordinator = login_as(Role.COORDINATOR)
    response = client.post(f"/manage/people/{coordinator.id}/active", data={"active": "0"})
    assert "You cannot deactivate yourself" in page_text(client.get(response.location))
    response = client.post(
        f"/manage/people/{coordinator.id}",
        data={"name": coordinator.name, "email": coordinator.email, "role": "volunteer"},
    )
    assert "You cannot change your own role" in page_text(response)
    db.refresh(coordinator)
    assert coordinator.active and coordinator.role is Role.COORDINATOR


def test_a_person_that_does_not_exist_is_404(client, login_as):
    login_as(Role.COORDINATOR)
    assert client.get("/manage/people/999999").status_code == 404
    assert client.get("/manage/suites/999999").status_code == 404


def test_the_coordinator_adds_and_renames_a_suite(client, db, login_as):
    login_as(Role.COORDINATOR)
    response = client.post("/manage/suites/new", data={"name": "Beaumont Leys"})
    assert response.status_code == 302
    suite = db.scalars(select(Suite).where(Suite.name == "Beaumont Leys")).one()
    client.post(f"/manage/suites/{suite.id}", data={"name": "Beaumont Leys Custody", "active": "y"})
    db.refresh(suite)
    assert suite.name == "Beaumont Leys Custody" and suite.active
    assert len(events(db, "suite_added")) == 1
    [changed] = events(db, "suite_changed")
    assert changed.before == {"name": "Beaumont Leys", "active": True}
    assert changed.after == {"name": "Beaumont Leys Custody", "active": True}


def test_two_suites_cannot_share_a_name(client, db, login_as):
    login_as(Role.COORDINATOR)
    factories.create_suite(db, "Keyham Lane")
    response = client.post("/manage/suites/new", data={"name": "keyham lane "})
    assert "There is already a suite with this name" in page_text(response)
    assert len(db.scalars(select(Suite)).all()) == 1


def closure_form(starts, ends, reason="Refurbishment"):
    return {
        "starts_on": [str(starts.day), str(starts.month), str(starts.year)],
        "ends_on": [str(ends.day), str(ends.month), str(ends.year)],
        "reason": reason,
    }


def test_the_coordinator_records_and_removes_a_closure(client, db, login_as):
    login_as(Role.COORDINATOR)
    suite = factories.create_suite(db, "Beaumont Leys")
    response = client.post(
        f"/manage/suites/{suite.id}/closures/new",
        data=closure_form(date(2017, 1, 3), date(2017, 3, 31)),
    )
    assert response.status_code == 302
    text = page_text(client.get(response.location))
    assert "3 January 2017 to 31 March 2017" in text
    closure = db.scalars(select(SuiteClosure)).one()
    assert (closure.starts_on, closure.ends_on) == (date(2017, 1, 3), date(2017, 3, 31))
    client.post(f"/manage/suites/{suite.id}/closures/{closure.id}/remove")
    assert db.scalars(select(SuiteClosure)).all() == []
    [removed] = events(db, "closure_removed")
    assert removed.before["reason"] == "Refurbishment"


def test_a_closure_must_end_after_it_starts_and_not_overlap_another(client, db, login_as):
    login_as(Role.COORDINATOR)
    suite = factories.create_suite(db)
    backwards = client.post(
        f"/manage/suites/{suite.id}/closures/new",
        data=closure_form(date(2017, 3, 31), date(2017, 1, 3)),
    )
    assert "The last day closed must be the same as or after the first" in page_text(backwards)
    client.post(
        f"/manage/suites/{suite.id}/closures/new",
        data=closure_form(date(2017, 1, 3), date(2017, 3, 31)),
    )
    overlapping = client.post(
        f"/manage/suites/{suite.id}/closures/new",
        data=closure_form(date(2017, 3, 1), date(2017, 4, 30)),
    )
    assert "This overlaps the closure from 3 January 2017 to 31 March 2017" in page_text(
        overlapping
    )
    assert len(db.scalars(select(SuiteClosure)).all()) == 1


def test_a_closure_date_must_be_a_real_date(client, db, login_as):
    login_as(Role.COORDINATOR)
    suite = factories.create_suite(db)
    response = client.post(
        f"/manage/suites/{suite.id}/closures/new",
        data={"starts_on": ["31", "2", "2017"], "ends_on": ["", "", ""], "reason": ""},
    )
    text = page_text(response)
    assert "Enter a real date" in text
    assert "Enter the last day the suite is closed" in text
    assert "Enter why the suite is closed" in text
    assert db.scalars(select(SuiteClosure)).all() == []


def test_another_suites_closure_cannot_be_removed_through_this_suite(client, db, login_as):
    login_as(Role.COORDINATOR)
    first, second = factories.create_suite(db), factories.create_suite(db)
    client.post(
        f"/manage/suites/{first.id}/closures/new",
        data=closure_form(date(2017, 1, 3), date(2017, 3, 31)),
    )
    closure = db.scalars(select(SuiteClosure)).one()
    response = client.post(f"/manage/suites/{second.id}/closures/{closure.id}/remove")
    assert response.status_code == 404
    assert db.scalars(select(SuiteClosure)).one() is closure


def test_the_audit_trail_page_lists_changes_newest_first(client, db, login_as):
    login_as(Role.COORDINATOR)
    client.post("/manage/suites/new", data={"name": "Euston Street"})
    text = page_text(client.get("/manage/audit"))
    assert text.index("Suite added") < text.index("Signed in")


def test_a_name_of_only_spaces_is_refused(client, db, login_as):
    login_as(Role.COORDINATOR)
    person = client.post(
        "/manage/people/new", data={"name": "   ", "email": "x@example.org", "role": "volunteer"}
    )
    assert "Enter the person's full name" in page_text(person)
    suite = client.post("/manage/suites/new", data={"name": "   "})
    assert "Enter the suite's name" in page_text(suite)
    assert db.scalars(select(Suite)).all() == []


def test_a_suite_name_is_one_whatever_its_case_in_any_alphabet(client, db, login_as):
    login_as(Role.COORDINATOR)
    client.post("/manage/suites/new", data={"name": "ÖSTER Street", "active": "y"})
    again = client.post("/manage/suites/new", data={"name": "öster street", "active": "y"})
    assert "There is already a suite with this name" in page_text(again)
    assert db.scalar(select(func.count()).select_from(Suite)) == 1
