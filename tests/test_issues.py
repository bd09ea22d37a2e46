"""Issues followed up with the force: the coordinator refers, the force answers, the coordinator
closes or refers again; reminders when an answer is late; who may see and do what."""

import re
import socket
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from icv import clock
from icv.models import Email, Issue, IssueStatus, ReportStatus, Role
from icv.reporting import issues as issue_figures
from icv.services import Invalid, issues, visit_reports
from tests import factories
from tests.conftest import page_text, sign_in

CCTV = {
    "area": "cctv",
    "description": "Camera in cell 2 not recording",
    "raised_with": "Sergeant Cole",
    "level": 3,
}


@pytest.fixture
def scheme(db):
    """A suite with its force user, another suite with its own, a coordinator, and a report
    with a level 3 issue waiting for review."""
    keyham = factories.create_suite(db, "Keyham Lane")
    euston = factories.create_suite(db, "Euston Street")
    people = {
        "coordinator": factories.create_person(db, Role.COORDINATOR, name="Sam Rivers"),
        "force": factories.create_person(
            db, Role.FORCE, name="Inspector Claire Booth", suites=[keyham]
        ),
        "other_force": factories.create_person(
            db, Role.FORCE, name="Inspector Omar Reid", suites=[euston]
        ),
        "lead": factories.create_person(db, Role.VOLUNTEER, name="Alex Morgan"),
        "partner": factories.create_person(db, Role.VOLUNTEER, name="Priya Mistry"),
    }
    report = factories.create_report(
        db,
        people["lead"],
        partners=[people["partner"]],
        suite=keyham,
        status="confirmed",
        issues=[CCTV],
    )
    # Filing it e-mailed the partner and escalated its level 3 issue (tests/test_notifications.py);
    # these tests follow the issue from here, so count only the e-mails sent after.
    following_from_here(db)
    return {**people, "suite": keyham, "other_suite": euston, "issue": report.issues[0]}


def signed_in(app, person):
    client = app.test_client()
    session = app.extensions["icv.sessionmaker"]()
    try:
        response = sign_in(client, session, person)
    finally:
        session.close()
    assert response.status_code == 302
    assert not response.headers["Location"].startswith("/sign-in")
    return client


def date_fields(name, day):
    return {name: [str(day.day), str(day.month), str(day.year)]}


FOLLOWING_FROM = "icv.tests.issues_followed_from_email"


def following_from_here(db):
    """Count only the e-mails queued from now on."""
    db.info[FOLLOWING_FROM] = max((email.id for email in emails(db)), default=0)


def emails(db):
    """The e-mails queued since the issue's report was filed (all, without `scheme`)."""
    db.expire_all()
    since = db.info.get(FOLLOWING_FROM, 0)
    return db.scalars(select(Email).where(Email.id > since).order_by(Email.id)).all()


def stored(db, issue) -> Issue:
    db.expire_all()
    return db.get(Issue, issue.id)


