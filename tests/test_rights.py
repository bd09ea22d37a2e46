"""A volunteer records each detainee's rights and entitlements, vulnerability and the
Terrorism Act flag; a "no" becomes an issue in one tap; the phone's API takes the same."""

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from icv.models import RIGHTS, RIGHTS_NAMES, DetaineeEntry, Issue, RightsAnswer, Role, Visit
from tests import factories
from tests.conftest import page_text
from tests.test_visit_reports import rows, start, stored, visit_form

YESTERDAY = date.today() - timedelta(days=1)
ANSWERS = ("yes", "no", "not_asked", "declined_to_say")


def every_check(answer) -> dict:
    return dict.fromkeys(RIGHTS_NAMES, answer)


@pytest.fixture
def pair(db):
    lead = factories.create_person(db, Role.VOLUNTEER, name="Alex Morgan")
    partner = factories.create_person(db, Role.VOLUNTEER, name="Priya Mistry")
    suite = factories.create_suite(db, "Keyham Lane")
    return lead, partner, suite


def on_detainees_step(client, pair):
    _, partner, suite = pair
    report = start(client)
    assert client.post(f"{report}/visit", data=visit_form(suite, partner)).status_code == 302
    access = {"arrived_at": "14:05", "admitted_at": "14:07"}
    assert client.post(f"{report}/access", data=access).status_code == 302
    return report


@pytest.mark.parametrize("check", RIGHTS, ids=lambda check: check.name)
def test_a_volunteer_answers_each_rights_check_on_the_detainees_step(
    client, db, login_as, pair, check
):
    login_as(pair[0])
    report = on_detainees_step(client, pair)
    page = client.get(f"{report}/detainees")
    assert check.label in page_text(page) and check.code in page_text(page)  # the Code's words
    answers = [
        {"outcome": "accepted", **every_check("yes"), check.name: answer} for answer in ANSWERS
    ]
    response = client.post(f"{report}/detainees", data=rows("detainees", answers))
    assert response.status_code == 302, page_text(response)[:600]
    entries = stored(db, report).detainees
    assert [getattr(entry, check.name) for entry in entries] == [RightsAnswer(a) for a in ANSWERS]
    shown = client.get(f"{report}/detainees").get_data(as_text=True)
    assert f'name="detainees-1-{check.name}" type="radio" value="no" checked' in shown


def test_an_answer_that_is_not_one_of_the_four_is_said_beside_it_and_nothing_is_saved(
    client, db, login_as, pair
):
    login_as(pair[0])
    report = on_detainees_step(client, pair)
    junk = [{"outcome": "accepted", "food_and_drink": "maybe"}]
    response = client.post(f"{report}/detainees", data=rows("detainees", junk))
    assert response.status_code == 200
    assert (
        "Select yes, no, not asked or declined to say for “Offered food and drink”, detainee 1"
        in page_text(response)
    )
    assert stored(db, report).detainees == []


def test_a_detainee_not_seen_keeps_no_rights_answers_and_a_declined_may_say_why(
    client, db, login_as, pair
):
    login_as(pair[0])
    report = on_detainees_step(client, pair)
    entries = [
        {"outcome": "declined", **every_check("no")},
        {"outcome": "declined", "declined_reason": "too_distressed"},
        {"outcome": "declined", "declined_reason": "other", "declined_detail": "Praying"},
        {"outcome": "declined", "declined_reason": "other"},
    ]
    response = client.post(f"{report}/detainees", data=rows("detainees", entries))
    assert "Describe the reason for detainee 4" in page_text(response)
    entries.pop()
    response = client.post(f"{report}/detainees", data=rows("detainees", entries))
    assert response.status_code == 302
    first, second, third = stored(db, report).detainees
    assert all(getattr(first, name) is None for name in RIGHTS_NAMES)
    assert first.reason is None and first.reason_label is None  # a reason is never required
    assert second.reason_label == "Too distressed"
    assert (third.reason, third.reason_detail) == ("other", "Praying")


def test_vulnerability_and_tact_are_ticked_and_present_counts_only_where_needed(
    client, db, login_as, pair
):
    login_as(pair[0])
    report = on_detainees_step(client, pair)
    entries = [
        {
            "outcome": "accepted",
            "mental_health_concern": "y",
            "needs_appropriate_adult": "y",
            "appropriate_adult_present": "y",
            "interpreter_present": "y",  # no interpreter was needed
            "tact": "y",
        },
        {"outcome": "accepted", "medical_care_needed": "no", "medical_care_given": "no"},
        {"outcome": "accepted", "medical_care_given": "yes"},  # needed left unanswered
        {
            "outcome": "accepted",
            "medical_care_needed": "declined_to_say",
            "medical_care_given": "yes",
        },
        {"outcome": "accepted", "medical_care_needed": "yes", "medical_care_given": "yes"},
    ]
    assert client.post(f"{report}/detainees", data=rows("detainees", entries)).status_code == 302
    first, *others, needed = stored(db, report).detainees
    assert first.mental_health_concern and first.appropriate_adult_present and first.tact
    assert not first.interpreter_present
    # "Given" is asked only where care was said to be needed.
    assert [entry.medical_care_given for entry in others] == [None, None, None]
    assert needed.medical_care_given is RightsAnswer.YES


