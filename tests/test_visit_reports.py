"""A pair files a visit report on a phone; the partner confirms; the coordinator reviews."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from icv.models import (
    DetaineeOutcome,
    IssueStatus,
    ReportStatus,
    ReportVersion,
    Role,
    SuiteCheck,
    Visit,
)
from icv.services import suites
from tests import factories
from tests.conftest import page_text

YESTERDAY = date.today() - timedelta(days=1)

EIGHT_DETAINEES = [
    {"outcome": "accepted", "age_group": "adult", "sex": "male", "welfare_notes": "Had food"},
    {
        "outcome": "accepted",
        "age_group": "juvenile",
        "sex": "female",
        "needs_appropriate_adult": "y",
    },
    {"outcome": "declined", "age_group": "adult", "sex": "male"},
    {"outcome": "not_available", "not_available_reason": "asleep"},
    {"outcome": "not_available", "not_available_reason": "in_interview"},
    {
        "outcome": "not_available",
        "not_available_reason": "other",
        "not_available_detail": "Being fingerprinted",
    },
    {"outcome": "not_offered", "not_offered_reason": "staff_advised_risk"},
    {
        "outcome": "not_offered",
        "not_offered_reason": "language_or_capacity",
        "needs_interpreter": "y",
        "custody_number": "LE/01234/17",
    },
]


def rows(prefix, entries):
    """Form data for a list of rows, as the page's fields name them: detainees-0-outcome, …"""
    data = {}
    for index, entry in enumerate(entries):
        for key, value in entry.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def visit_form(suite, visitor, day=YESTERDAY, **changes):
    return {
        "suite_id": str(suite.id),
        "visit_date": [str(day.day), str(day.month), str(day.year)],
        "visit_type": "in_person",
        "partner": str(visitor.id) if visitor else "",
        "second_partner": "",
        "outcome": "completed",
        **changes,
    }


@pytest.fixture
def pair(db):
    lead = factories.create_person(db, Role.VOLUNTEER, name="Alex Morgan")
    partner = factories.create_person(db, Role.VOLUNTEER, name="Priya Mistry")
    suite = factories.create_suite(db, "Keyham Lane")
    return lead, partner, suite


def start(client):
    response = client.post("/visits/new")
    assert response.status_code == 302
    return response.headers["Location"].rsplit("/", 1)[0]  # /visits/<id>


def stored(db, report_url) -> Visit:
    db.expire_all()
    return db.get(Visit, __import__("uuid").UUID(report_url.rsplit("/", 1)[1]))


def test_the_standard_report_from_start_to_review(app, client, db, login_as, pair):
    lead, partner, suite = pair
    login_as(lead)
    report = start(client)
    steps = [
        ("visit", visit_form(suite, partner), "access"),
        ("access", {"arrived_at": "14:05", "admitted_at": "14:07"}, "detainees"),
        ("detainees", rows("detainees", EIGHT_DETAINEES), "checklist"),
        (
            "checklist",
            {
                "cells_and_bedding-state": "concern",
                "cells_and_bedding-note": "Cell 4 blanket torn",
                "cells_and_bedding-raise_issue": "y",
                "cctv-state": "concern",
                "cctv-note": "Camera in cell 2 not working",
                "cctv-raise_issue": "y",
                "showers-state": "satisfactory",
                "medical_room-state": "not_checked",
            },
            "issues",
        ),
    ]
    for step, data, next_step in steps:
        response = client.post(f"{report}/{step}", data=data)
        assert response.status_code == 302, page_text(response)[:800]
        assert next_step in response.headers["Location"], step
    # The concerns arrive on the issues step ready to complete.
    issues_page = client.get(response.headers["Location"])
    text = page_text(issues_page)
    assert "Cell 4 blanket torn" in text and "Camera in cell 2 not working" in text
    issues = [
        {
            "area": "cells_and_bedding",
            "description": "Cell 4 blanket torn",
            "level": "1",
            "raised_with": "Sergeant A Patel",
            "resolved_on_spot": "y",
        },
        {
            "area": "cctv",
            "description": "Camera in cell 2 not working",
            "level": "2",
            "raised_with": "Inspector J Smith",
            "response_at_time": "Engineer booked",
        },
    ]
    response = client.post(f"{report}/issues", data=rows("issues", issues))
    assert response.headers["Location"].endswith("/observations")
    response = client.post(f"{report}/observations", data={"observations": "Busy suite."})
    assert response.headers["Location"].endswith("/check")
    check = page_text(client.get(f"{report}/check"))
    assert "Detainees (8)" in check and "Issues (2)" in check
    assert "Priya Mistry will be asked to confirm it" in check
    response = client.post(f"{report}/check")
    assert response.headers["Location"].endswith("/submitted")
    visit = stored(db, report)
    assert visit.status is ReportStatus.SUBMITTED
    assert [d.outcome for d in visit.detainees].count(DetaineeOutcome.NOT_AVAILABLE) == 3
    assert visit.wait_minutes == 2
    assert [i.status for i in visit.issues] == [IssueStatus.CLOSED, IssueStatus.OPEN]
    assert len(visit.versions) == 1 and len(visit.versions[0].body["detainees"]) == 8

    client.post("/sign-out")
    login_as(partner)
    home = page_text(client.get("/"))
    assert "Waiting for you to confirm" in home
    assert "Alex Morgan filed this report with you" in page_text(client.get(report))
    response = client.post(f"{report}/confirm")
    assert response.status_code == 302
    assert stored(db, report).status is ReportStatus.CONFIRMED

    client.post("/sign-out")
    login_as(Role.COORDINATOR)
    review = report.replace("/visits/", "/review/")
    assert "Waiting for your review (1)" in page_text(client.get("/"))
    assert "Camera in cell 2 not working" in page_text(client.get(review))
    client.post(f"{review}/reviewed")
    assert stored(db, report).status is ReportStatus.REVIEWED


