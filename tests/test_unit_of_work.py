"""One unit of work per request or command: services flush, the request commits once, e-mails
go after the commit, and a change that loses a race gets the conflict page with nothing kept."""

import pytest
from sqlalchemy import func, select, update

from icv.models import Email, Person, ReportStatus, Role, Visit
from icv.services import people, visit_reports
from tests import factories
from tests.conftest import page_text


def count(db, model, *where):
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model).where(*where))


def test_a_person_is_never_added_without_their_invitation(client, db, login_as, monkeypatch):
    login_as(Role.COORDINATOR)

    def broken_invite(*_args, **_kwargs):
        raise RuntimeError("the invitation could not be made")

    monkeypatch.setattr(people, "invite", broken_invite)
    with pytest.raises(RuntimeError):
        client.post(
            "/manage/people/new",
            data={"name": "Ruth Ellison", "email": "ruth@example.org", "role": "volunteer"},
        )
    assert count(db, Person, Person.email == "ruth@example.org") == 0


def test_e_mails_go_only_after_the_change_is_committed(app, db, smtp_server):
    from icv import unit_of_work

    coordinator = factories.create_person(db, Role.COORDINATOR)
    volunteer = factories.create_person(db, Role.VOLUNTEER)
    with app.test_request_context():
        from icv.db import get_session

        session = get_session()
        people.invite(
            session, session.get(Person, coordinator.id), session.get(Person, volunteer.id)
        )
        assert smtp_server.received == []  # queued with the change, not sent before it is kept
        assert unit_of_work.commit() == 1
    subjects = [message["Subject"] for message in smtp_server.received]
    assert subjects == ["Set your password for Independent Custody Visiting"]
    assert count(db, Email, Email.sent_at.is_not(None)) == 1


def test_the_second_of_two_changes_at_once_gets_the_conflict_page(
    client, db, login_as, monkeypatch
):
    visit = factories.create_report(db, status="confirmed")
    login_as(Role.COORDINATOR)
    mark_reviewed = visit_reports.mark_reviewed

    def partner_meanwhile(session, coordinator, report):
        # Someone else's change lands after this request read the report, before it saves.
        session.execute(
            update(Visit)
            .where(Visit.id == report.id)
            .values(status=ReportStatus.REVIEWED, lock_version=Visit.lock_version + 1)
            .execution_options(synchronize_session=False)
        )
        return mark_reviewed(session, coordinator, report)

    monkeypatch.setattr(visit_reports, "mark_reviewed", partner_meanwhile)
    response = client.post(f"/review/{visit.id}/reviewed")
    assert response.status_code == 409
    assert "This report has just changed" in page_text(response)
    assert count(db, Visit, Visit.reviewed_at.is_not(None)) == 0  # this request's change: gone


def test_a_change_refused_on_the_page_keeps_nothing_it_began(client, db, login_as):
    """A service that refuses after changing something (the suites of a person checked after
    their name) has its change undone with the refusal, not committed with the page."""
    login_as(Role.COORDINATOR)
    person = factories.create_person(db, Role.VOLUNTEER, name="Priya Mistry")
    response = client.post(
        f"/manage/people/{person.id}",
        data={
            "name": "Changed Name",
            "email": "changed@example.org",
            "role": "force",
            "suites": "99",
        },
    )
    assert "Select suites from the list" in page_text(response)
    db.expire_all()
    kept = db.get(Person, person.id)
    assert (kept.name, kept.email, kept.role) == ("Priya Mistry", person.email, Role.VOLUNTEER)
