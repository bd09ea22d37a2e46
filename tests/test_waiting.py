"""Each person's home page says what waits for them, and the lists they work from put first
what they should act on first."""

import re
from datetime import date, timedelta

import pytest

from icv import clock
from icv.models import Role
from tests import factories
from tests.conftest import page_text

LONG_AGO = date(2017, 12, 20)


def issue(description, level=1, **changes):
    return {"area": "showers", "description": description, "level": level, **changes}


@pytest.fixture
def scheme(db):
    keyham = factories.create_suite(db, "Keyham Lane")
    euston = factories.create_suite(db, "Euston Street")
    return {
        "suite": keyham,
        "other_suite": euston,
        "coordinator": factories.create_person(db, Role.COORDINATOR, name="Sam Rivers"),
        "force": factories.create_person(db, Role.FORCE, name="Inspector Booth", suites=[keyham]),
    }


def overdue_referral(db, scheme, description, suite=None):
    found = factories.create_report(
        db,
        suite=suite or scheme["suite"],
        status="confirmed",
        visit_date=LONG_AGO,
        issues=[issue(description)],
    ).issues[0]
    return factories.refer_issue(
        db, found, scheme["coordinator"], due_on=date(2018, 1, 22), today=date(2017, 12, 21)
    )


def test_the_coordinators_home_counts_what_waits_for_them_as_its_lists_do(
    client, db, login_as, scheme
):
    suite = scheme["suite"]
    factories.create_report(db, suite=suite, status="confirmed", issues=[issue("Shower cold")])
    factories.create_report(db, suite=suite, status="confirmed")
    factories.create_report(db, suite=suite, status="draft", issues=[issue("Draft's issue")])
    reviewed = factories.create_report(
        db,
        suite=suite,
        status="reviewed",
        issues=[issue("Answer due soon", 2), issue("Sorted at once", resolved_on_spot=True)],
    )
    factories.refer_issue(db, reviewed.issues[0], scheme["coordinator"])
    overdue_referral(db, scheme, "Answer late")
    login_as(scheme["coordinator"])
    text = page_text(client.get("/"))
    # Three confirmed reports: two above, and the one whose issue is late.
    assert "Waiting for you 3 reports to review 1 issue to refer to the force" in text
    assert "Waiting for your review (3)" in text
    assert "1 overdue answer from the force" in text
    page = client.get("/").get_data(as_text=True)
    assert 'href="/review/?status=confirmed"' in page
    assert 'href="/issues/?status=open"' in page
    assert 'href="/issues/?status=overdue"' in page
    # The lists they link to hold as many.
    assert "1 issues" in page_text(client.get("/issues/?status=open"))
    assert "Shower cold" in page_text(client.get("/issues/?status=open"))
    assert "Answer late" in page_text(client.get("/issues/?status=overdue"))
    assert "Answer due soon" not in page_text(client.get("/issues/?status=overdue"))


def test_a_volunteers_home_counts_reports_to_confirm_sent_back_and_drafts(
    client, db, login_as, scheme
):
    me = factories.create_person(db, Role.VOLUNTEER, name="Priya Mistry")
    partner = factories.create_person(db, Role.VOLUNTEER, name="Alex Morgan")
    suite = scheme["suite"]
    factories.create_report(db, partner, partners=[me], suite=suite, status="submitted")
    returned = factories.create_report(db, me, partners=[partner], suite=suite, status="submitted")
    with db.info["app"].app_context():
        from icv.services import visit_reports

        visit_reports.return_to_lead(db, partner, returned, "Add the time we left")
        db.commit()
    amend = factories.create_report(db, me, partners=[partner], suite=suite, status="confirmed")
    factories.request_amendment(db, amend, "Say who you saw")
    factories.create_report(db, me, partners=[partner], suite=suite, status="draft")
    factories.create_report(db, me, partners=[partner], suite=suite, status="submitted")
    login_as(me)
    text = page_text(client.get("/"))
    assert (
        "Waiting for you 1 report to confirm 2 sent back to you to change 1 draft to finish" in text
    )


def test_a_volunteer_with_nothing_waiting_sees_noughts(client, db, login_as):
    login_as(Role.VOLUNTEER)
    text = page_text(client.get("/"))
    assert "0 reports to confirm 0 sent back to you to change 0 drafts to finish" in text


def test_the_force_home_lists_the_issues_waiting_for_their_answer(client, db, login_as, scheme):
    soon = factories.create_report(
        db, suite=scheme["suite"], status="confirmed", issues=[issue("Shower cold", 2)]
    ).issues[0]
    factories.refer_issue(db, soon, scheme["coordinator"])
    overdue_referral(db, scheme, "Cell bell broken")
    answered = overdue_referral(db, scheme, "Already answered")
    factories.answer_issue(db, answered, scheme["force"], action_taken_on=LONG_AGO)
    overdue_referral(db, scheme, "Another suite's issue", suite=scheme["other_suite"])
    factories.create_report(
        db, suite=scheme["suite"], status="confirmed", issues=[issue("Not referred yet")]
    )
    login_as(scheme["force"])
    response = client.get("/")
    text = page_text(response)
    assert "2 issues waiting for your answer" in text
    assert text.index("Cell bell broken") < text.index("Shower cold")  # overdue first
    assert "Overdue" in text
    for other in ("Already answered", "Another suite's issue", "Not referred yet"):
        assert other not in text
    assert f'href="/issues/force/{soon.id}"' in response.get_data(as_text=True)


def test_when_was_it_done_is_filled_in_with_today(client, db, login_as, scheme):
    found = factories.create_report(
        db, suite=scheme["suite"], status="confirmed", issues=[issue("Shower cold")]
    ).issues[0]
    factories.refer_issue(db, found, scheme["coordinator"])
    login_as(scheme["force"])
    page = client.get(f"/issues/force/{found.id}").get_data(as_text=True)
    today = clock.today()
    filled = re.findall(r'name="action_taken_on"[^>]*value="(\d+)"', page.replace("\n", ""))
    assert filled == [str(today.day), str(today.month), str(today.year)]


def test_the_coordinators_issue_list_puts_new_open_issues_first(client, db, login_as, scheme):
    suite = scheme["suite"]
    overdue_referral(db, scheme, "Late answer")
    referred = factories.create_report(
        db, suite=suite, status="confirmed", issues=[issue("With the force")]
    ).issues[0]
    factories.refer_issue(db, referred, scheme["coordinator"])
    factories.create_report(
        db,
        suite=suite,
        status="confirmed",
        visit_date=clock.today() - timedelta(days=20),
        issues=[issue("Older new issue")],
    )
    factories.create_report(
        db,
        suite=suite,
        status="confirmed",
        visit_date=clock.today() - timedelta(days=1),
        issues=[issue("Newest issue")],
    )
    login_as(scheme["coordinator"])
    text = page_text(client.get("/issues/"))
    order = ["Newest issue", "Older new issue", "Late answer", "With the force"]
    assert [text.index(description) for description in order] == sorted(
        text.index(description) for description in order
    )
