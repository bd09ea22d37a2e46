"""Odd input from a browser or a hand-edited address gets a message or a 404, never a 500."""

from datetime import date

import pytest
from sqlalchemy import select

from icv.models import AuditEvent, IssueStatus, ReportStatus, Role
from icv.services import visit_reports
from tests import factories
from tests.conftest import page_text


@pytest.mark.parametrize(
    "url",
    [
        "/review/?status=bogus",
        "/review/?suite=%C2%B2",
        "/review/?suite=99999999999999999999999",
        "/review/?period=2016/17&start=1&start=1&start=1",
        "/issues/?suite=%C2%B2&level=9&status=nonsense&age=x",
    ],
)
def test_coordinator_filters_ignore_what_they_cannot_read(client, login_as, url):
    login_as(Role.COORDINATOR)
    assert client.get(url).status_code == 200


def test_force_filters_ignore_what_they_cannot_read(client, login_as):
    login_as(Role.FORCE)
    assert client.get("/force/reports?status=bogus&suite=abc").status_code == 200


@pytest.mark.parametrize(
    "url", ["/issues/99999999999999999999", "/manage/people/99999999999999999", "/visits/nope"]
)
def test_an_id_too_big_or_malformed_is_not_found(client, login_as, url):
    login_as(Role.COORDINATOR)
    assert client.get(url).status_code == 404


def test_a_forged_partner_or_suite_is_a_message_on_the_form(client, db, login_as):
    lead = login_as(Role.VOLUNTEER)
    visit = factories.create_report(db, lead)
    day = date.today().replace(day=1)
    data = {
        "suite_id": "9" * 25,
        "visit_date": [str(day.day), str(day.month), str(day.year)],
        "visit_type": "in_person",
        "partner": "abc",
        "outcome": "completed",
    }
    text = page_text(client.post(f"/visits/{visit.id}/visit", data=data))
    assert "Select the suite you visited" in text
    assert "Select your partner from the list of volunteers" in text


def test_a_forged_issue_id_is_treated_as_a_new_issue(client, db, login_as):
    lead = login_as(Role.VOLUNTEER)
    visit = factories.create_report(db, lead)
    data = {
        "issues-0-id": "²",
        "issues-0-area": "cctv",
        "issues-0-description": "Broken",
        "issues-0-level": "2",
    }
    assert client.post(f"/visits/{visit.id}/issues", data=data).status_code == 302
    db.refresh(visit)
    assert [issue.description for issue in visit.issues] == ["Broken"]


def test_a_year_without_four_numbers_is_refused(client, db, login_as):
    lead = login_as(Role.VOLUNTEER)
    visit = factories.create_report(db, lead)
    response = client.post(f"/visits/{visit.id}/visit", data={"visit_date": ["1", "1", "17"]})
    assert "The year must have 4 numbers, for example 2017" in page_text(response)


def test_a_wait_past_midnight_is_counted_and_let_in_before_arriving_is_not(client, db, login_as):
    lead = login_as(Role.VOLUNTEER)
    visit = factories.create_report(db, lead)
    client.post(f"/visits/{visit.id}/access", data={"arrived_at": "23:58", "admitted_at": "00:02"})
    db.refresh(visit)
    assert visit.wait_minutes == 4
    response = client.post(
        f"/visits/{visit.id}/access", data={"arrived_at": "14:10", "admitted_at": "14:05"}
    )
    assert "must be the same as or after the time you arrived" in page_text(response)


def test_an_issue_no_longer_resolved_on_the_spot_is_open_again_after_amendment(app, db):
    lead = factories.create_person(db, Role.VOLUNTEER)
    coordinator = factories.create_person(db, Role.COORDINATOR)
    spot = {"area": "cctv", "description": "Camera off", "level": 1, "resolved_on_spot": True}
    visit = factories.create_report(db, lead, status="confirmed", issues=[spot])
    assert visit.issues[0].status is IssueStatus.CLOSED
    with app.app_context():
        visit_reports.request_amendment(db, coordinator, visit, "It was not fixed after all")
    unresolved = {**spot, "id": visit.issues[0].id, "resolved_on_spot": False}
    factories.save_draft(db, lead, visit, issues=[unresolved])
    with app.app_context():
        visit_reports.submit(db, lead, visit)
    assert visit.issues[0].status is IssueStatus.OPEN
    assert visit.issues[0].closed_at is None


def test_a_report_is_reviewed_only_after_the_partner_confirms(client, db, login_as):
    visit = factories.create_report(db, status="submitted")
    login_as(Role.COORDINATOR)
    response = client.post(f"/review/{visit.id}/reviewed")
    assert "Only a report the partner has confirmed can be marked reviewed" in page_text(
        client.get(response.headers["Location"])
    )
    db.refresh(visit)
    assert visit.status is ReportStatus.SUBMITTED