def test_the_whole_life_of_an_issue(app, db, scheme):
    issue, coordinator, force = scheme["issue"], scheme["coordinator"], scheme["force"]
    office, custody = signed_in(app, coordinator), signed_in(app, force)
    volunteer = signed_in(app, scheme["lead"])
    today = clock.today()
    due = issues.suggested_due_on(3, today)

    # Raised: the coordinator sees it among the outstanding issues, with the due date offered.
    assert "Camera in cell 2 not recording" in page_text(office.get("/issues/"))
    page = office.get(f"/issues/{issue.id}").get_data(as_text=True)
    assert f'name="due_on" type="text" value="{due.day}"' in page.replace("\n", "")
    assert "1 working day after it is referred" in page_text(office.get(f"/issues/{issue.id}"))

    # Referred: the force users for Keyham Lane are e-mailed, and nobody else.
    response = office.post(
        f"/issues/{issue.id}/refer",
        data={**date_fields("due_on", due), "note": "Please say when it will be repaired"},
    )
    assert response.status_code == 302
    assert stored(db, issue).status is IssueStatus.REFERRED
    assert stored(db, issue).due_on == due
    [referral] = emails(db)
    assert referral.recipient == force.email
    assert referral.subject.startswith("Issue referred: Keyham Lane, cctv, level 3")
    assert "Please say when it will be repaired" in referral.body
    assert f"http://icv.test/issues/force/{issue.id}" in referral.body

    # Answered: the force sees it in their inbox, answers, and the coordinators are e-mailed.
    assert "Camera in cell 2 not recording" in page_text(custody.get("/issues/force"))
    response = custody.post(
        f"/issues/force/{issue.id}/answer",
        data={"response": "Engineer repaired the camera", **date_fields("action_taken_on", today)},
    )
    assert response.status_code == 302
    answered = stored(db, issue)
    assert answered.status is IssueStatus.RESPONDED
    assert answered.force_response == "Engineer repaired the camera"
    assert answered.action_taken_on == today
    answer_mail = emails(db)[-1]
    assert answer_mail.recipient == coordinator.email
    assert answer_mail.subject == "Issue answered: Keyham Lane, cctv, level 3"
    assert "Engineer repaired the camera" in answer_mail.body

    # The volunteers who raised it see the answer, on their report and on the issue's page.
    report_page = page_text(volunteer.get(f"/visits/{issue.visit_id}"))
    assert "Answered by the force" in report_page
    assert "The force's answer: Engineer repaired the camera" in report_page
    assert "Engineer repaired the camera" in page_text(volunteer.get(f"/issues/yours/{issue.id}"))

    # Closed.
    response = office.post(f"/issues/{issue.id}/close", data={"reason": "Checked on next visit"})
    assert response.status_code == 302
    assert stored(db, issue).status is IssueStatus.CLOSED

    # Reopened: referred again with a note, and the force is told again.
    response = office.post(
        f"/issues/{issue.id}/refer-again",
        data={**date_fields("due_on", due), "note": "Camera 2 is off again"},
    )
    assert response.status_code == 302
    reopened = stored(db, issue)
    assert reopened.status is IssueStatus.REFERRED
    assert reopened.referral_note == "Camera 2 is off again"
    assert reopened.force_response is None and reopened.closed_at is None

    assert [(e.recipient, e.subject.split(":")[0]) for e in emails(db)] == [
        (force.email, "Issue referred"),
        (coordinator.email, "Issue answered"),
        (force.email, "Issue referred again"),
    ]

    with app.app_context():
        moments = issues.timeline(db, stored(db, issue))
    assert [(m.what, m.who) for m in moments] == [
        (f"Raised on the visit of {reopened.visit.visit_date:%-d %B %Y}", "Alex Morgan"),
        ("Level 3: e-mailed to the coordinators at once", None),
        ("Level 3: e-mailed to the force once the pair agreed", None),
        ("Referred to the force", "Sam Rivers"),
        ("Answered by the force", "Inspector Claire Booth"),
        ("Closed", "Sam Rivers"),
        ("Reopened and referred to the force again", "Sam Rivers"),
    ]
    assert moments == sorted(moments, key=lambda m: m.at)
    # (moments 1 and 2: the level 3 issue escalated when the report was filed)
    assert ("What was done", "Engineer repaired the camera") in moments[4].details
    assert ("Note", "Checked on next visit") in moments[5].details
    assert ("Note", "Camera 2 is off again") in moments[6].details

    # Everyone who may see the issue reads the same history.
    for client, url in [
        (office, f"/issues/{issue.id}"),
        (custody, f"/issues/force/{issue.id}"),
        (volunteer, f"/issues/yours/{issue.id}"),
    ]:
        text = page_text(client.get(url))
        assert text.index("Referred to the force") < text.index("Answered by the force"), url
        assert "Reopened and referred to the force again" in text, url


