"""Nobody has to look to find a report waiting for them: the partner is e-mailed when a report
waits for their confirmation, the lead when it comes back to them, and a level 3 issue not
resolved on the spot is escalated to the coordinators at once, and to the suite's force users
once the pair agree the report. No e-mail holds a detainee's details or what was written."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from icv.models import Email, Issue, ReportStatus, Role
from tests import factories
from tests.conftest import page_text

YESTERDAY = date.today() - timedelta(days=1)
UNACCEPTABLE = {
    "area": "cells_and_bedding",
    "description": "Detainee LE/01234/17 left without a blanket in a cold cell",
    "raised_with": "Sergeant Cole",
    "level": 3,
}
SORTED_AT_ONCE = {
    "area": "cctv",
    "description": "Camera off",
    "level": 3,
    "resolved_on_spot": True,
}
URGENT = {"area": "showers", "description": "Shower cold", "level": 2}


@pytest.fixture
def scheme(db):
    keyham = factories.create_suite(db, "Keyham Lane")
    euston = factories.create_suite(db, "Euston Street")
    return {
        "suite": keyham,
        "lead": factories.create_person(db, Role.VOLUNTEER, name="Alex Morgan"),
        "partner": factories.create_person(db, Role.VOLUNTEER, name="Priya Mistry"),
        "coordinators": [
            factories.create_person(db, Role.COORDINATOR, name="Sam Rivers"),
            factories.create_person(db, Role.COORDINATOR, name="Jo Hale"),
        ],
        "gone": factories.create_person(db, Role.COORDINATOR, name="Left Last Year", active=False),
        "force": factories.create_person(db, Role.FORCE, name="Inspector Booth", suites=[keyham]),
        "other_force": factories.create_person(
            db, Role.FORCE, name="Inspector Reid", suites=[euston]
        ),
    }


def emails(db, since=0) -> list[Email]:
    db.expire_all()
    return db.scalars(select(Email).where(Email.id > since).order_by(Email.id)).all()


def last_id(db) -> int:
    return max((email.id for email in emails(db)), default=0)


def to(found, person) -> list[Email]:
    return [email for email in found if email.recipient == person.email]


def escalations(found) -> list[Email]:
    return [email for email in found if email.subject.startswith("Unacceptable")]


def draft_with(db, scheme, issues, partners=None, custody_number="LE/01234/17"):
    partners = [scheme["partner"]] if partners is None else partners
    visit = factories.create_report(
        db, scheme["lead"], partners=partners, suite=scheme["suite"], issues=issues
    )
    factories.save_draft(
        db,
        scheme["lead"],
        visit,
        detainees=[{"outcome": "accepted", "custody_number": custody_number}],
    )
    return visit


def test_a_level_3_issue_is_escalated_on_submission_and_only_once(client, db, login_as, scheme):
    visit = draft_with(db, scheme, [UNACCEPTABLE, SORTED_AT_ONCE, URGENT])
    coordinators, force = scheme["coordinators"], scheme["force"]

    # The lead submits: the coordinators hear of the one level 3 issue not resolved on the spot
    # at once; the force not yet, as the partner has not agreed the report.
    login_as(scheme["lead"])
    assert client.post(f"/visits/{visit.id}/check").status_code == 302
    sent = emails(db)
    escalated = escalations(sent)
    assert sorted(email.recipient for email in escalated) == sorted(p.email for p in coordinators)
    issue = db.scalars(
        select(Issue).where(Issue.visit_id == visit.id, Issue.area == "cells_and_bedding")
    ).one()
    first = escalated[0]
    assert first.subject.startswith("Unacceptable: 1 level 3 issue on the visit to Keyham Lane,")
    assert "Cells and bedding, level 3 – unacceptable" in first.body
    assert "CCTV" not in first.body and "Showers" not in first.body
    assert f"http://icv.test/issues/{issue.id}" in first.body
    assert f"http://icv.test/review/{visit.id}" in first.body
    assert (
        not to(sent, force) and not to(sent, scheme["other_force"]) and not to(sent, scheme["gone"])
    )

    # The partner sends it back; the lead resubmits: nobody hears of the issue again.
    client.post("/sign-out")
    login_as(scheme["partner"])
    client.post(f"/visits/{visit.id}/return", data={"note": "Add the time we left"})
    client.post("/sign-out")
    login_as(scheme["lead"])
    mark = last_id(db)
    assert client.post(f"/visits/{visit.id}/check").status_code == 302
    assert escalations(emails(db, mark)) == []

    # The partner confirms: now the pair agree it, the suite's force users hear, once.
    client.post("/sign-out")
    login_as(scheme["partner"])
    mark = last_id(db)
    client.post(f"/visits/{visit.id}/confirm")
    [to_force] = escalations(emails(db, mark))
    assert to_force.recipient == force.email
    assert "Cells and bedding, level 3 – unacceptable" in to_force.body
    assert f"http://icv.test/force/reports/{visit.id}" in to_force.body
    assert "/issues/" not in to_force.body  # not referred: the force cannot open the issue yet

    # An amendment, resubmitted and confirmed again: still nobody hears of it again.
    factories.request_amendment(db, db.get(type(visit), visit.id), "Say who you saw")
    client.post("/sign-out")
    login_as(scheme["lead"])
    mark = last_id(db)
    assert client.post(f"/visits/{visit.id}/check").status_code == 302
    client.post("/sign-out")
    login_as(scheme["partner"])
    client.post(f"/visits/{visit.id}/confirm")
    db.expire_all()
    assert db.get(type(visit), visit.id).status is ReportStatus.CONFIRMED
    assert escalations(emails(db, mark)) == []

    # The issue's history says when each side was told, once.
    client.post("/sign-out")
    login_as(coordinators[0])
    history = page_text(client.get(f"/issues/{issue.id}"))
    assert history.count("Level 3: e-mailed to the coordinators at once") == 1
    assert history.count("Level 3: e-mailed to the force once the pair agreed") == 1


def test_a_visitor_alone_escalates_to_the_coordinators_and_the_force_at_submission(
    client, db, login_as, scheme
):
    visit = draft_with(db, scheme, [UNACCEPTABLE], partners=[])
    login_as(scheme["lead"])
    client.post(f"/visits/{visit.id}/check")
    db.expire_all()
    assert db.get(type(visit), visit.id).status is ReportStatus.CONFIRMED
    recipients = sorted(email.recipient for email in escalations(emails(db)))
    expected = [*scheme["coordinators"], scheme["force"]]
    assert recipients == sorted(person.email for person in expected)


def test_an_issue_made_level_3_in_an_amendment_is_escalated_when_resubmitted(
    client, db, login_as, scheme
):
    visit = draft_with(db, scheme, [URGENT])
    login_as(scheme["lead"])
    client.post(f"/visits/{visit.id}/check")
    assert escalations(emails(db)) == []
    client.post("/sign-out")
    login_as(scheme["coordinators"][0])
    client.post(f"/review/{visit.id}/amendment", data={"reason": "It was worse than that"})
    client.post("/sign-out")
    login_as(scheme["lead"])
    issue_id = str(visit.issues[0].id)
    client.post(
        f"/visits/{visit.id}/issues",
        data={
            "issues-0-id": issue_id,
            "issues-0-area": "showers",
            "issues-0-description": "No hot water for a week",
            "issues-0-level": "3",
        },
    )
    mark = last_id(db)
    client.post(f"/visits/{visit.id}/check")
    assert sorted(email.recipient for email in escalations(emails(db, mark))) == sorted(
        person.email for person in scheme["coordinators"]
    )


def test_the_partner_is_told_a_report_waits_for_them(client, db, login_as, scheme):
    visit = draft_with(db, scheme, [])
    login_as(scheme["lead"])
    client.post(f"/visits/{visit.id}/check")
    [email] = to(emails(db), scheme["partner"])
    assert email.subject.startswith("Visit report to confirm: Keyham Lane, ")
    assert "Alex Morgan has submitted the report of your visit to Keyham Lane" in email.body
    assert f"http://icv.test/visits/{visit.id}" in email.body
    assert to(emails(db), scheme["lead"]) == []


def test_the_lead_is_told_when_the_partner_sends_the_report_back(client, db, login_as, scheme):
    visit = draft_with(db, scheme, [])
    login_as(scheme["lead"])
    client.post(f"/visits/{visit.id}/check")
    client.post("/sign-out")
    login_as(scheme["partner"])
    mark = last_id(db)
    client.post(f"/visits/{visit.id}/return", data={"note": "Custody number LE/01234/17 is wrong"})
    [email] = emails(db, mark)
    assert email.recipient == scheme["lead"].email
    assert email.subject.startswith("Visit report sent back: Keyham Lane, ")
    assert "Priya Mistry has sent back the report" in email.body
    assert f"http://icv.test/visits/{visit.id}/check" in email.body
    assert "LE/01234/17" not in email.body  # the note stays on the page, behind sign-in


def test_the_lead_is_told_when_the_coordinator_asks_for_an_amendment(client, db, login_as, scheme):
    visit = draft_with(db, scheme, [])
    login_as(scheme["lead"])
    client.post(f"/visits/{visit.id}/check")
    client.post("/sign-out")
    login_as(scheme["coordinators"][0])
    mark = last_id(db)
    client.post(f"/review/{visit.id}/amendment", data={"reason": "Add the custody numbers"})
    [email] = emails(db, mark)
    assert email.recipient == scheme["lead"].email
    assert email.subject.startswith("Amendment asked for: Keyham Lane, ")
    assert "Sam Rivers, the custody visiting scheme coordinator, has asked you" in email.body
    assert f"http://icv.test/visits/{visit.id}/check" in email.body
    assert "custody numbers" not in email.body


def test_no_email_about_a_report_holds_a_custody_number_or_what_was_written(
    client, db, login_as, scheme
):
    visit = draft_with(db, scheme, [UNACCEPTABLE], custody_number="LE/09876/26")
    login_as(scheme["lead"])
    client.post(f"/visits/{visit.id}/check")
    client.post("/sign-out")
    login_as(scheme["partner"])
    client.post(f"/visits/{visit.id}/confirm")
    sent = emails(db)
    assert len(sent) == 4  # the partner, two coordinators, the force user
    for email in sent:
        assert "LE/" not in email.subject + email.body
        assert "blanket" not in email.body and "Sergeant Cole" not in email.body


def test_a_report_sent_again_from_the_phone_after_it_came_back_escalates_nothing_new(
    client, db, login_as, scheme
):
    """The phone's outbox sends the whole report again, with no issue ids: each issue it
    repeats keeps its id, history and escalation (stranger review of issue 11)."""
    import uuid

    from tests.test_api import whole_report

    visit_id = uuid.uuid4()
    unacceptable = {"area": "cctv", "description": "Camera off in cell 4", "level": 3}
    body = whole_report(scheme["suite"], scheme["partner"], issues=[unacceptable])
    login_as(scheme["lead"])
    assert client.post(f"/api/v1/visits/{visit_id}/submit", json=body).status_code == 200
    [issue] = db.scalars(select(Issue).where(Issue.visit_id == visit_id)).all()
    assert len(escalations(emails(db))) == len(scheme["coordinators"])

    client.post("/sign-out")
    login_as(scheme["partner"])
    client.post(f"/visits/{visit_id}/return", data={"note": "Add the time we left"})
    client.post("/sign-out")
    login_as(scheme["lead"])
    mark = last_id(db)
    again = {**body, "observations": "Left at 15:10."}
    version = client.get(f"/api/v1/visits/{visit_id}").headers["ETag"]
    sent = client.post(
        f"/api/v1/visits/{visit_id}/submit", json=again, headers={"If-Match": version}
    )
    assert sent.status_code == 200
    assert escalations(emails(db, mark)) == []
    db.expire_all()
    [still] = db.scalars(select(Issue).where(Issue.visit_id == visit_id)).all()
    assert still.id == issue.id
    client.post("/sign-out")
    login_as(scheme["coordinators"][0])
    assert client.get(f"/issues/{issue.id}").status_code == 200