def test_the_wait_is_worked_out_and_a_long_wait_needs_a_reason_and_authority(
    client, db, login_as, pair
):
    lead, partner, suite = pair
    login_as(lead)
    report = start(client)
    client.post(f"{report}/visit", data=visit_form(suite, partner))
    response = client.post(f"{report}/access", data={"arrived_at": "14:00", "admitted_at": "14:12"})
    text = page_text(response)
    assert "Select the reason for the 12 minute wait" in text
    assert "Enter the rank and name of who authorised the delay" in text
    assert "You waited 12 minutes" in text
    assert stored(db, report).arrived_at is None
    response = client.post(
        f"{report}/access",
        data={
            "arrived_at": "14:00",
            "admitted_at": "14:12",
            "delay_reason": "Fire alarm",
            "delay_authorised_by": "Inspector J Smith",
        },
    )
    assert response.status_code == 302
    assert stored(db, report).wait_minutes == 12


def test_admitted_before_arrived_is_refused(client, db, login_as, pair):
    lead, partner, suite = pair
    login_as(lead)
    report = start(client)
    client.post(f"{report}/visit", data=visit_form(suite, partner))
    response = client.post(f"{report}/access", data={"arrived_at": "14:10", "admitted_at": "14:05"})
    assert "must be the same as or after the time you arrived" in page_text(response)
    assert 'href="#admitted_at"' in response.get_data(as_text=True)
    assert stored(db, report).admitted_at is None


def test_a_time_that_is_not_a_time_is_refused(client, db, login_as, pair):
    lead, partner, suite = pair
    login_as(lead)
    report = start(client)
    client.post(f"{report}/visit", data=visit_form(suite, partner))
    response = client.post(
        f"{report}/access", data={"arrived_at": "teatime", "admitted_at": "25:00"}
    )
    assert page_text(response).count("Enter a time like 14:05") == 4  # summary and fields


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {
                "visit_date": [
                    str((date.today() + timedelta(days=1)).day),
                    str((date.today() + timedelta(days=1)).month),
                    str((date.today() + timedelta(days=1)).year),
                ]
            },
            "The date of the visit must be today or in the past",
        ),
        ({"partner": ""}, "an in-person visit is made by two or more visitors"),
        ({"outcome": "abandoned"}, "Enter why the visit was abandoned"),
        ({"visit_date": ["30", "2", "2017"]}, "Enter a real date"),
        ({"suite_id": ""}, "Select the suite you visited"),
    ],
)
def test_the_visit_step_refuses_what_cannot_be(client, db, login_as, pair, changes, message):
    lead, partner, suite = pair
    login_as(lead)
    report = start(client)
    response = client.post(f"{report}/visit", data=visit_form(suite, partner, **changes))
    assert message in page_text(response)
    assert "There is a problem" in page_text(response)
    assert stored(db, report).suite_id is None