def offered(issues_page) -> str:
    """The "no" answers the issues step offers to raise."""
    return page_text(issues_page).split("not raised as an issue:")[1].split("Issue 1")[0]


def test_a_no_becomes_an_issue_in_one_tap_without_javascript(client, db, login_as, pair):
    login_as(pair[0])
    report = on_detainees_step(client, pair)
    seen = [
        {"outcome": "accepted", **every_check("yes"), "food_and_drink": "no"},
        {"outcome": "accepted", **every_check("yes"), "told_rights": "no", "bedding": "no"},
    ]
    assert client.post(f"{report}/detainees", data=rows("detainees", seen)).status_code == 302
    issues = client.get(f"{report}/issues")
    text = page_text(issues)
    assert "Detainee 1: Offered food and drink — no." in text
    assert "Detainee 2: Told of their rights — no." in text
    button = 'name="raise_right" value="2-bedding"'
    assert button in issues.get_data(as_text=True)

    prefilled = client.post(f"{report}/issues", data={"raise_right": "2-bedding"})
    assert prefilled.status_code == 200  # the page again, pre-filled, and nothing saved
    assert stored(db, report).issues == []
    html = prefilled.get_data(as_text=True)
    assert 'value="cells_and_bedding" selected' in html
    assert "Detainee 2: Bedding — no.</textarea>" in html
    listed = offered(prefilled)
    assert "Detainee 2: Bedding — no." not in listed  # pre-filled: no longer offered
    issue = {
        "id": "",
        "area": "cells_and_bedding",
        "description": "Detainee 2: Bedding — no. No blanket in cell 3.",
        "level": "2",
    }
    saved = client.post(f"{report}/issues", data=rows("issues", [issue]))
    assert saved.status_code == 302, page_text(saved)[:500]
    (raised,) = stored(db, report).issues
    assert raised.description.startswith("Detainee 2: Bedding — no.") and raised.level == 2
    remaining = offered(client.get(f"{report}/issues"))
    assert "Detainee 2: Bedding — no." not in remaining
    assert "Detainee 1: Offered food and drink — no." in remaining


def test_raising_a_no_keeps_what_was_typed_on_the_issues_page(client, db, login_as, pair):
    """Issue 1 is saved; the lead changes its level and types who it was raised with, then taps
    "Raise as an issue" beside a "no" before saving: what they typed is still on the page, with
    the "no" pre-filled below it once, however often it is tapped."""
    login_as(pair[0])
    report = on_detainees_step(client, pair)
    seen = [{"outcome": "accepted", **every_check("yes"), "food_and_drink": "no", "bedding": "no"}]
    assert client.post(f"{report}/detainees", data=rows("detainees", seen)).status_code == 302
    cctv = {"id": "", "area": "cctv", "description": "Camera in cell 2 off", "level": "1"}
    assert client.post(f"{report}/issues", data=rows("issues", [cctv])).status_code == 302
    (saved,) = stored(db, report).issues
    typed = {**cctv, "id": str(saved.id), "level": "3", "raised_with": "Sergeant A Patel"}
    version = str(stored(db, report).lock_version)

    tapped = client.post(
        f"{report}/issues",
        data={**rows("issues", [typed]), "version": version, "raise_right": "1-food_and_drink"},
    )
    assert tapped.status_code == 200
    html = tapped.get_data(as_text=True)
    assert 'value="Sergeant A Patel"' in html
    assert 'name="issues-0-level" type="radio" value="3" checked' in html
    assert html.count("Detainee 1: Offered food and drink — no.</textarea>") == 1
    assert "data-prefilled" in html  # the phone's copy of the step does not wipe it
    assert "Detainee 1: Bedding — no." in offered(tapped)  # still offered: not raised yet
    assert stored(db, report).issues[0].level == 1  # nothing saved yet

    on_the_page = [typed, {"id": "", "area": "food_and_drink", "description": DRINK}]
    again = client.post(
        f"{report}/issues",
        data={**rows("issues", on_the_page), "version": version, "raise_right": "1-food_and_drink"},
    )
    assert again.get_data(as_text=True).count(f"{DRINK}</textarea>") == 1
    every = client.post(
        f"{report}/issues",
        data={**rows("issues", on_the_page), "version": version, "raise_right": "all"},
    )
    html = every.get_data(as_text=True)
    assert html.count(f"{DRINK}</textarea>") == 1
    assert html.count("Detainee 1: Bedding — no.</textarea>") == 1
    assert 'value="Sergeant A Patel"' in html