def test_a_force_user_of_another_suite_cannot_see_or_answer_the_issue(app, db, scheme):
    issue = factories.refer_issue(db, scheme["issue"], scheme["coordinator"])
    other = signed_in(app, scheme["other_force"])
    assert other.get(f"/issues/force/{issue.id}").status_code == 404
    response = other.post(
        f"/issues/force/{issue.id}/answer",
        data={"response": "Not ours", **date_fields("action_taken_on", clock.today())},
    )
    assert response.status_code == 404
    assert "Camera in cell 2" not in page_text(other.get("/issues/force"))
    assert stored(db, issue).status is IssueStatus.REFERRED


def test_the_force_sees_an_issue_only_once_it_is_referred(app, db, scheme):
    custody = signed_in(app, scheme["force"])
    assert custody.get(f"/issues/force/{scheme['issue'].id}").status_code == 404
    factories.refer_issue(db, scheme["issue"], scheme["coordinator"])
    assert custody.get(f"/issues/force/{scheme['issue'].id}").status_code == 200


def test_a_volunteer_cannot_refer_or_close_an_issue(app, db, scheme):
    issue = scheme["issue"]
    volunteer = signed_in(app, scheme["lead"])
    due = issues.suggested_due_on(3, clock.today())
    for url, data in [
        (f"/issues/{issue.id}/refer", date_fields("due_on", due)),
        (f"/issues/{issue.id}/close", {"reason": "Done"}),
        (f"/issues/{issue.id}/refer-again", {**date_fields("due_on", due), "note": "Again"}),
        (f"/issues/force/{issue.id}/answer", {"response": "Fixed"}),
    ]:
        assert volunteer.post(url, data=data).status_code == 404, url
    assert stored(db, issue).status is IssueStatus.OPEN


def test_a_volunteer_sees_only_the_issues_of_their_own_reports(app, db, scheme):
    stranger = signed_in(app, factories.create_person(db, Role.VOLUNTEER))
    assert stranger.get(f"/issues/yours/{scheme['issue'].id}").status_code == 404
    partner = signed_in(app, scheme["partner"])
    assert partner.get(f"/issues/yours/{scheme['issue'].id}").status_code == 200


def test_nobody_follows_up_an_issue_on_a_draft(app, db, scheme):
    draft = factories.create_report(db, scheme["lead"], suite=scheme["suite"], issues=[CCTV])
    office = signed_in(app, scheme["coordinator"])
    assert office.get(f"/issues/{draft.issues[0].id}").status_code == 404
    assert signed_in(app, scheme["lead"]).get(
        f"/issues/yours/{draft.issues[0].id}"
    ).status_code == (404)


def test_a_due_date_in_the_past_is_refused(app, db, scheme):
    office = signed_in(app, scheme["coordinator"])
    yesterday = clock.today() - timedelta(days=1)
    response = office.post(
        f"/issues/{scheme['issue'].id}/refer", data=date_fields("due_on", yesterday)
    )
    assert response.status_code == 400
    assert "The date the force should answer by must be today or later" in page_text(response)
    response = office.post(f"/issues/{scheme['issue'].id}/refer", data={})
    assert "Enter the date the force should answer by" in page_text(response)
    assert stored(db, scheme["issue"]).status is IssueStatus.OPEN
    assert emails(db) == []


def test_closing_without_an_answer_needs_a_reason(app, db, scheme):
    office = signed_in(app, scheme["coordinator"])
    response = office.post(f"/issues/{scheme['issue'].id}/close", data={})
    assert response.status_code == 400
    assert "Enter why you are closing this issue without an answer from the force" in page_text(
        response
    )
    response = office.post(f"/issues/{scheme['issue'].id}/close", data={"reason": "Duplicate"})
    assert response.status_code == 302
    assert stored(db, scheme["issue"]).status is IssueStatus.CLOSED