def test_the_lead_cannot_be_their_own_partner(client, db, login_as, pair):
    lead, _, suite = pair
    login_as(lead)
    report = start(client)
    response = client.post(f"{report}/visit", data=visit_form(suite, lead))
    assert "You cannot be your own partner" in page_text(response)
    assert stored(db, report).suite_id is None


def test_a_visit_on_a_day_the_suite_was_closed_is_refused(app, client, db, login_as, pair):
    lead, partner, suite = pair
    with app.app_context():
        suites.add_closure(
            db,
            None,
            suite,
            starts_on=YESTERDAY - timedelta(days=3),
            ends_on=YESTERDAY,
            reason="Refurbishment",
        )
    login_as(lead)
    report = start(client)
    response = client.post(f"{report}/visit", data=visit_form(suite, partner))
    assert "Keyham Lane was closed on" in page_text(response)
    assert "(Refurbishment)" in page_text(response)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"outcome": "not_available"}, "Select why detainee 1 was not available"),
        ({"outcome": "not_offered"}, "Select why detainee 1 was not offered a visit"),
        ({"age_group": "adult"}, "Select what happened with detainee 1"),
        (
            {"outcome": "not_available", "not_available_reason": "other"},
            "Describe the reason for detainee 1",
        ),
        ({"outcome": "accepted", "custody_number": "<script>"}, "Custody number must be"),
        (
            {"outcome": "accepted", "welfare_notes": "x" * 2001},
            "Welfare notes must be 2,000 characters or fewer",
        ),
    ],
)
def test_each_detainee_needs_what_its_outcome_needs(client, db, login_as, pair, row, message):
    lead, partner, suite = pair
    login_as(lead)
    report = start(client)
    client.post(f"{report}/visit", data=visit_form(suite, partner))
    response = client.post(
        f"{report}/detainees", data=rows("detainees", [{"outcome": "accepted"}, row])
    )
    text = page_text(response)
    assert message.replace("detainee 1", "detainee 2") in text
    assert stored(db, report).detainees == []


def test_a_checklist_concern_needs_a_description(client, db, login_as, pair):
    lead, _partner, _suite = pair
    login_as(lead)
    report = start(client)
    response = client.post(f"{report}/checklist", data={"cctv-state": "concern"})
    assert "Describe the concern about cctv" in page_text(response)
    assert db.scalars(select(SuiteCheck)).all() == []


def test_an_issue_needs_an_area_a_description_and_a_level(client, db, login_as, pair):
    lead, _partner, _suite = pair
    login_as(lead)
    report = start(client)
    response = client.post(f"{report}/issues", data=rows("issues", [{"raised_with": "Sgt Patel"}]))
    text = page_text(response)
    for message in (
        "Select the area of issue 1",
        "Describe issue 1",
        "Select the level of issue 1",
    ):
        assert message in text
    assert stored(db, report).issues == []


def test_an_unfinished_report_cannot_be_submitted(client, db, login_as, pair):
    lead, _partner, _suite = pair
    login_as(lead)
    report = start(client)
    response = client.post(f"{report}/check")
    text = page_text(response)
    assert "The report cannot be submitted yet" in text
    assert "Enter the suite and the date of the visit" in text
    assert re.search(
        r'href="/visits/[^"]+/visit\?from=check#suite_id"', response.get_data(as_text=True)
    )
    assert stored(db, report).status is ReportStatus.DRAFT


def test_a_closure_recorded_after_the_draft_stops_submission(app, client, db, login_as, pair):
    lead, partner, suite = pair
    login_as(lead)
    report = start(client)
    client.post(f"{report}/visit", data=visit_form(suite, partner))
    client.post(f"{report}/access", data={"arrived_at": "14:00", "admitted_at": "14:01"})
    with app.app_context():
        suites.add_closure(db, None, suite, starts_on=YESTERDAY, ends_on=YESTERDAY, reason="Flood")
    response = client.post(f"{report}/check")
    assert "Keyham Lane was closed on that date (Flood)" in page_text(response)
    assert stored(db, report).status is ReportStatus.DRAFT


