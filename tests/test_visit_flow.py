"""The visit's flow (issue 11): why access was delayed, as a choice the board can count; the
checklist in one tap; "Are you sure?" before a report that records nothing; a checklist concern
raised as an issue is not offered again; the issues paragraph of the statistics."""

import csv
import io
import json
import uuid
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest
from sqlalchemy import func, select, text

from icv import create_app, migrate, periods
from icv.models import CHECKLIST_AREAS, CheckState, DelayReason, ReportStatus, Role, Visit
from icv.reporting import exporters, narrative, statistics
from icv.schemas.statistics import COLUMNS
from icv.services import imports
from tests import factories
from tests.conftest import TEST_CONFIG, page_text
from tests.test_visit_reports import rows, start, stored, visit_form

YESTERDAY = date.today() - timedelta(days=1)
LONG_WAIT = {"arrived_at": "14:00", "admitted_at": "14:12"}
AUTHORISED = {"delay_authorised_by": "Inspector J Smith"}


@pytest.fixture
def pair(db):
    lead = factories.create_person(db, Role.VOLUNTEER, name="Alex Morgan")
    partner = factories.create_person(db, Role.VOLUNTEER, name="Priya Mistry")
    suite = factories.create_suite(db, "Keyham Lane")
    return lead, partner, suite


def report_at_step(client, suite, partner, *steps) -> str:
    """A report started by the signed-in lead, saved up to the steps given."""
    report = start(client)
    assert client.post(f"{report}/visit", data=visit_form(suite, partner)).status_code == 302
    for step, data in steps:
        response = client.post(f"{report}/{step}", data=data)
        assert response.status_code == 302, page_text(response)[:600]
    return report


# -- Why access was delayed ---------------------------------------------------------------------


def test_a_volunteer_chooses_why_they_waited_and_says_it_in_words_only_for_other(
    client, db, login_as, pair
):
    lead, partner, suite = pair
    login_as(lead)
    report = report_at_step(client, suite, partner)
    page = client.get(f"{report}/access").get_data(as_text=True)
    for reason in DelayReason:
        assert f'value="{reason.value}"' in page
    refused = page_text(client.post(f"{report}/access", data={**LONG_WAIT, **AUTHORISED}))
    assert "Select the reason for the 12 minute wait" in refused
    other = client.post(
        f"{report}/access", data={**LONG_WAIT, **AUTHORISED, "delay_cause": "other"}
    )
    assert "Describe the reason for the delay" in page_text(other)
    assert stored(db, report).arrived_at is None  # nothing saved of a refused step
    busy = {**LONG_WAIT, **AUTHORISED, "delay_cause": "suite_busy", "delay_reason": "Stray words"}
    assert client.post(f"{report}/access", data=busy).status_code == 302
    visit = stored(db, report)
    assert (visit.delay_cause, visit.delay_reason) == (DelayReason.SUITE_BUSY, None)
    words = {**LONG_WAIT, **AUTHORISED, "delay_cause": "other", "delay_reason": "Fire alarm"}
    assert client.post(f"{report}/access", data=words).status_code == 302
    visit = stored(db, report)
    assert (visit.delay_cause, visit.delay_reason) == (DelayReason.OTHER, "Fire alarm")
    assert "Reason for the delay Fire alarm" in page_text(client.get(f"{report}/check"))


def test_an_immediate_admission_keeps_no_delay_reason(client, db, login_as, pair):
    lead, partner, suite = pair
    login_as(lead)
    quick = {"arrived_at": "14:00", "admitted_at": "14:03", "delay_cause": "incident"}
    report = report_at_step(client, suite, partner, ("access", quick))
    assert stored(db, report).delay_cause is None