def test_referring_again_needs_a_note(app, db, scheme):
    issue = factories.refer_issue(db, scheme["issue"], scheme["coordinator"])
    factories.answer_issue(db, issue, scheme["force"])
    office = signed_in(app, scheme["coordinator"])
    due = issues.suggested_due_on(3, clock.today())
    response = office.post(f"/issues/{issue.id}/refer-again", data=date_fields("due_on", due))
    assert response.status_code == 400
    assert "Enter what you are asking the force to do now" in page_text(response)
    assert stored(db, issue).status is IssueStatus.RESPONDED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter what was done about the issue"),
        ({"response": "Fixed"}, "Enter the date it was done"),
        (
            {"response": "Fixed", **date_fields("action_taken_on", date.today() + timedelta(2))},
            "The date it was done must be today or in the past",
        ),
        (
            {"response": "Fixed", **date_fields("action_taken_on", date(2017, 1, 2))},
            "The date it was done must be the same as or after the visit",
        ),
        ({"response": "Fixed", "action_taken_on": ["31", "2", "2018"]}, "Enter a real date"),
    ],
)
def test_the_force_answer_needs_what_was_done_and_when(app, db, scheme, data, message):
    issue = factories.refer_issue(db, scheme["issue"], scheme["coordinator"])
    response = signed_in(app, scheme["force"]).post(f"/issues/force/{issue.id}/answer", data=data)
    assert response.status_code == 400
    assert message in page_text(response)
    assert stored(db, issue).status is IssueStatus.REFERRED


def test_acting_on_an_issue_that_has_moved_on_is_refused(app, db, scheme):
    issue = factories.refer_issue(db, scheme["issue"], scheme["coordinator"])
    office = signed_in(app, scheme["coordinator"])
    due = issues.suggested_due_on(3, clock.today())
    response = office.post(f"/issues/{issue.id}/refer", data=date_fields("due_on", due))
    assert response.status_code == 302
    followed = office.get(response.headers["Location"])
    assert "This issue is referred to the force now" in page_text(followed)
    assert len(emails(db)) == 1  # the first referral's e-mail only
    with app.app_context():
        with pytest.raises(Invalid, match="referred to the force now"):
            issues.refer(db, scheme["coordinator"], stored(db, issue), due)
        factories.answer_issue(db, stored(db, issue), scheme["force"])
        with pytest.raises(Invalid, match="answered by the force now"):
            issues.answer(db, scheme["force"], stored(db, issue), "Again", clock.today())


def test_two_coordinators_acting_on_one_issue_from_the_same_page_only_one_succeeds(app, db, scheme):
    """Finding 10 of the security review: one referred while the other closed; both succeeded
    and the force was e-mailed about a closed issue. Each form carries the version it was read
    at, so the second is refused and says so."""
    issue = scheme["issue"]
    second = factories.create_person(db, Role.COORDINATOR, name="Jo Hale")
    one, other = signed_in(app, scheme["coordinator"]), signed_in(app, second)
    read_at = re.search(
        r'name="version" type="hidden" value="(\d+)"', one.get(f"/issues/{issue.id}").text
    )
    assert read_at is not None
    version = read_at.group(1)
    assert f'value="{version}"' in other.get(f"/issues/{issue.id}").text
    due = issues.suggested_due_on(3, clock.today())
    referred = one.post(
        f"/issues/{issue.id}/refer", data={**date_fields("due_on", due), "version": version}
    )
    assert referred.status_code == 302
    closed = other.post(
        f"/issues/{issue.id}/close", data={"reason": "Fixed on the day", "version": version}
    )
    assert closed.status_code == 302
    assert "Someone else has acted on this issue since you opened it" in page_text(
        other.get(closed.headers["Location"])
    )
    assert stored(db, issue).status is IssueStatus.REFERRED
    assert [email.subject for email in emails(db)] == [emails(db)[0].subject]  # the referral only