def test_adding_and_removing_detainees_without_javascript(client, db, login_as, pair):
    lead, _partner, _suite = pair
    login_as(lead)
    report = start(client)
    data = rows("detainees", [{"outcome": "accepted"}]) | {"add": "Add another detainee"}
    response = client.post(f"{report}/detainees", data=data)
    assert response.headers["Location"].endswith("/detainees?add=1#add")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'name="detainees-1-outcome"' in page
    data = rows("detainees", [{"outcome": "accepted"}, {"outcome": "declined"}]) | {
        "remove_row": "0"
    }
    client.post(f"{report}/detainees", data=data)
    assert [d.outcome for d in stored(db, report).detainees] == [DetaineeOutcome.DECLINED]


def test_the_partner_sends_the_report_back_and_the_lead_resubmits(client, db, login_as, pair):
    lead, partner, suite = pair
    visit = factories.create_report(db, lead, partners=[partner], suite=suite, status="submitted")
    login_as(partner)
    response = client.post(f"/visits/{visit.id}/return", data={"note": ""})
    assert "Enter what the lead visitor should change" in page_text(response)
    client.post(f"/visits/{visit.id}/return", data={"note": "We saw 3 detainees, not 2"})
    db.refresh(visit)
    assert visit.status is ReportStatus.RETURNED
    client.post("/sign-out")
    login_as(lead)
    assert "We saw 3 detainees, not 2" in page_text(client.get("/"))
    client.post(
        f"/visits/{visit.id}/detainees", data=rows("detainees", [{"outcome": "accepted"}] * 3)
    )
    client.post(f"/visits/{visit.id}/check")
    db.refresh(visit)
    assert visit.status is ReportStatus.SUBMITTED
    assert [v.number for v in visit.versions] == [1, 2]
    assert visit.versions[1].reason == "We saw 3 detainees, not 2"


def test_the_coordinator_asks_for_an_amendment_and_every_version_is_kept(
    client, db, login_as, pair
):
    lead, partner, suite = pair
    visit = factories.create_report(db, lead, partners=[partner], suite=suite, status="confirmed")
    login_as(Role.COORDINATOR)
    response = client.post(f"/review/{visit.id}/amendment", data={"reason": ""})
    assert "Enter what the lead visitor should amend" in page_text(response)
    client.post(f"/review/{visit.id}/amendment", data={"reason": "Add the custody numbers"})
    db.refresh(visit)
    assert visit.status is ReportStatus.AMENDMENT_REQUESTED
    client.post("/sign-out")
    login_as(lead)
    assert client.get(f"/visits/{visit.id}/detainees").status_code == 200
    client.post(f"/visits/{visit.id}/observations", data={"observations": "Amended"})
    client.post(f"/visits/{visit.id}/check")
    client.post("/sign-out")
    login_as(Role.COORDINATOR)
    text = page_text(client.get(f"/review/{visit.id}"))
    assert "Version 1" in text and "Version 2" in text and "Add the custody numbers" in text
    assert (
        len(db.scalars(select(ReportVersion).where(ReportVersion.visit_id == visit.id)).all()) == 2
    )


def test_a_volunteer_cannot_open_change_or_confirm_a_report_they_are_not_on(
    client, db, login_as, pair
):
    lead, partner, suite = pair
    submitted = factories.create_report(
        db, lead, partners=[partner], suite=suite, status="submitted"
    )
    draft = factories.create_report(db, lead, partners=[partner], suite=suite)
    login_as(Role.VOLUNTEER)
    for visit in (submitted, draft):
        for path in ("", "/visit", "/detainees", "/check", "/submitted"):
            assert client.get(f"/visits/{visit.id}{path}").status_code == 404, path
        for path in ("/confirm", "/return", "/detainees", "/check"):
            assert client.post(f"/visits/{visit.id}{path}", data={"note": "x"}).status_code == 404
    db.refresh(submitted)
    assert submitted.status is ReportStatus.SUBMITTED