def test_a_phone_that_sends_only_words_has_an_other_reason_and_a_wrong_choice_is_refused(
    client, db, login_as, pair
):
    lead, partner, suite = pair
    login_as(lead)
    body = {
        "suite_id": suite.id,
        "visit_date": YESTERDAY.isoformat(),
        "visit_type": "in_person",
        "partner_ids": [partner.id],
        "outcome": "completed",
        "arrived_at": "14:00",
        "admitted_at": "14:20",
        "delay_authorised_by": "Inspector J Smith",
        "detainees": [{"outcome": "accepted"}],
    }
    wrong = client.post(
        f"/api/v1/visits/{uuid.uuid4()}/submit", json={**body, "delay_cause": "tea_break"}
    )
    assert wrong.status_code == 422
    assert wrong.json["errors"]["json"] == {"delay_cause": ["Select the reason for the delay"]}
    visit_id = uuid.uuid4()
    sent = client.post(
        f"/api/v1/visits/{visit_id}/submit", json={**body, "delay_reason": "Cell flooded"}
    )
    assert sent.status_code == 200, sent.json
    assert sent.json["delay_cause"] == "other"
    visit = db.get(Visit, visit_id)
    assert (visit.delay_cause, visit.delay_reason) == (DelayReason.OTHER, "Cell flooded")
    chosen = client.post(
        f"/api/v1/visits/{uuid.uuid4()}/submit", json={**body, "delay_cause": "handover"}
    )
    assert chosen.status_code == 200 and chosen.json["delay_cause"] == "handover"


def test_imported_history_with_words_for_a_delay_counts_them_as_other(db):
    header = ",".join([*COLUMNS, "delay_reason"])
    lines = [
        header,
        "2016-05-03,Keyham Lane,14:00,14:20,,,1,0,0,0,Suite on lockdown",
        "2016-05-04,Keyham Lane,14:00,14:02,,,1,0,0,0,Words for no wait",
        "2016-05-05,Keyham Lane,14:00,14:30,,,1,0,0,0,",
    ]
    with db.info["app"].app_context():
        imports.import_visits(db, None, "\n".join(lines) + "\n", create_suites=True)
    db.commit()
    visits = {v.visit_date.day: v for v in db.query(Visit).all()}
    assert (visits[3].delay_cause, visits[3].delay_reason) == (
        DelayReason.OTHER,
        "Suite on lockdown",
    )
    assert (visits[4].delay_cause, visits[4].delay_reason) == (None, None)
    assert visits[5].delay_cause is None
    reasons = statistics.compute(db, periods.parse("2016/17"))["access_delay_reasons"]
    assert (reasons["other"], reasons["not_recorded"]) == (1, 1)


def test_a_report_written_before_the_choice_counts_its_words_as_other(tmp_path):
    app = create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite'}"})
    migrate.upgrade(app, "0014_rights")
    engine = app.extensions["icv.engine"]
    insert = text(
        "INSERT INTO visits (id, visit_type, source, status, outcome, version, created_at, "
        "updated_at, wait_minutes, delay_reason) VALUES (:id, 'in_person', 'report', "
        "'reviewed', 'completed', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, :wait, :reason)"
    )
    with engine.begin() as connection:
        connection.execute(insert, {"id": uuid.uuid4().hex, "wait": 20, "reason": "Fire alarm"})
        connection.execute(insert, {"id": uuid.uuid4().hex, "wait": 2, "reason": None})
    migrate.upgrade(app)
    with engine.connect() as connection:
        causes = connection.execute(
            text("SELECT delay_cause FROM visits ORDER BY wait_minutes")
        ).scalars()
        assert list(causes) == [None, "other"]
    engine.dispose()


@pytest.fixture
def delays(db):
    """2016/17: four delayed visits (two suite busy, one other, one with no reason) and one
    let in at once, whose reason (a slip) is not a delay."""
    suite = factories.create_suite(db, "Keyham Lane")
    for wait, cause in (
        (12, DelayReason.SUITE_BUSY),
        (40, DelayReason.SUITE_BUSY),
        (7, DelayReason.OTHER),
        (20, None),
        (3, DelayReason.INCIDENT),
    ):
        factories.create_visit(
            db,
            suite,
            date(2016, 6, 1),
            wait_minutes=wait,
            detainees=["accepted"],
            delay_cause=cause,
        )
    db.commit()


