"""The visit report on a phone, end to end: volunteer@example.org files the standard report
(8 detainees covering every outcome, 2 checklist concerns, 2 issues) and submits it, the
partner confirms it, the coordinator reviews it. Once with JavaScript and touch, once without
JavaScript; check_page on every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from icv.demo import PASSWORD
from tests.browser.checks import check_page
from tests.browser.test_journeys import give_password, heading, sign_in

pytestmark = pytest.mark.browser

PARTNER_PASSWORD = "partner's own password"

# (outcome, reason, words for "other") for each of the eight detainees.
DETAINEES = [
    ("accepted", None, None),
    ("accepted", None, None),
    ("declined", None, None),
    ("not_available", "asleep", None),
    ("not_available", "in_interview", None),
    ("not_available", "other", "Being fingerprinted"),
    ("not_offered", "staff_advised_risk", None),
    ("not_offered", "language_or_capacity", None),
]


@pytest.fixture(scope="module")
def partner(live_app):
    """A demo volunteer who has set a password."""
    return give_password(live_app, "trevor.nightingale@example.org", PARTNER_PASSWORD)


def count_page_loads(page) -> list[str]:
    loads = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and loads.append(frame.url))
    return loads


def save_and_continue(page, expected_heading):
    page.get_by_role("button", name="Save and continue").tap()
    expect(heading(page)).to_have_text(expected_heading)
    check_page(page)


def fill_detainee(row, outcome, reason, other, number):
    row.locator(f'input[name$="-outcome"][value="{outcome}"]').check()
    if reason:
        field = "not_available" if outcome == "not_available" else "not_offered"
        row.locator(f'input[name$="-{field}_reason"][value="{reason}"]').check()
        if other:
            row.locator(f'input[name$="-{field}_detail"]').fill(other)
    row.get_by_label("Juvenile (under 18)" if number == 2 else "Adult", exact=True).check()
    if outcome == "accepted":
        row.get_by_label("Welfare notes (optional)").fill("Offered food and a drink")


@pytest.mark.parametrize(
    ("javascript", "suite"),
    [(True, "Euston Street"), (False, "Keyham Lane")],
    ids=["javascript", "no-javascript"],
)
def test_a_pair_files_a_report_the_partner_confirms_the_coordinator_reviews(
    live_server, new_context, partner, javascript, suite
):
    volunteer = new_context(java_script_enabled=javascript).new_page()
    sign_in(volunteer, live_server, "volunteer@example.org")
    expect(heading(volunteer)).to_have_text("Your visits")
    loads = count_page_loads(volunteer)

    volunteer.get_by_role("button", name="Start a visit report").tap()
    expect(heading(volunteer)).to_have_text("The visit")
    check_page(volunteer)
    volunteer.get_by_label(suite).check()
    volunteer.get_by_label("Your partner").select_option(label=partner)
    save_and_continue(volunteer, "Access to the suite")

    volunteer.get_by_label("Time you arrived and asked to be let in").fill("14:05")
    volunteer.get_by_label("Time you were let in").fill("14:07")
    if javascript:
        expect(volunteer.locator("[data-wait-output]")).to_contain_text("You waited 2 minutes")
    save_and_continue(volunteer, "Detainees")

    rows = volunteer.locator("[data-row]")
    for number, (outcome, reason, other) in enumerate(DETAINEES, start=1):
        if number > 1:
            volunteer.get_by_role("button", name="Add another detainee").tap()
            expect(rows).to_have_count(number)
        fill_detainee(rows.nth(number - 1), outcome, reason, other, number)
    check_page(volunteer)
    save_and_continue(volunteer, "The suite")

    for area, note in (
        ("Cells and bedding", "Blanket in cell 4 torn"),
        ("CCTV", "Camera in cell 2 not recording"),
    ):
        group = volunteer.get_by_role("group", name=area, exact=True)
        group.get_by_label("Concern", exact=True).check()
        group.get_by_label("Describe the concern").fill(note)
        group.get_by_label("Also raise this as an issue").check()
    volunteer.get_by_role("group", name="Showers").get_by_label("Satisfactory").check()
    save_and_continue(volunteer, "Issues raised")

    issues = volunteer.locator("[data-row]")
    expect(issues).to_have_count(2)
    expect(issues.nth(0).get_by_label("What is the issue?")).to_have_value("Blanket in cell 4 torn")
    issues.nth(0).get_by_label("1 – easily fixed").check()
    issues.nth(0).get_by_label("Resolved on the spot").check()
    issues.nth(1).get_by_label("2 – urgent").check()
    issues.nth(1).get_by_label("Who was it raised with?").fill("Inspector J Smith")
    save_and_continue(volunteer, "Other observations")
    volunteer.get_by_label("Other observations (optional)").fill("A busy night.")
    save_and_continue(volunteer, "Check your report")
    expect(volunteer.get_by_role("heading", name="Detainees (8)")).to_be_visible()
    expect(volunteer.get_by_role("heading", name="Issues (2)")).to_be_visible()

    volunteer.get_by_role("button", name="Submit report").tap()
    expect(heading(volunteer)).to_have_text("Report submitted")
    check_page(volunteer)
    if javascript:
        # The six steps, check your report, submitted: one page load each, no more — adding
        # detainees and issues happens on the page.
        assert len(loads) == 8, loads

    # The partner confirms it, on their own phone.
    other = new_context(java_script_enabled=javascript).new_page()
    sign_in(other, live_server, "trevor.nightingale@example.org", PARTNER_PASSWORD)
    expect(other.get_by_role("heading", name="Waiting for you to confirm")).to_be_visible()
    check_page(other)
    other.get_by_role("link", name=re.compile(suite)).first.tap()
    expect(other.get_by_text("Alex Morgan filed this report with you")).to_be_visible()
    check_page(other)
    other.get_by_role("button", name="Confirm report").tap()
    expect(other.get_by_text("You have confirmed the report")).to_be_visible()
    check_page(other)

    # The coordinator reviews it.
    coordinator = new_context(java_script_enabled=javascript).new_page()
    sign_in(coordinator, live_server, "coordinator@example.org", PASSWORD)
    waiting = coordinator.get_by_role("region", name=re.compile("Waiting for your review"))
    link = waiting.get_by_role("link").filter(has_text=suite).first
    link.tap()
    expect(coordinator.get_by_text("Camera in cell 2 not recording").first).to_be_visible()
    check_page(coordinator)
    coordinator.get_by_role("button", name="Mark as reviewed").tap()
    expect(coordinator.get_by_text("The report is marked as reviewed")).to_be_visible()
    check_page(coordinator)
