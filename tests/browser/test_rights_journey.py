"""A volunteer on a phone records the rights and entitlements of two detainees seen, reading
the Code's words beside each, and turns a "no" into an issue in one tap; with JavaScript and
without, and on the report written on the phone with no signal; check_page (axe, 360 px, no
console error) on every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from icv.models import RIGHTS
from icv.models.rights import no_answer_text
from tests.browser.checks import check_page
from tests.browser.test_journeys import heading, sign_in
from tests.browser.test_offline import ready_phone, stored
from tests.browser.test_report_journey import save_and_continue

pytestmark = pytest.mark.browser

PARTNER = "Trevor Nightingale"  # a demo volunteer
FOOD = next(check for check in RIGHTS if check.name == "food_and_drink")
TOLD = next(check for check in RIGHTS if check.name == "told_rights")


def answer_rights(row, answers: dict):
    for check in RIGHTS:
        group = row.get_by_role("group", name=check.label, exact=True)
        group.get_by_label(answers.get(check.name, "Yes"), exact=True).check()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_volunteer_records_rights_for_two_detainees_and_raises_a_no_as_an_issue(
    live_server,
    new_context,
    javascript,
):
    volunteer = new_context(java_script_enabled=javascript).new_page()
    sign_in(volunteer, live_server, "volunteer@example.org")
    volunteer.get_by_role("button", name="Start a visit report").tap()
    expect(heading(volunteer)).to_have_text("The visit")
    volunteer.get_by_label("Beaumont Leys").check()
    volunteer.get_by_label("Your partner").select_option(label=PARTNER)
    save_and_continue(volunteer, "Access to the suite")
    volunteer.get_by_label("Time you arrived and asked to be let in").fill("10:05")
    volunteer.get_by_label("Time you were let in").fill("10:06")
    save_and_continue(volunteer, "Detainees")

    rows = volunteer.locator("[data-row]")
    first = rows.nth(0)
    first.locator('input[name$="-outcome"][value="accepted"]').check()
    expect(first.get_by_text(FOOD.code)).to_be_visible()  # the Code's words where they answer
    answer_rights(first, {"food_and_drink": "No"})
    volunteer.get_by_role("button", name="Add another detainee").tap()
    expect(rows).to_have_count(2)
    second = rows.nth(1)
    second.locator('input[name$="-outcome"][value="accepted"]').check()
    answer_rights(second, {"fresh_air": "Not asked", "custody_record_checked": "Declined to say"})
    check_page(volunteer)
    save_and_continue(volunteer, "The suite")
    save_and_continue(volunteer, "Issues raised")

    raise_it = re.compile(r"^Raise as an issue\W+Detainee 1: Offered food and drink")
    volunteer.get_by_role("button", name=raise_it).tap()
    expect(heading(volunteer)).to_have_text("Issues raised")
    check_page(volunteer)
    issue = volunteer.locator("[data-row]").nth(0)
    expect(issue.get_by_label("What is the issue?")).to_have_value(
        "Detainee 1: Offered food and drink — no."
    )
    expect(issue.get_by_label("Area")).to_have_value("detainee_care")
    issue.get_by_label("2 – urgent").check()
    save_and_continue(volunteer, "Other observations")
    save_and_continue(volunteer, "Check your report")
    expect(volunteer.get_by_text("Offered food and drink: no", exact=False)).to_be_visible()
    expect(volunteer.get_by_role("heading", name="Issues (1)")).to_be_visible()
    volunteer.get_by_role("button", name="Submit report").tap()
    expect(heading(volunteer)).to_have_text("Report submitted")
    check_page(volunteer)


OUTBOXED = """(id) => new Promise((resolve, reject) => {
  const request = indexedDB.open('icv', 1)
  request.onerror = () => reject(request.error)
  request.onsuccess = () => {
    const read = request.result.transaction('reports').objectStore('reports').get(id)
    read.onsuccess = () => resolve(read.result)
  }
})"""


def test_on_the_phone_a_volunteer_raises_a_no_as_an_issue_in_one_tap(
    live_server, live_app, new_context
):
    context, phone = ready_phone(new_context, live_server)
    context.set_offline(True)
    phone.goto(live_server + "/visits/on-this-phone#new")
    expect(heading(phone)).to_have_text("Visit report on this phone")
    phone.get_by_label("Keyham Lane").check()
    phone.get_by_label("Your partner").select_option(label=PARTNER)
    phone.get_by_label("In person").check()
    phone.get_by_label("Completed").check()
    phone.get_by_label("Time you arrived and asked to be let in").fill("14:05")
    phone.get_by_label("Time you were let in").fill("14:06")
    first = phone.locator('[data-rows="detainees"] [data-row]').nth(0)
    first.locator('input[name$="-outcome"][value="accepted"]').check()
    raise_it = phone.get_by_role("button", name=re.compile(r"^Raise as an issue"))
    expect(raise_it).to_have_count(0)  # nothing answered "no" yet
    answer_rights(first, {"told_rights": "No"})
    expect(raise_it).to_have_count(1)  # beside the one "no" only
    issues = phone.locator('[data-rows="issues"] [data-row]')
    expect(issues).to_have_count(0)

    raise_it.tap()
    expect(issues).to_have_count(1)
    issue = issues.nth(0)
    expect(issue.get_by_label("Area")).to_have_value(TOLD.area.value)
    expect(issue.get_by_label("Area")).to_be_focused()  # where the volunteer carries on
    expect(issue.get_by_label("What is the issue?")).to_have_value(no_answer_text(1, TOLD))
    expect(issue.get_by_role("group", name="Level").locator("input:checked")).to_have_count(0)
    raise_it.tap()  # a second tap goes to the issue raised, not a second one
    expect(issues).to_have_count(1)
    expect(issue.get_by_label("Area")).to_be_focused()
    check_page(phone)

    issue.get_by_label("2 – urgent").check()
    report_id = phone.evaluate("() => location.hash.slice(1)")
    phone.get_by_role("button", name="Submit report").tap()
    expect(heading(phone)).to_have_text("Outbox")
    expect(phone.locator("[data-outbox]")).to_contain_text("Waiting to send")
    check_page(phone)
    body = phone.evaluate(OUTBOXED, report_id)["body"]
    assert [(i["area"], i["description"], i["level"]) for i in body["issues"]] == [
        ("rights_information", "Detainee 1: Told of their rights — no.", "2")
    ]
    assert body["detainees"][0]["told_rights"] == "no"

    context.set_offline(False)  # sent, and stored with its issue
    expect(phone.locator("[data-outbox]")).to_contain_text("Sent", timeout=15_000)
    assert stored(live_app, report_id)["issues"] == [
        ("rights_information", "Detainee 1: Told of their rights — no.", 2)
    ]