def test_the_delay_reasons_are_counted_among_delayed_visits_on_every_surface(
    client, db, login_as, delays
):
    stats = statistics.compute(db, periods.parse("2016/17"))
    assert stats["access_delay_reasons"] == {
        "suite_busy": 2,
        "incident": 0,
        "staff_unavailable": 0,
        "detainees_moving": 0,
        "handover": 0,
        "other": 1,
        "not_recorded": 1,
    }
    delayed = stats["access"]["wait_6_to_15"] + stats["access"]["wait_16_plus"]
    assert sum(stats["access_delay_reasons"].values()) == delayed
    login_as(Role.COORDINATOR)
    figures = client.get("/reports/export/json?period=2016/17").json
    assert figures["access_delay_reasons"] == stats["access_delay_reasons"]
    lines = list(csv.reader(io.StringIO(client.get("/reports/export/csv?period=2016/17").text)))
    table = lines[lines.index(["Access delay reasons"]) :]
    assert table[1] == ["Reason for the delay", "Visits"]
    assert ["Suite busy", "2"] in table[:10] and ["Not recorded", "1"] in table[:10]
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get("/reports/export/xlsx?period=2016/17").data)
    )
    sheet = {row[0]: row[1] for row in workbook["Access delay reasons"].iter_rows(values_only=True)}
    assert sheet["Suite busy"] == 2 and sheet["Other"] == 1 and sheet["Not recorded"] == 1
    page = client.get("/reports/?period=2016/17").get_data(as_text=True)
    assert 'id="table-access_delays"' in page
    assert "Suite busy" in page_text(client.get("/reports/?period=2016/17"))


# -- The checklist in one tap ---------------------------------------------------------------------


def test_all_areas_satisfactory_in_one_tap_then_the_exceptions_without_javascript(
    client, db, login_as, pair
):
    """Without it, a suite found in order took 13 taps (one per area) and "Save and continue":
    14. Now: "All areas satisfactory" (1), then "Save and continue" (1): 2 taps, and 2 more for
    each exception (its "Concern" and the words)."""
    lead, partner, suite = pair
    login_as(lead)
    report = report_at_step(client, suite, partner)
    page = client.get(f"{report}/checklist").get_data(as_text=True)
    button = 'name="all_satisfactory"'
    assert page.index("data-report-step") < page.index(button) < page.index("cctv-state")
    version = str(stored(db, report).lock_version)
    tapped = client.post(f"{report}/checklist", data={"version": version, "all_satisfactory": "1"})
    assert tapped.headers["Location"].endswith(f"{report}/checklist")
    visit = stored(db, report)
    assert {area: answer["state"] for area, answer in visit.checklist.items()} == {
        area.value: CheckState.SATISFACTORY for area in CHECKLIST_AREAS
    }
    shown = client.get(f"{report}/checklist")
    assert "Every area is marked satisfactory. Now mark any that were not." in page_text(shown)
    assert shown.get_data(as_text=True).count('value="satisfactory" checked') == 13
    # The one exception: every other area as the page now shows it, and cleanliness a concern.
    answers = {f"{area.value}-state": "satisfactory" for area in CHECKLIST_AREAS}
    answers |= {"cleanliness-state": "concern", "cleanliness-note": "Cell 3 dirty"}
    response = client.post(f"{report}/checklist", data=answers)
    assert response.headers["Location"].endswith(f"{report}/issues")
    states = [answer["state"] for answer in stored(db, report).checklist.values()]
    assert states.count(CheckState.SATISFACTORY) == 12
    assert states.count(CheckState.CONCERN) == 1


def test_all_areas_satisfactory_keeps_a_concern_already_described(client, db, login_as, pair):
    lead, partner, suite = pair
    login_as(lead)
    concern = {"cctv-state": "concern", "cctv-note": "Camera in cell 2 not working"}
    report = report_at_step(client, suite, partner, ("checklist", concern))
    version = str(stored(db, report).lock_version)
    page = {"version": version, "all_satisfactory": "1", **concern}
    client.post(f"{report}/checklist", data=page)
    checklist = stored(db, report).checklist
    assert checklist["cctv"] == {
        "state": CheckState.CONCERN,
        "note": "Camera in cell 2 not working",
    }
    assert checklist["showers"]["state"] is CheckState.SATISFACTORY
    stale = client.post(f"{report}/checklist", data=page)
    assert stale.status_code == 409  # a page read before the last save changes nothing