def test_what_is_typed_as_an_unknown_email_is_not_kept(client, db):
    client.post("/sign-in", data={"email": "my secret password", "password": "x"})
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "sign_in_failed")).one()
    assert event.after is None and event.entity_id is None


def test_of_two_people_changing_a_report_at_once_only_the_first_gets_through(app, db):
    from sqlalchemy import update
    from sqlalchemy.orm.exc import StaleDataError

    from icv.models import Visit

    visit = factories.create_report(db, status="submitted")  # as the coordinator's page read it
    coordinator = factories.create_person(db, Role.COORDINATOR)
    # Meanwhile the partner's request confirms it (bumping the row's lock version).
    db.execute(
        update(Visit)
        .where(Visit.id == visit.id)
        .values(status=ReportStatus.CONFIRMED, lock_version=Visit.lock_version + 1)
        .execution_options(synchronize_session=False)
    )
    db.commit()
    with app.app_context(), pytest.raises(StaleDataError):
        visit_reports.request_amendment(db, coordinator, visit, "Too late")
    db.rollback()
    assert db.get(Visit, visit.id).status is ReportStatus.CONFIRMED


def test_the_person_who_came_second_is_told_the_report_changed(client, db, login_as, monkeypatch):
    from sqlalchemy.orm.exc import StaleDataError

    visit = factories.create_report(db, status="confirmed")
    login_as(Role.COORDINATOR)

    def changed_meanwhile(*_args):
        raise StaleDataError("the row was updated by someone else")

    monkeypatch.setattr(visit_reports, "mark_reviewed", changed_meanwhile)
    response = client.post(f"/review/{visit.id}/reviewed")
    assert response.status_code == 409
    assert "This report has just changed" in page_text(response)


def test_an_invitation_link_is_not_shown_on_the_emails_page(client, db, login_as):
    login_as(Role.COORDINATOR)
    invited = client.post(
        "/manage/people/new",
        data={"name": "Ruth Ellison", "email": "ruth@example.org", "role": "volunteer"},
    )
    assert "/invitation/" in invited.get_data(as_text=True)  # shown once, to pass on
    emails = client.get("/manage/emails").get_data(as_text=True)
    assert "Set your password" in emails
    assert "/invitation/" not in emails
    assert "it is not shown here" in emails


def test_an_email_claimed_by_one_sender_is_not_sent_by_another(app, db, smtp_server):
    from icv import mailer
    from icv.models import Email
    from icv.services import mail

    config = app.config
    with app.app_context():
        first = mail.queue(db, "a@example.org", "One", "Body")
        second = mail.queue(db, "b@example.org", "Two", "Body")
        db.commit()
        # Another sender (the cron job) already claimed the first.
        first.sent_at = first.created_at
        db.commit()
        assert mailer.send_pending(db, config) == (1, 0)
        assert mailer.send_pending(db, config) == (0, 0)
    assert [message["To"] for message in smtp_server.received] == ["b@example.org"]
    assert db.get(Email, second.id).sent_at is not None


def test_a_failed_email_waits_for_the_cron_job_not_the_next_page(app, db, smtp_server):
    from icv import mailer
    from icv.services import mail
    from tests.smtp_server import SmtpServer

    with SmtpServer() as gone:
        pass  # a mail server that has stopped: nothing answers on its port
    down = {**app.config, **gone.config()}
    with app.app_context():
        email = mail.queue(db, "a@example.org", "One", "Body")
        db.commit()
        assert mailer.send_queued(db, down) == 0  # the page that queued it
        assert "refused" in email.error and email.sent_at is None
        assert mailer.send_queued(db, app.config) == 0  # the next page sends only its own
        assert mailer.send_pending(db, app.config) == (1, 0)  # icv mail send retries it
    assert [message["Subject"] for message in smtp_server.received] == ["One"]


def test_a_number_with_stray_commas_is_not_a_number_of_detentions(client, db, login_as):
    login_as(Role.COORDINATOR)
    response = client.post("/reports/detentions", data={"period": "2016/17", "detentions": "1,2,3"})
    assert "Enter the number of persons detained as a whole number" in page_text(response)
    thousands = client.post(
        "/reports/detentions", data={"period": "2016/17", "detentions": "13,168"}
    )
    assert thousands.status_code == 302


def test_a_year_of_four_numbers_out_of_reach_is_told_so(client, db, login_as):
    lead = login_as(Role.VOLUNTEER)
    visit = factories.create_report(db, lead)
    response = client.post(f"/visits/{visit.id}/visit", data={"visit_date": ["31", "12", "1899"]})
    assert "Enter a year from 1900 to 2999" in page_text(response)