def test_the_partner_cannot_change_the_report_and_the_lead_cannot_confirm_it(
    client, db, login_as, pair
):
    lead, partner, suite = pair
    visit = factories.create_report(db, lead, partners=[partner], suite=suite, status="submitted")
    login_as(partner)
    assert client.get(f"/visits/{visit.id}/detainees").status_code == 404
    client.post("/sign-out")
    login_as(lead)
    assert client.post(f"/visits/{visit.id}/confirm").status_code == 404
    back = client.get(f"/visits/{visit.id}/detainees")  # submitted: not editable
    assert back.headers["Location"] == f"/visits/{visit.id}/submitted"  # Back shows it submitted
    db.refresh(visit)
    assert visit.status is ReportStatus.SUBMITTED


def test_a_force_user_sees_only_their_suites_reports_without_contact_details(
    client, db, login_as, pair
):
    lead, partner, suite = pair
    other_suite = factories.create_suite(db, "Euston Street")
    theirs = factories.create_report(db, lead, partners=[partner], suite=suite, status="confirmed")
    other = factories.create_report(
        db, lead, partners=[partner], suite=other_suite, status="confirmed"
    )
    draft = factories.create_report(db, lead, partners=[partner], suite=suite)
    unconfirmed = factories.create_report(
        db, lead, partners=[partner], suite=suite, status="submitted"
    )
    login_as(Role.FORCE, suites=[suite])
    assert client.get(f"/force/reports/{unconfirmed.id}").status_code == 404
    page = client.get(f"/force/reports/{theirs.id}")
    assert page.status_code == 200
    assert lead.email not in page.get_data(as_text=True)
    assert client.get(f"/force/reports/{other.id}").status_code == 404
    assert client.get(f"/force/reports/{draft.id}").status_code == 404
    listing = page_text(client.get("/force/reports"))
    assert "Keyham Lane" in listing and "Euston Street" not in listing


def test_the_coordinator_never_sees_drafts(client, db, login_as, pair):
    lead, partner, suite = pair
    draft = factories.create_report(db, lead, partners=[partner], suite=suite)
    login_as(Role.COORDINATOR)
    assert client.get(f"/review/{draft.id}").status_code == 404
    assert "No reports" in page_text(client.get("/review/"))


def test_the_review_list_filters_by_suite_status_and_dates(client, db, login_as, pair):
    lead, partner, suite = pair
    euston = factories.create_suite(db, "Euston Street")
    factories.create_report(
        db, lead, partners=[partner], suite=suite, status="confirmed", visit_date=date(2016, 5, 4)
    )
    factories.create_report(
        db, lead, partners=[partner], suite=euston, status="reviewed", visit_date=date(2017, 2, 1)
    )
    login_as(Role.COORDINATOR)
    assert "2 reports" in page_text(client.get("/review/"))
    by_suite = page_text(client.get(f"/review/?suite={euston.id}"))
    assert "1 report " in by_suite and "Euston Street, 1 February 2017" in by_suite
    by_status = page_text(client.get("/review/?status=confirmed"))
    assert "Keyham Lane, 4 May 2016" in by_status and "Euston Street, 1" not in by_status
    by_dates = page_text(
        client.get(
            "/review/?start=1&start=4&start=2016&end=31&end=3&end=2017&suite=" + str(suite.id)
        )
    )
    assert "Keyham Lane, 4 May 2016" in by_dates


def test_the_review_list_filters_by_financial_year_and_quarter(client, db, login_as, pair):
    lead, partner, suite = pair
    for day in (date(2016, 3, 31), date(2016, 4, 1), date(2016, 12, 31), date(2017, 3, 31)):
        factories.create_report(
            db, lead, partners=[partner], suite=suite, status="confirmed", visit_date=day
        )
    login_as(Role.COORDINATOR)
    assert "3 reports" in page_text(client.get("/review/?period=2016/17"))
    quarter = page_text(client.get("/review/?period=2016/17+Q3"))
    assert "1 report " in quarter and "31 December 2016" in quarter
    wrong = page_text(client.get("/review/?period=last+year"))
    assert "Enter a period like 2016/17" in wrong