DRINK = "Detainee 1: Offered food and drink — no."


def test_a_made_up_answer_to_raise_prefills_nothing(client, db, login_as, pair):
    login_as(pair[0])
    report = on_detainees_step(client, pair)
    seen = [{"outcome": "accepted", "food_and_drink": "yes"}]
    client.post(f"{report}/detainees", data=rows("detainees", seen))
    page = client.get(f"{report}/issues?raise_right=1-food_and_drink&raise_right=9-x")
    assert page.status_code == 200
    assert "No issues yet." in page_text(page)


def test_the_phone_sends_and_reads_the_same_answers_through_the_api(client, db, login_as, pair):
    lead, _, suite = pair
    login_as(lead)
    visit_id = uuid.uuid4()
    detainee = {
        "outcome": "accepted",
        **every_check("not_asked"),
        "food_and_drink": "no",
        "medical_care_needed": "yes",
        "mental_health_concern": True,
        "tact": True,
    }
    made = client.put(
        f"/api/v1/visits/{visit_id}",
        json={"suite_id": suite.id, "detainees": [detainee, {"outcome": "declined"}]},
    )
    assert made.status_code == 201, made.json
    sent_back = made.json["detainees"][0]
    assert {name: sent_back[name] for name in detainee} == detainee
    assert made.json["detainees"][1]["reason"] is None
    refused = client.put(
        f"/api/v1/visits/{visit_id}",
        json={"detainees": [{"outcome": "accepted", "bedding": "sometimes"}]},
        headers={"If-Match": made.headers["ETag"]},
    )
    assert refused.status_code == 422
    assert refused.json["errors"]["json"]["detainees"] == {
        "0": {"bedding": ["Select yes, no, not asked or declined to say for “Bedding”, detainee 1"]}
    }
    entry = db.scalar(select(DetaineeEntry).where(DetaineeEntry.visit_id == visit_id))
    assert entry.food_and_drink is RightsAnswer.NO and entry.tact


def test_the_answers_are_kept_in_the_version_and_through_an_amendment(db, pair):
    lead, partner, suite = pair
    visit = factories.create_report(db, lead, partners=[partner], suite=suite, status="reviewed")
    factories.request_amendment(db, visit)
    seen = {"outcome": "accepted", "bedding": "no", "tact": True}
    factories.save_draft(db, lead, visit, detainees=[seen])
    db.expire_all()
    visit = db.get(Visit, visit.id)
    assert visit.detainees[0].bedding is None  # the report as submitted stays until resubmitted
    from icv.services import visit_reports

    with db.info["app"].app_context():
        visit_reports.submit(db, lead, visit)
    db.commit()
    db.expire_all()
    visit = db.get(Visit, visit.id)
    assert visit.detainees[0].bedding is RightsAnswer.NO and visit.detainees[0].tact
    assert visit.versions[-1].body["detainees"][0]["bedding"] == "no"
    assert db.scalar(select(Issue).where(Issue.visit_id == visit.id)) is None


def test_the_report_shows_the_answers_to_the_pair_and_the_coordinator(client, db, login_as, pair):
    lead, partner, suite = pair
    visit = factories.create_report(db, lead, partners=[partner], suite=suite, status="draft")
    seen = {"outcome": "accepted", "food_and_drink": "no", "bedding": "yes", "tact": True}
    factories.save_draft(db, lead, visit, detainees=[seen])
    login_as(lead)
    check = page_text(client.get(f"/visits/{visit.id}/check"))
    assert "Offered food and drink: no; Bedding: yes" in check
    assert "Held under the Terrorism Act (TACT)" in check
    from icv.services import visit_reports

    with db.info["app"].app_context():
        visit_reports.submit(db, lead, db.get(Visit, visit.id))
    db.commit()
    client.post("/sign-out")
    login_as(Role.COORDINATOR)
    review = page_text(client.get(f"/review/{visit.id}"))
    assert "Offered food and drink: no; Bedding: yes" in review


def test_a_tick_box_sent_as_junk_is_refused_in_words(client, db, login_as, pair):
    login_as(pair[0])
    refused = client.put(
        f"/api/v1/visits/{uuid.uuid4()}",
        json={"detainees": [{"outcome": "accepted", "tact": "maybe"}]},
    )
    assert refused.status_code == 422
    message = str(refused.json["errors"]["json"]["detainees"])
    assert "Tick the box" in message and "Not a valid boolean" not in message