def test_all_areas_satisfactory_keeps_a_concern_typed_and_not_yet_saved(client, db, login_as, pair):
    """The lead ticks Cleanliness "Concern" and types the note, then taps "All areas
    satisfactory" before saving: the concern is saved as typed, and every other area
    satisfactory."""
    lead, partner, suite = pair
    login_as(lead)
    report = report_at_step(client, suite, partner)
    version = str(stored(db, report).lock_version)
    typed = {"cleanliness-state": "concern", "cleanliness-note": "Cell 3 not cleaned"}
    tapped = client.post(
        f"{report}/checklist?from=check",
        data={"version": version, "all_satisfactory": "1", **typed},
    )
    assert tapped.headers["Location"].endswith(f"{report}/checklist?from=check")
    checklist = stored(db, report).checklist
    assert checklist["cleanliness"] == {"state": CheckState.CONCERN, "note": "Cell 3 not cleaned"}
    states = [answer["state"] for answer in checklist.values()]
    assert states.count(CheckState.SATISFACTORY) == 12
    shown = client.get(f"{report}/checklist").get_data(as_text=True)
    assert "Cell 3 not cleaned" in shown


def test_all_areas_satisfactory_with_a_concern_not_described_says_so_and_keeps_the_page(
    client, db, login_as, pair
):
    lead, partner, suite = pair
    login_as(lead)
    report = report_at_step(client, suite, partner)
    version = str(stored(db, report).lock_version)
    typed = {"cctv-state": "concern", "showers-state": "not_checked"}
    refused = client.post(
        f"{report}/checklist", data={"version": version, "all_satisfactory": "1", **typed}
    )
    assert refused.status_code == 200
    assert "Describe the concern about cctv" in page_text(refused)
    assert refused.get_data(as_text=True).count('value="concern" checked') == 1
    assert stored(db, report).checklist["showers"]["state"] is CheckState.NOT_CHECKED


# -- "Are you sure?" ------------------------------------------------------------------------------


def test_a_report_with_no_detainees_and_nothing_checked_asks_are_you_sure_once(
    client, db, login_as, pair
):
    lead, partner, suite = pair
    login_as(lead)
    quick = {"arrived_at": "14:00", "admitted_at": "14:02"}
    report = report_at_step(client, suite, partner, ("access", quick))
    check = client.get(f"{report}/check")
    assert "Are you sure?" in page_text(check)
    version = str(stored(db, report).lock_version)
    refused = client.post(f"{report}/check", data={"version": version})
    assert refused.status_code == 200
    text_ = page_text(refused)
    assert "The report cannot be submitted yet" in text_ and "There is a problem" not in text_
    assert "no detainees and no area of the suite checked: tick the box" in text_
    assert 'href="#confirm_empty"' in refused.get_data(as_text=True)
    assert 'id="confirm_empty-error"' in refused.get_data(as_text=True)
    assert stored(db, report).status is ReportStatus.DRAFT
    sure = client.post(f"{report}/check", data={"version": version, "confirm_empty": "y"})
    assert sure.headers["Location"].endswith("/submitted")
    assert stored(db, report).status is ReportStatus.SUBMITTED


def test_a_report_with_a_detainee_or_an_area_checked_or_abandoned_is_not_asked(
    client, db, login_as, pair
):
    lead, partner, suite = pair
    login_as(lead)
    quick = {"arrived_at": "14:00", "admitted_at": "14:02"}
    one_area = report_at_step(
        client, suite, partner, ("access", quick), ("checklist", {"cctv-state": "satisfactory"})
    )
    assert "Are you sure?" not in page_text(client.get(f"{one_area}/check"))
    one_detainee = report_at_step(
        client,
        suite,
        partner,
        ("access", quick),
        ("detainees", rows("detainees", [{"outcome": "accepted"}])),
    )
    assert "Are you sure?" not in page_text(client.get(f"{one_detainee}/check"))
    abandoned = start(client)
    client.post(
        f"{abandoned}/visit",
        data=visit_form(suite, partner, outcome="abandoned", abandoned_reason="Suite closed"),
    )
    client.post(f"{abandoned}/access", data={"arrived_at": "14:00"})
    assert "Are you sure?" not in page_text(client.get(f"{abandoned}/check"))
    for report in (one_area, one_detainee, abandoned):
        version = str(stored(db, report).lock_version)
        response = client.post(f"{report}/check", data={"version": version})
        assert response.headers["Location"].endswith("/submitted"), page_text(response)[:500]