def test_a_form_read_before_a_referral_and_answer_cannot_close_the_issue_they_moved_on(
    app, db, scheme
):
    """The status came back to where it was (answered, referred again, answered again): the
    version still tells that the page was read before."""
    issue = factories.refer_issue(db, scheme["issue"], scheme["coordinator"])
    factories.answer_issue(db, stored(db, issue), scheme["force"])
    read_at = stored(db, issue).version
    with app.app_context():
        issues.refer_again(db, scheme["coordinator"], stored(db, issue), clock.today(), "More")
        factories.answer_issue(db, stored(db, issue), scheme["force"])
        assert stored(db, issue).status is IssueStatus.RESPONDED
        with pytest.raises(Invalid, match="since you opened it"):
            issues.close(db, scheme["coordinator"], stored(db, issue), None, version=read_at)
    assert stored(db, issue).version == read_at + 2


def test_the_issues_of_a_report_the_pair_have_not_agreed_are_not_referred(app, db, scheme):
    """Finding 13 of the security review: an issue of a report the partner sent back was
    referred, and the force read it and was e-mailed its text."""
    for status in (ReportStatus.SUBMITTED, ReportStatus.RETURNED):
        report = factories.create_report(
            db,
            scheme["lead"],
            partners=[scheme["partner"]],
            suite=scheme["suite"],
            status=status.value,
            issues=[{**CCTV, "description": f"Not agreed: {status.value}"}],
        )
        # Filing it escalated the level 3 issue to the coordinators only, not to the force.
        assert scheme["force"].email not in {email.recipient for email in emails(db)}
        following_from_here(db)
        issue = report.issues[0]
        office = signed_in(app, scheme["coordinator"])
        page = office.get(f"/issues/{issue.id}")
        assert "once the partner has confirmed the report" in page_text(page)
        assert f'action="/issues/{issue.id}/refer"' not in page.text
        due = issues.suggested_due_on(3, clock.today())
        response = office.post(
            f"/issues/{issue.id}/refer", data={**date_fields("due_on", due), "version": "1"}
        )
        assert "once the partner has confirmed it" in page_text(
            office.get(response.headers["Location"])
        )
        assert stored(db, issue).status is IssueStatus.OPEN
        force = signed_in(app, scheme["force"])
        assert force.get(f"/issues/force/{issue.id}").status_code == 404
        assert force.get(f"/api/v1/issues/{issue.id}").status_code == 404
    assert emails(db) == []


def test_reminders_go_once_a_day_to_the_force_with_a_copy_to_coordinators(app, db, scheme):
    friday = date(2017, 12, 22)
    issue = scheme["issue"]
    issue.visit.visit_date = date(2017, 12, 21)
    db.commit()
    factories.refer_issue(db, issue, scheme["coordinator"], due_on=date(2017, 12, 27), today=friday)
    before = len(emails(db))
    with app.app_context():
        assert issues.remind(db, date(2017, 12, 27)) == 0  # due today: not late yet
        assert issues.remind(db, date(2017, 12, 28)) == 1
        assert issues.remind(db, date(2017, 12, 28)) == 0  # once a day, however often it runs
    reminders = emails(db)[before:]
    assert sorted(e.recipient for e in reminders) == sorted(
        [scheme["force"].email, scheme["coordinator"].email]
    )
    to_force = next(e for e in reminders if e.recipient == scheme["force"].email)
    assert to_force.subject == "Overdue: 1 issue waiting for the force's answer"
    assert "due 27 December 2017 (1 working days late)" in to_force.body
    assert stored(db, issue).reminded_on == date(2017, 12, 28)
    with app.app_context():
        assert issues.remind(db, date(2018, 1, 2)) == 1  # the next working day after New Year
        moments = issues.timeline(db, stored(db, issue))
    assert [m.what for m in moments].count("Reminder sent: the answer is overdue") == 2