def test_submit_pressed_twice_or_back_after_submitting_shows_the_report_was_submitted(
    client, db, login_as, pair
):
    lead, partner, suite = pair
    visit = factories.create_report(db, lead, partners=[partner], suite=suite)
    login_as(lead)
    first = client.post(f"/visits/{visit.id}/check")
    again = client.post(f"/visits/{visit.id}/check")
    back = client.get(f"/visits/{visit.id}/check")
    for response in (first, back):
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/visits/{visit.id}/submitted")
    assert again.status_code == 409
    assert "It was submitted a moment ago" in page_text(again)
    assert [v.number for v in stored(db, f"/visits/{visit.id}").versions] == [1]


def test_a_message_names_the_detainee_as_the_page_numbers_them(client, db, login_as, pair):
    lead, _partner, _suite = pair
    login_as(lead)
    report = start(client)
    data = rows(
        "detainees",
        [{"outcome": "accepted"}, {"custody_number": ""}, {"outcome": "not_available"}],
    )
    text = page_text(client.post(f"{report}/detainees", data=data))
    assert "Select why detainee 3 was not available" in text  # the second row was left empty
    data = rows("detainees", [{"outcome": "accepted"}, {}, {"outcome": "declined"}])
    assert client.post(f"{report}/detainees", data=data).status_code == 302
    assert [d.outcome for d in stored(db, report).detainees] == [
        DetaineeOutcome.ACCEPTED,
        DetaineeOutcome.DECLINED,
    ]


def test_an_issue_id_sent_twice_keeps_both_issues(client, db, login_as, pair):
    lead, partner, suite = pair
    visit = factories.create_report(
        db,
        lead,
        partners=[partner],
        suite=suite,
        issues=[{"area": "cctv", "description": "Off", "level": 1}],
    )
    login_as(lead)
    same = str(visit.issues[0].id)
    data = rows(
        "issues",
        [
            {"id": same, "area": "cctv", "description": "Camera off", "level": "1"},
            {"id": same, "area": "showers", "description": "Shower cold", "level": "2"},
        ],
    )
    assert client.post(f"/visits/{visit.id}/issues", data=data).status_code == 302
    db.refresh(visit)
    assert [i.description for i in visit.issues] == ["Camera off", "Shower cold"]


def test_a_step_saved_from_a_page_read_before_another_save_is_refused_and_given_back(
    client, db, login_as, pair
):
    """Two tabs on the detainees step: the first saves 8 detainees, the second (read at the
    same version) tries 1; the second is refused with the conflict page, and nothing of the
    first is lost."""
    lead, _partner, _suite = pair
    login_as(lead)
    report = start(client)
    page = client.get(f"{report}/detainees").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page)[1]
    first = client.post(
        f"{report}/detainees", data={**rows("detainees", EIGHT_DETAINEES), "version": version}
    )
    assert first.status_code == 302
    second = client.post(
        f"{report}/detainees",
        data={
            **rows("detainees", [{"outcome": "declined", "welfare_notes": "Asked for a blanket"}]),
            "version": version,
        },
    )
    assert second.status_code == 409
    text = page_text(second)
    assert "What you entered on Detainees was not saved" in text
    assert "Detainee 1: What happened? Declined: offered a visit and refused" in text
    assert "Asked for a blanket" in text
    assert len(stored(db, report).detainees) == 8


def test_the_conflict_page_names_the_suite_and_partner_chosen(client, db, login_as, pair):
    lead, partner, suite = pair
    login_as(lead)
    report = start(client)
    page = client.get(f"{report}/visit").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page)[1]
    client.post(f"{report}/visit", data={**visit_form(suite, partner), "version": version})
    second = client.post(f"{report}/visit", data={**visit_form(suite, partner), "version": version})
    assert second.status_code == 409
    text = page_text(second)
    assert "Keyham Lane" in text and "Priya Mistry" in text
    assert f"Suite {suite.id}" not in text