def test_the_api_submits_a_report_that_records_nothing_only_when_told_it_is_sure(
    client, db, login_as, pair
):
    lead, partner, suite = pair
    login_as(lead)
    body = {
        "suite_id": suite.id,
        "visit_date": YESTERDAY.isoformat(),
        "visit_type": "in_person",
        "partner_ids": [partner.id],
        "outcome": "completed",
        "arrived_at": "14:05",
        "admitted_at": "14:07",
    }
    visit_id = uuid.uuid4()
    unsure = client.post(f"/api/v1/visits/{visit_id}/submit", json=body)
    assert unsure.status_code == 422
    assert list(unsure.json["errors"]["json"]) == ["confirm_empty"]
    assert db.get(Visit, visit_id) is None
    draft = client.put(f"/api/v1/visits/{visit_id}", json=body)
    assert draft.status_code == 201  # a draft is asked nothing until it is submitted
    sure = client.post(
        f"/api/v1/visits/{visit_id}/submit",
        json={**body, "confirm_empty": True},
        headers={"If-Match": draft.headers["ETag"]},
    )
    assert sure.status_code == 200, sure.json
    assert "confirm_empty" not in sure.json  # an answer to a question, not part of the report
    again = client.post(f"/api/v1/visits/{visit_id}/submit", json={**body, "confirm_empty": True})
    assert again.status_code == 200  # sent twice, stored once
    db.expire_all()
    assert len(db.get(Visit, visit_id).versions) == 1


# -- A concern raised from the checklist --------------------------------------------------------


def test_a_concern_raised_from_the_checklist_is_not_listed_as_not_raised(
    client, db, login_as, pair
):
    lead, partner, suite = pair
    login_as(lead)
    report = report_at_step(client, suite, partner)
    concern = {
        "cleanliness-state": "concern",
        "cleanliness-note": "Cell 3 dirty",
        "cleanliness-raise_issue": "y",
        "cctv-state": "concern",
        "cctv-note": "Camera off",
    }
    response = client.post(f"{report}/checklist", data=concern)
    issues = page_text(client.get(response.headers["Location"]))
    assert "Cell 3 dirty" in issues  # Issue 1, ready to complete
    assert "Checklist concerns not raised as an issue: CCTV." in issues
    assert "Cleanliness" not in issues.split("not raised as an issue:")[1].split(".")[0]
    # Refused for a missing level, the page still counts the row on it as raised.
    posted = rows("issues", [{"area": "cleanliness", "description": "Cell 3 dirty"}])
    again = page_text(client.post(f"{report}/issues", data=posted))
    assert "Select the level of issue 1" in again
    assert "Checklist concerns not raised as an issue: CCTV." in again


# -- The issues paragraph -------------------------------------------------------------------------


@pytest.fixture
def issues_of_a_year(db):
    suite = factories.create_suite(db, "Keyham Lane")
    referred = datetime(2016, 6, 2, 9, 0, tzinfo=UTC)
    answered = {
        "status": "responded",
        "referred_at": referred,
        "responded_at": referred + timedelta(days=3),
        "due_on": date(2016, 6, 9),
    }
    factories.create_visit(
        db,
        suite,
        date(2016, 6, 1),
        wait_minutes=0,
        detainees=["accepted"],
        issues=[
            {"area": "cells_and_bedding", "level": 1, **answered},
            {
                "area": "cells_and_bedding",
                "level": 3,
                "description": "Mattress in cell 4 soaked.",
                "force_response": "Mattress replaced the same day.",
                "action_taken_on": date(2016, 6, 2),
                **answered,
            },
            {
                "area": "cctv",
                "level": 3,
                "description": "Camera in cell 2 off",
                "status": "referred",
                "referred_at": referred,
                "due_on": date(2016, 6, 9),
                "responded_at": None,
            },
            {
                "area": "cctv",
                "level": 2,
                "status": "responded",
                "referred_at": referred,
                "responded_at": referred + timedelta(days=12),
                "due_on": date(2016, 6, 9),
            },
            {"area": "showers", "level": 1, "status": "closed", "resolved_on_spot": True},
        ],
    )
    db.commit()


ISSUES_PARAGRAPH = (
    "5 issues were raised on the visits during 2016/17: 2 at level 1 (easily fixed), one at "
    "level 2 (urgent) and 2 at level 3 (unacceptable). The force answered 2 of the 4 issues "
    "referred to it within the due date and one after it. One awaits the force's answer. The "
    "level 3 (unacceptable) issues were: at Keyham Lane on 1 June 2016, about cells and "
    "bedding: the force answered “Mattress replaced the same day”, acting on 2 June 2016; at "
    "Keyham Lane on 1 June 2016, about CCTV: referred to the force, whose answer is awaited "
    "(due 9 June 2016)."
)


