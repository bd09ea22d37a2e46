"""The coordinator keeps each volunteer's record: dates, meetings and training days, dates
unavailable. No one else sees it; every change is audited; bad input is said at the field."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from icv import clock
from icv.models import (
    AuditEvent,
    Role,
    Unavailability,
    VolunteerAttendance,
    VolunteerRecord,
)
from tests import factories
from tests.conftest import page_text


def boxes(name: str, day: date | None) -> dict:
    if day is None:
        return {name: ["", "", ""]}
    return {name: [str(day.day), str(day.month), str(day.year)]}


def record_form(**dates) -> dict:
    data = {}
    for name in (
        "joined_on",
        "left_on",
        "vetting_expires_on",
        "training_completed_on",
        "probation_ends_on",
        "term_ends_on",
    ):
        data.update(boxes(name, dates.get(name)))
    return data


def events(db, action):
    return db.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_a_volunteer_added_gets_a_record_joined_today_for_three_years(client, db, login_as):
    login_as(Role.COORDINATOR)
    response = client.post(
        "/manage/people/new",
        data={"name": "Priya Mistry", "email": "priya@example.org", "role": "volunteer"},
    )
    assert response.status_code == 200
    record = db.scalars(select(VolunteerRecord).order_by(VolunteerRecord.person_id.desc())).first()
    today = clock.today()
    assert record.person.email == "priya@example.org"
    assert record.joined_on == today
    assert record.term_ends_on == today.replace(year=today.year + 3)
    [added] = [e for e in events(db, "person_added") if e.entity_id == str(record.person_id)]
    assert added.after["record"]["joined_on"] == today.isoformat()


def test_a_coordinator_or_force_user_added_gets_no_record(client, db, login_as):
    coordinator = login_as(Role.COORDINATOR)
    force = factories.create_person(db, Role.FORCE)
    assert db.get(VolunteerRecord, coordinator.id) is None
    assert db.get(VolunteerRecord, force.id) is None
    assert client.get(f"/manage/people/{force.id}/record").status_code == 404


def test_the_coordinator_saves_a_record_and_the_change_is_audited(client, db, login_as):
    coordinator = login_as(Role.COORDINATOR)
    volunteer = factories.create_person(db, name="Linda Marsh")
    page = client.get(f"/manage/people/{volunteer.id}/record")
    assert page.status_code == 200
    assert "Volunteer record" in page_text(page)
    response = client.post(
        f"/manage/people/{volunteer.id}/record",
        data=record_form(
            joined_on=date(2024, 2, 12),
            vetting_expires_on=date(2027, 2, 1),
            training_completed_on=date(2024, 3, 1),
            probation_ends_on=date(2024, 8, 12),
        ),
    )
    assert response.status_code == 302
    assert "Linda Marsh’s record is saved" in page_text(client.get(response.location))
    record = db.get(VolunteerRecord, volunteer.id)
    db.refresh(record)
    assert record.joined_on == date(2024, 2, 12)
    assert record.term_ends_on == date(2027, 2, 12)  # blank: three years after joining
    assert record.vetting_expires_on == date(2027, 2, 1)
    [event] = events(db, "volunteer_record_changed")
    assert event.actor_id == coordinator.id
    assert (event.entity, event.entity_id) == ("volunteer_records", str(volunteer.id))
    assert event.after["probation_ends_on"] == "2024-08-12"
    history = page_text(client.get(f"/manage/people/{volunteer.id}/record"))
    assert "Volunteer record changed" in history


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        ({}, "Enter the date they joined the scheme"),
        (
            {"joined_on": date(2024, 2, 12), "left_on": date(2024, 1, 1)},
            "The date they left must be the same as or after the date they joined",
        ),
        (
            {"joined_on": date(2024, 2, 12), "probation_ends_on": date(2023, 1, 1)},
            "Probation must end on or after the date they joined",
        ),
        (
            {"joined_on": date(2024, 2, 12), "term_ends_on": date(2024, 2, 12)},
            "The term must end after the date they joined",
        ),
        (
            {"joined_on": date(2024, 2, 12), "training_completed_on": date(2999, 1, 1)},
            "The date training was completed must be today or in the past",
        ),
    ],
)
def test_bad_dates_are_said_at_the_field_and_nothing_is_saved(client, db, login_as, dates, message):
    login_as(Role.COORDINATOR)
    volunteer = factories.create_person(db)
    before = db.get(VolunteerRecord, volunteer.id).audit_state()
    response = client.post(f"/manage/people/{volunteer.id}/record", data=record_form(**dates))
    assert response.status_code == 200
    assert message in page_text(response)
    assert "There is a problem" in page_text(response)
    db.expire_all()
    assert db.get(VolunteerRecord, volunteer.id).audit_state() == before
    assert events(db, "volunteer_record_changed") == []


def test_a_date_that_does_not_exist_is_said_not_a_server_error(client, db, login_as):
    login_as(Role.COORDINATOR)
    volunteer = factories.create_person(db)
    data = record_form(joined_on=date(2024, 2, 12))
    data["vetting_expires_on"] = ["31", "2", "2027"]
    response = client.post(f"/manage/people/{volunteer.id}/record", data=data)
    assert response.status_code == 200
    assert "Enter a real date" in page_text(response)


def test_renewing_adds_three_years_to_the_term(client, db, login_as):
    login_as(Role.COORDINATOR)
    volunteer = factories.create_person(db)
    record = db.get(VolunteerRecord, volunteer.id)
    record.term_ends_on = date(2027, 1, 31)
    db.commit()
    page = client.get(f"/manage/people/{volunteer.id}/record").get_data(as_text=True)
    assert 'name="term_ends_on" value="2027-01-31"' in page
    renew = {"term_ends_on": "2027-01-31"}
    response = client.post(f"/manage/people/{volunteer.id}/record/renew", data=renew)
    assert response.status_code == 302
    assert "term now ends on 31 January 2030" in page_text(client.get(response.location))
    db.refresh(record)
    assert record.term_ends_on == date(2030, 1, 31)
    [event] = events(db, "volunteer_term_renewed")
    assert event.before["term_ends_on"] == "2027-01-31"

    # A second tap on the same page renews nothing more.
    again = client.post(f"/manage/people/{volunteer.id}/record/renew", data=renew)
    assert "Their term has changed since the page was read" in page_text(client.get(again.location))
    db.refresh(record)
    assert record.term_ends_on == date(2030, 1, 31)
    assert len(events(db, "volunteer_term_renewed")) == 1


def test_meetings_and_training_days_are_added_and_removed(client, db, login_as):
    login_as(Role.COORDINATOR)
    volunteer = factories.create_person(db)
    url = f"/manage/people/{volunteer.id}/attendance/new"
    refused = client.post(url, data={"kind": "", **boxes("held_on", None), "title": ""})
    text = page_text(refused)
    assert "Select meeting or training day" in text
    assert "Enter the date it was held" in text
    assert "Enter a title, like Quarterly volunteers' meeting" in text
    held = clock.today() - timedelta(days=3)
    response = client.post(
        url, data={"kind": "training", **boxes("held_on", held), "title": "Mental health"}
    )
    assert response.status_code == 302
    [attended] = db.scalars(select(VolunteerAttendance)).all()
    assert (attended.kind.value, attended.held_on, attended.title) == (
        "training",
        held,
        "Mental health",
    )
    assert "Training day: Mental health" in page_text(client.get(response.location))
    removed = client.post(f"/manage/people/{volunteer.id}/attendance/{attended.id}/remove")
    assert removed.status_code == 302
    assert db.scalars(select(VolunteerAttendance)).all() == []
    actions = [e.action for e in db.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-2:] == ["attendance_added", "attendance_removed"]


def test_a_meeting_in_the_future_is_refused(client, db, login_as):
    login_as(Role.COORDINATOR)
    volunteer = factories.create_person(db)
    later = clock.today() + timedelta(days=2)
    response = client.post(
        f"/manage/people/{volunteer.id}/attendance/new",
        data={"kind": "meeting", **boxes("held_on", later), "title": "Meeting"},
    )
    assert "Enter a date today or in the past" in page_text(response)
    assert db.scalars(select(VolunteerAttendance)).all() == []


def test_dates_unavailable_are_added_and_overlaps_refused(client, db, login_as):
    login_as(Role.COORDINATOR)
    volunteer = factories.create_person(db)
    url = f"/manage/people/{volunteer.id}/unavailable/new"
    start = clock.today() + timedelta(days=10)
    response = client.post(
        url, data={**boxes("starts_on", start), **boxes("ends_on", start + timedelta(days=6))}
    )
    assert response.status_code == 302
    overlapping = client.post(
        url,
        data={
            **boxes("starts_on", start + timedelta(days=3)),
            **boxes("ends_on", start + timedelta(days=20)),
        },
    )
    assert "This overlaps the dates already unavailable" in page_text(overlapping)
    backwards = client.post(
        url,
        data={
            **boxes("starts_on", start + timedelta(days=30)),
            **boxes("ends_on", start + timedelta(days=29)),
        },
    )
    assert "The last day must be the same as or after the first day" in page_text(backwards)
    [dates] = db.scalars(select(Unavailability)).all()
    assert (dates.starts_on, dates.ends_on) == (start, start + timedelta(days=6))
    assert (
        client.post(f"/manage/people/{volunteer.id}/unavailable/{dates.id}/remove").status_code
        == 302
    )
    assert db.scalars(select(Unavailability)).all() == []
    assert [e.action for e in events(db, "unavailability_removed")] == ["unavailability_removed"]


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.FORCE])
def test_no_one_but_the_coordinator_sees_a_record(client, db, login_as, role):
    volunteer = factories.create_person(db)
    login_as(role)
    for url in (
        f"/manage/people/{volunteer.id}/record",
        f"/manage/people/{volunteer.id}/attendance/new",
        f"/manage/people/{volunteer.id}/unavailable/new",
    ):
        assert client.get(url).status_code == 404
    assert client.post(f"/manage/people/{volunteer.id}/record/renew").status_code == 404


def test_deactivating_a_volunteer_sets_the_day_they_left_and_reactivating_clears_it(
    client, db, login_as
):
    login_as(Role.COORDINATOR)
    volunteer = factories.create_person(db)
    client.post(f"/manage/people/{volunteer.id}/active", data={"active": "0"})
    record = db.get(VolunteerRecord, volunteer.id)
    db.refresh(record)
    assert record.left_on == clock.today()
    [event] = events(db, "person_deactivated")
    assert event.before["record"]["left_on"] is None
    assert event.after["record"]["left_on"] == clock.today().isoformat()
    client.post(f"/manage/people/{volunteer.id}/active", data={"active": "1"})
    db.refresh(record)
    assert record.left_on is None


def test_deactivating_keeps_a_day_left_already_recorded(client, db, login_as):
    login_as(Role.COORDINATOR)
    volunteer = factories.create_person(db)
    record = db.get(VolunteerRecord, volunteer.id)
    record.joined_on, record.left_on = date(2020, 1, 1), date(2026, 1, 31)
    db.commit()
    client.post(f"/manage/people/{volunteer.id}/active", data={"active": "0"})
    db.refresh(record)
    assert record.left_on == date(2026, 1, 31)


def test_a_volunteer_adds_and_removes_their_own_dates_unavailable(client, db, login_as):
    other = factories.create_person(db)
    theirs = Unavailability(
        person_id=other.id,
        starts_on=clock.today() + timedelta(days=1),
        ends_on=clock.today() + timedelta(days=2),
    )
    db.add(theirs)
    db.commit()
    me = login_as(Role.VOLUNTEER)
    start = clock.today() + timedelta(days=5)
    response = client.post(
        "/account/unavailable",
        data={**boxes("starts_on", start), **boxes("ends_on", start)},
    )
    assert response.status_code == 302
    page = page_text(client.get("/account/unavailable"))
    assert f"{start.day} {start:%B %Y}" in page
    assert f"{theirs.starts_on.day} {theirs.starts_on:%B %Y}" not in page
    assert client.post(f"/account/unavailable/{theirs.id}/remove").status_code == 404
    assert db.get(Unavailability, theirs.id) is not None
    mine = db.scalars(select(Unavailability).where(Unavailability.person_id == me.id)).one()
    assert client.post(f"/account/unavailable/{mine.id}/remove").status_code == 302
    assert db.scalars(select(Unavailability).where(Unavailability.person_id == me.id)).all() == []


def test_a_volunteer_added_from_the_console_gets_a_record(runner, db):
    result = runner.invoke(
        args=[
            *("users", "create", "--name", "Owen Price", "--email", "owen@example.org"),
            *("--role", "volunteer", "--password", "a gentle orchard of quinces"),
        ]
    )
    assert result.exit_code == 0, result.output
    record = db.scalars(select(VolunteerRecord)).one()
    assert record.person.email == "owen@example.org"
    assert record.joined_on == clock.today()


def test_someone_made_a_volunteer_gets_a_record(client, db, login_as):
    login_as(Role.COORDINATOR)
    force = factories.create_person(db, Role.FORCE, name="Claire Booth")
    response = client.post(
        f"/manage/people/{force.id}",
        data={"name": "Claire Booth", "email": force.email, "role": "volunteer"},
    )
    assert response.status_code == 302
    record = db.get(VolunteerRecord, force.id)
    assert record is not None and record.left_on is None
    [event] = events(db, "person_changed")
    assert event.after["record"]["joined_on"] == clock.today().isoformat()
    assert client.get(f"/manage/people/{force.id}/record").status_code == 200