def test_icv_issues_remind_from_cron(app, db, runner, scheme):
    issue = scheme["issue"]
    issue.visit.visit_date = date(2017, 12, 21)
    db.commit()
    factories.refer_issue(db, issue, due_on=date(2017, 12, 27), today=date(2017, 12, 22))
    result = runner.invoke(args=["issues", "remind"])
    assert result.exit_code == 0, result.output
    assert "Reminded the force about 1 overdue issue" in result.output
    assert "ICV_MAIL_SERVER is not set" in result.output
    result = runner.invoke(args=["issues", "remind"])
    assert "No overdue issue needs a reminder today" in result.output


def test_e_mails_are_delivered_after_the_change_when_smtp_is_set(app, db, scheme, monkeypatch):
    with socket.socket() as probe:  # a port with nothing listening: delivery fails, visibly
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    office = signed_in(app, scheme["coordinator"])
    due = issues.suggested_due_on(3, clock.today())
    response = office.post(f"/issues/{scheme['issue'].id}/refer", data=date_fields("due_on", due))
    assert response.status_code == 302
    assert stored(db, scheme["issue"]).status is IssueStatus.REFERRED  # the change stands
    [email] = emails(db)
    assert email.sent_at is None and email.error  # tried after the commit, kept to try again


def test_the_force_inbox_puts_overdue_issues_first(app, db, scheme):
    suite, coordinator = scheme["suite"], scheme["coordinator"]
    late = factories.create_report(
        db,
        suite=suite,
        status="confirmed",
        visit_date=date(2017, 12, 20),
        issues=[{"area": "showers", "description": "Shower broken", "level": 1}],
    ).issues[0]
    factories.refer_issue(db, late, coordinator, due_on=date(2018, 1, 22), today=date(2017, 12, 21))
    factories.refer_issue(db, scheme["issue"], coordinator)
    text = page_text(signed_in(app, scheme["force"]).get("/issues/force"))
    assert text.index("Shower broken") < text.index("Camera in cell 2")
    assert "Overdue" in text


def test_the_coordinator_filters_issues_by_suite_level_status_and_age(app, db, scheme):
    coordinator = scheme["coordinator"]
    old = factories.create_report(
        db,
        suite=scheme["other_suite"],
        status="reviewed",
        visit_date=clock.today() - timedelta(days=60),
        issues=[
            {"area": "showers", "description": "Shower broken", "level": 1},
            {
                "area": "cells_and_bedding",
                "description": "Blanket torn",
                "level": 2,
                "resolved_on_spot": True,
            },
        ],
    )
    factories.refer_issue(
        db, old.issues[0], coordinator, due_on=date(2018, 1, 22), today=date(2017, 12, 21)
    )
    office = signed_in(app, coordinator)

    def listed(**query):
        text = page_text(office.get("/issues/", query_string=query))
        return {
            name for name in ("Camera in cell 2", "Shower broken", "Blanket torn") if name in text
        }

    assert listed() == {"Camera in cell 2", "Shower broken"}  # resolved on the spot: not listed
    assert listed(suite=str(scheme["suite"].id)) == {"Camera in cell 2"}
    assert listed(level="1") == {"Shower broken"}
    assert listed(status="overdue") == {"Shower broken"}
    assert listed(status="open") == {"Camera in cell 2"}
    assert listed(status="closed") == set()
    assert listed(age="week") == {"Camera in cell 2"}
    assert listed(age="quarter") == {"Shower broken"}
    assert listed(status="nonsense", level="9", age="x") == {"Camera in cell 2", "Shower broken"}