def test_the_issues_paragraph_says_what_was_raised_answered_and_done_about_level_3(
    db, issues_of_a_year
):
    stats = statistics.compute(db, periods.parse("2016/17"))
    assert [issue["area"] for issue in stats["level_3_issues"]] == ["cells_and_bedding", "cctv"]
    assert narrative.paragraphs(stats)[-1] == ISSUES_PARAGRAPH
    # What the visitors wrote is free text, which may name someone: it is not published.
    assert "soaked" not in str(stats) and "Camera in cell 2 off" not in str(stats)


def test_the_issues_paragraph_is_in_the_json_the_downloads_and_the_page(
    client, login_as, issues_of_a_year
):
    login_as(Role.COORDINATOR)
    assert ISSUES_PARAGRAPH in client.get("/api/v1/statistics?period=2016/17").json["narrative"]
    assert ISSUES_PARAGRAPH in client.get("/reports/export/json?period=2016/17").json["narrative"]
    assert [ISSUES_PARAGRAPH] in list(
        csv.reader(io.StringIO(client.get("/reports/export/csv?period=2016/17").text))
    )
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get("/reports/export/xlsx?period=2016/17").data)
    )
    assert ISSUES_PARAGRAPH in [row[0] for row in workbook["Narrative"].iter_rows(values_only=True)]
    assert ISSUES_PARAGRAPH in page_text(client.get("/reports/?period=2016/17"))


def test_a_period_whose_visits_record_no_issue_says_nothing_of_issues(db):
    suite = factories.create_suite(db)
    factories.create_visit(db, suite, date(2016, 6, 1), wait_minutes=0, detainees=["accepted"])
    stats = statistics.compute(db, periods.parse("2016/17"))
    assert not any("issue" in paragraph for paragraph in narrative.paragraphs(stats))
    assert json.loads(exporters.to_json(stats))["level_3_issues"] == []


def test_the_demo_schemes_delays_have_reasons_spread_as_reports_show_them(runner, db):
    assert runner.invoke(args=["demo"]).exit_code == 0
    delayed = db.execute(
        select(Visit.delay_cause, func.count())
        .where(Visit.wait_minutes > 5)
        .group_by(Visit.delay_cause)
    ).all()
    counts = dict(delayed)
    assert None not in counts  # every delay has its reason
    assert len(counts) >= 4
    assert max(counts, key=counts.get) is DelayReason.SUITE_BUSY
    others = db.scalars(select(Visit.delay_reason).where(Visit.delay_cause == DelayReason.OTHER))
    assert all(others)  # "other" always has its words


def test_the_report_on_the_phone_asks_the_same_new_questions(client, db, login_as):
    login_as(Role.VOLUNTEER)
    page = client.get("/visits/on-this-phone").get_data(as_text=True)
    for reason in DelayReason:
        assert f'name="delay_cause" type="radio" value="{reason.value}"' in page
    assert "data-all-satisfactory" in page  # done on the phone by its script
    assert 'name="confirm_empty"' in page  # sent as the API's confirm_empty


def test_raising_checklist_concerns_keeps_what_was_typed_on_the_issues_page(
    client, db, login_as, pair
):
    """ "Raise them as issues" is a button of the issues form: an issue being typed stays on
    the page, the concern is added below it once, and nothing is saved until the step is."""
    lead, partner, suite = pair
    login_as(lead)
    concern = {"cctv-state": "concern", "cctv-note": "Camera in cell 2 not working"}
    report = report_at_step(client, suite, partner, ("checklist", concern))
    version = str(stored(db, report).lock_version)
    typing = {"id": "", "area": "showers", "description": "Shower cold", "level": "2"}
    page = client.post(
        f"{report}/issues",
        data={**rows("issues", [typing]), "version": version, "raise_area": "all"},
    )
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Shower cold</textarea>" in html
    assert html.count("Camera in cell 2 not working</textarea>") == 1
    assert "Checklist concerns not raised" not in html
    assert stored(db, report).issues == []