def test_a_step_posted_after_the_report_was_submitted_elsewhere_is_given_back(
    client, db, login_as, pair
):
    """Observations open in one tab, the report submitted from another: the save is not a
    "Page not found" that loses what was typed, but says so and gives it back."""
    lead, partner, suite = pair
    visit = factories.create_report(db, lead, partners=[partner], suite=suite)
    login_as(lead)
    page = client.get(f"/visits/{visit.id}/observations").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page)[1]
    checked = client.get(f"/visits/{visit.id}/check").get_data(as_text=True)
    submitted = client.post(
        f"/visits/{visit.id}/check",
        data={"version": re.search(r'name="version" value="(\d+)"', checked)[1]},
    )
    assert submitted.status_code == 302
    late = client.post(
        f"/visits/{visit.id}/observations",
        data={"observations": "Cell 3 was very cold", "version": version},
    )
    assert late.status_code == 409
    text = page_text(late)
    assert "This report has been submitted" in text
    assert "Cell 3 was very cold" in text
    assert "Cell 3 was very cold" not in (stored(db, f"/visits/{visit.id}").observations or "")


def test_a_draft_saved_again_after_the_delete_page_was_opened_is_not_deleted(
    client, db, login_as, pair
):
    lead, _partner, _suite = pair
    login_as(lead)
    report = start(client)
    question = client.get(f"{report}/delete").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', question)[1]
    client.post(f"{report}/observations", data={"observations": "Written in the other tab"})
    response = client.post(f"{report}/delete", data={"version": version})
    assert response.status_code == 409
    assert "so it was not deleted" in page_text(response)
    assert stored(db, report).observations == "Written in the other tab"


def test_a_report_changed_after_it_was_checked_is_not_submitted(client, db, login_as, pair):
    lead, partner, suite = pair
    visit = factories.create_report(db, lead, partners=[partner], suite=suite)
    login_as(lead)
    checked = client.get(f"/visits/{visit.id}/check").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', checked)[1]
    client.post(f"/visits/{visit.id}/observations", data={"observations": "From the other tab"})
    response = client.post(f"/visits/{visit.id}/check", data={"version": version})
    assert response.status_code == 409
    assert "The report was not submitted" in page_text(response)
    assert stored(db, f"/visits/{visit.id}").status is ReportStatus.DRAFT


def test_save_and_come_back_later_saves_what_is_on_the_screen(client, db, login_as, pair):
    lead, partner, suite = pair
    login_as(lead)
    report = start(client)
    half_done = {"suite_id": str(suite.id), "partner": str(partner.id), "later": "1"}
    response = client.post(f"{report}/visit", data=half_done)
    assert response.status_code == 302, page_text(response)[:600]
    assert response.headers["Location"] == "/"
    assert "Your report is saved as it was on the screen" in page_text(client.get("/"))
    saved = stored(db, report)
    assert saved.suite_id == suite.id and saved.partner_ids == [partner.id]
    assert saved.visit_date is not None  # left as it was: the day the report began
    page = client.get(f"{report}/visit").get_data(as_text=True)
    assert f'value="{suite.id}" checked' in page.replace("\n", "")
    # A wait with no reason yet is kept for later; submitting asks for the reason.
    client.post(
        f"{report}/access", data={"arrived_at": "14:00", "admitted_at": "14:12", "later": "1"}
    )
    assert stored(db, report).wait_minutes == 12
    # What is typed must still read.
    wrong = client.post(f"{report}/access", data={"arrived_at": "teatime", "later": "1"})
    assert "Enter a time like 14:05" in page_text(wrong)


def test_a_volunteer_deletes_their_own_draft_after_saying_yes(client, db, login_as, pair):
    lead, partner, suite = pair
    draft = factories.create_report(db, lead, partners=[partner], suite=suite)
    submitted = factories.create_report(
        db, lead, partners=[partner], suite=suite, status="submitted"
    )
    login_as(lead)

    def kept(visit_id) -> bool:
        return db.scalar(select(Visit.id).where(Visit.id == visit_id)) is not None

    assert "Delete this draft" in page_text(client.get("/"))
    question = client.get(f"/visits/{draft.id}/delete")
    assert "Delete this draft?" in page_text(question)
    assert kept(draft.id)  # asking deletes nothing
    response = client.post(f"/visits/{draft.id}/delete")
    assert response.headers["Location"] == "/"
    assert not kept(draft.id)
    assert client.post(f"/visits/{submitted.id}/delete").status_code == 404
    assert kept(submitted.id)
    client.post("/sign-out")
    login_as(partner)
    other = factories.create_report(db, lead, partners=[partner], suite=suite)
    assert client.post(f"/visits/{other.id}/delete").status_code == 404