def test_the_dashboard_counts_outstanding_issues_and_median_days_to_answer(app, db, scheme):
    suite = scheme["suite"]
    referred = datetime(2017, 11, 6, 9, 0, tzinfo=UTC)

    def answered_after(days):
        return {
            "area": "cctv",
            "level": 2,
            "status": IssueStatus.RESPONDED,
            "referred_at": referred,
            "responded_at": referred + timedelta(days=days),
        }

    # 2017/18 Q3: answered after 1, 2, 3 and 10 days (median 2.5); Q2: after 4 days.
    factories.create_visit(
        db, suite, date(2017, 11, 1), issues=[answered_after(d) for d in (1, 2, 3, 10)]
    )
    factories.create_visit(db, suite, date(2017, 8, 1), issues=[answered_after(4)])
    factories.create_visit(
        db, suite, date(2017, 11, 1), status=ReportStatus.DRAFT, issues=[answered_after(100)]
    )
    overdue = factories.create_visit(
        db,
        scheme["other_suite"],
        date(2017, 12, 20),
        issues=[
            {
                "area": "showers",
                "level": 1,
                "status": IssueStatus.REFERRED,
                "referred_at": referred,
                "due_on": date(2018, 1, 22),
            }
        ],
    )
    assert overdue.issues
    with app.app_context():
        rows = issue_figures.outstanding_by_suite_and_level(db)
        medians = issue_figures.median_days_to_answer(db)
    assert {
        (r["suite"], r["level"]): (r["open"], r["referred"], r["overdue"], r["responded"])
        for r in rows
    } == {
        ("Keyham Lane", 3): (1, 0, 0, 0),  # the fixture's report
        ("Keyham Lane", 2): (0, 0, 0, 5),
        ("Euston Street", 1): (0, 1, 1, 0),
    }
    assert medians == [
        {"quarter": "2017/18 Q3", "median_days": 2.5, "answered": 4},
        {"quarter": "2017/18 Q2", "median_days": 4.0, "answered": 1},
    ]
    text = page_text(signed_in(app, scheme["coordinator"]).get("/issues/dashboard"))
    assert "2017/18 Q3 4 2.5" in text
    assert re.search(r"Euston Street 1 0 1 1 0", text)


def test_the_coordinator_is_told_when_nobody_at_the_force_was_e_mailed(app, db, scheme):
    lonely = factories.create_suite(db, "Rutland")
    report = factories.create_report(db, suite=lonely, status="confirmed", issues=[CCTV])
    following_from_here(db)
    office = signed_in(app, scheme["coordinator"])
    due = issues.suggested_due_on(3, clock.today())
    response = office.post(
        f"/issues/{report.issues[0].id}/refer",
        data=date_fields("due_on", due),
        follow_redirects=True,
    )
    assert "Nobody at the force answers for Rutland" in page_text(response)
    assert emails(db) == []


def test_answering_an_issue_already_answered_says_so_whatever_was_typed(app, db, scheme):
    issue = factories.refer_issue(db, scheme["issue"], scheme["coordinator"])
    factories.answer_issue(db, issue, scheme["force"], response="Repaired")
    custody = signed_in(app, scheme["force"])
    response = custody.post(f"/issues/force/{issue.id}/answer", data={}, follow_redirects=True)
    assert "This issue is answered by the force now" in page_text(response)
    assert stored(db, issue).force_response == "Repaired"


def test_an_amended_report_keeps_its_issues_that_went_to_the_force_even_when_closed(
    app, db, scheme
):
    issue = factories.refer_issue(db, scheme["issue"], scheme["coordinator"])
    factories.answer_issue(db, issue, scheme["force"], response="Repaired")
    with app.app_context():
        issues.close(db, scheme["coordinator"], stored(db, issue))
        visit = stored(db, issue).visit
        visit_reports.request_amendment(db, scheme["coordinator"], visit, "Check the times")
    edited = {"id": issue.id, "area": "showers", "description": "Changed", "level": 1}
    factories.save_draft(db, scheme["lead"], visit, issues=[edited])
    factories.save_draft(db, scheme["lead"], visit, issues=[])
    kept = stored(db, issue)
    assert (kept.area.value, kept.description, kept.status) == (
        "cctv",
        "Camera in cell 2 not recording",
        IssueStatus.CLOSED,
    )
