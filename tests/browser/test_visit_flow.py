"""The visit's flow on a 360x740 phone (issue 11): a volunteer gives the reason for a wait as a
choice, marks the suite "All areas satisfactory" in one tap and then the one exception, and is
asked "Are you sure?" of a report that records nothing. With and without JavaScript;
check_page (axe-core, no sideways scroll) on every page on the way."""

import pytest
from playwright.sync_api import expect

from tests.browser.checks import check_page
from tests.browser.test_journeys import heading, sign_in
from tests.browser.test_report_journey import save_and_continue

pytestmark = pytest.mark.browser


def start_report(page, live_server, suite):
    sign_in(page, live_server, "volunteer@example.org")
    page.get_by_role("button", name="Start a visit report").tap()
    expect(heading(page)).to_have_text("The visit")
    page.get_by_label(suite).check()
    page.get_by_label("Your partner").select_option(index=1)
    save_and_continue(page, "Access to the suite")


@pytest.mark.parametrize(
    ("javascript", "suite"),
    [(True, "Euston Street"), (False, "Keyham Lane")],
    ids=["javascript", "no-javascript"],
)
def test_a_volunteer_marks_all_areas_satisfactory_then_the_one_exception(
    live_server, new_context, javascript, suite
):
    """13 taps for a suite in order before; now "All areas satisfactory", then the exception
    ("Concern" and its words), then "Save and continue"."""
    page = new_context(java_script_enabled=javascript).new_page()
    start_report(page, live_server, suite)

    page.get_by_label("Time you arrived and asked to be let in").fill("14:00")
    page.get_by_label("Time you were let in").fill("14:12")
    delay = page.get_by_role("group", name="Reason for the delay")
    delay.get_by_label("Suite busy").check()
    page.get_by_label("Rank and name of who authorised the delay").fill("Inspector R Khan")
    check_page(page)
    save_and_continue(page, "Detainees")
    page.locator('input[name="detainees-0-outcome"][value="accepted"]').check()
    save_and_continue(page, "The suite")

    page.get_by_role("button", name="All areas satisfactory").tap()
    expect(heading(page)).to_have_text("The suite")
    expect(page.get_by_text("Every area is marked satisfactory")).to_be_visible()
    expect(page.locator('input[value="satisfactory"]:checked')).to_have_count(13)
    check_page(page)

    cleanliness = page.get_by_role("group", name="Cleanliness", exact=True)
    cleanliness.get_by_label("Concern", exact=True).check()
    cleanliness.get_by_label("Describe the concern").fill("Cell 3 not cleaned")
    expect(page.locator('input[value="satisfactory"]:checked')).to_have_count(12)
    check_page(page)
    save_and_continue(page, "Issues raised")
    save_and_continue(page, "Other observations")
    save_and_continue(page, "Check your report")
    expect(page.get_by_text("Suite busy")).to_be_visible()
    expect(page.get_by_text("Are you sure?")).to_have_count(0)  # something was recorded
    page.get_by_role("button", name="Submit report").tap()
    expect(heading(page)).to_have_text("Report submitted")
    check_page(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_report_that_records_nothing_asks_are_you_sure_once(live_server, new_context, javascript):
    page = new_context(java_script_enabled=javascript).new_page()
    start_report(page, live_server, "Beaumont Leys")
    page.get_by_label("Time you arrived and asked to be let in").fill("10:00")
    page.get_by_label("Time you were let in").fill("10:01")
    save_and_continue(page, "Detainees")
    save_and_continue(page, "The suite")
    save_and_continue(page, "Issues raised")
    save_and_continue(page, "Other observations")
    save_and_continue(page, "Check your report")
    expect(page.get_by_role("heading", name="Are you sure?")).to_be_visible()
    page.get_by_role("button", name="Submit report").tap()
    expect(page.get_by_role("alert")).to_contain_text("no detainees and no area of the suite")
    check_page(page)
    page.get_by_label("Yes, submit it: there were no detainees").check()
    page.get_by_role("button", name="Submit report").tap()
    expect(heading(page)).to_have_text("Report submitted")
    check_page(page)


def test_on_the_phone_all_areas_satisfactory_marks_every_area_but_a_concern(
    live_server, new_context
):
    page = new_context().new_page()
    sign_in(page, live_server, "volunteer@example.org")
    page.goto(live_server + "/visits/on-this-phone#new")
    expect(heading(page)).to_have_text("Visit report on this phone")
    cctv = page.get_by_role("group", name="CCTV", exact=True)
    cctv.get_by_label("Concern", exact=True).check()
    cctv.get_by_label("Describe the concern").fill("Camera in cell 2 off")
    page.get_by_role("button", name="All areas satisfactory").tap()
    expect(page.locator('input[value="satisfactory"]:checked')).to_have_count(12)
    expect(cctv.get_by_label("Concern", exact=True)).to_be_checked()
    expect(page.locator("[data-saved-status]")).to_contain_text("Kept on this phone at")
    check_page(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_all_areas_satisfactory_keeps_a_concern_typed_and_enter_still_saves_and_continues(
    live_server, new_context, javascript
):
    """The lead ticks Cleanliness "Concern" and describes it, then taps "All areas
    satisfactory" before saving: the concern stays, every other area is satisfactory. Enter
    pressed on the page then means "Save and continue", never "All areas satisfactory"."""
    page = new_context(java_script_enabled=javascript).new_page()
    start_report(page, live_server, "Beaumont Leys")
    page.get_by_label("Time you arrived and asked to be let in").fill("09:00")
    page.get_by_label("Time you were let in").fill("09:01")
    save_and_continue(page, "Detainees")
    save_and_continue(page, "The suite")

    cleanliness = page.get_by_role("group", name="Cleanliness", exact=True)
    cleanliness.get_by_label("Concern", exact=True).check()
    cleanliness.get_by_label("Describe the concern").fill("Cell 3 not cleaned")
    page.get_by_role("button", name="All areas satisfactory").tap()
    expect(page.get_by_text("Every area is marked satisfactory")).to_be_visible()
    expect(page.locator('input[value="satisfactory"]:checked')).to_have_count(12)
    expect(cleanliness.get_by_label("Concern", exact=True)).to_be_checked()
    expect(cleanliness.get_by_label("Describe the concern")).to_have_value("Cell 3 not cleaned")
    check_page(page)

    cctv = page.get_by_role("group", name="CCTV", exact=True)
    cctv.get_by_label("Not checked", exact=True).check()
    cctv.get_by_label("Not checked", exact=True).press("Enter")
    expect(heading(page)).to_have_text("Issues raised")
    page.goto(page.url.split("?")[0].replace("/issues", "/checklist"))
    expect(heading(page)).to_have_text("The suite")
    expect(cctv.get_by_label("Not checked", exact=True)).to_be_checked()  # saved, not marked
