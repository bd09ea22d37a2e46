"""Volunteers' records on a phone (360x740): the coordinator sees the scheme's volunteers and
alerts on the home page, opens a volunteer's record from an alert, corrects a mistake and
saves it, and adds dates they cannot visit; a volunteer adds their own. check_page (axe-core
and the rest) runs on every page reached."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.checks import check_page
from tests.browser.test_issues import fill_date, fill_date_blank
from tests.browser.test_journeys import error_summary, follow, heading, open_menu, sign_in

pytestmark = pytest.mark.browser


def test_the_coordinator_keeps_a_volunteers_record_on_a_phone(page, live_server):
    sign_in(page, live_server, "coordinator@example.org")
    # 29 in the demo, and any other test here has added since.
    expect(page.get_by_text(re.compile(r"(29|3\d) volunteers in the scheme"))).to_be_visible()
    alerts = page.locator(".icv-alerts")
    expect(alerts.get_by_text("Term ends on")).to_have_count(1)
    expect(alerts.get_by_text("Vetting expires on").first).to_be_visible()
    check_page(page)

    term_alert = alerts.locator("li", has_text="Term ends on")
    name = term_alert.get_by_role("link").text_content().strip()
    follow(page, term_alert.get_by_role("link"))
    expect(heading(page)).to_have_text("Volunteer record")
    expect(page.locator(".govuk-caption-l")).to_have_text(name)
    check_page(page)

    joined = page.get_by_role("group", name="Joined the scheme")
    fill_date_blank(joined)
    response = follow(page, page.get_by_role("button", name="Save record"))
    assert response.status in (200, 400)
    summary = error_summary(page)
    expect(summary).to_contain_text("Enter the date they joined the scheme")
    expect(joined.locator(".govuk-error-message")).to_contain_text(
        "Enter the date they joined the scheme"
    )
    check_page(page)

    fill_date(joined, date(2019, 9, 2))
    follow(page, page.get_by_role("button", name="Save record"))
    expect(page.get_by_text(f"{name}’s record is saved")).to_be_visible()
    follow(page, page.get_by_role("button", name="Renew for three years"))
    expect(page.get_by_text(f"{name}’s term now ends on")).to_be_visible()
    check_page(page)

    follow(page, page.get_by_role("button", name="Add dates they cannot visit"))
    expect(heading(page)).to_have_text("Add dates they cannot visit")
    start = date.today() + timedelta(days=100)
    fill_date(page.get_by_role("group", name="From"), start)
    fill_date(page.get_by_role("group", name="Until"), start + timedelta(days=2))
    follow(page, page.get_by_role("button", name="Add dates"))
    expect(page.get_by_text("The dates are added")).to_be_visible()
    expect(page.get_by_text(f"{start.day} {start:%B %Y} to")).to_be_visible()
    check_page(page)

    follow(page, page.get_by_role("button", name="Add a meeting or training day"))
    expect(heading(page)).to_have_text("Add a meeting or training day")
    check_page(page)


def test_a_volunteer_adds_the_dates_they_cannot_visit_on_a_phone(page, live_server):
    sign_in(page, live_server, "volunteer@example.org")
    open_menu(page)
    follow(page, page.get_by_role("link", name="Your account"))
    follow(page, page.get_by_role("link", name="Your dates unavailable"))
    expect(heading(page)).to_have_text("Dates you cannot visit")
    check_page(page)

    start = date.today() + timedelta(days=30)
    fill_date(page.get_by_role("group", name="From"), start)
    fill_date(page.get_by_role("group", name="Until"), start - timedelta(days=1))
    follow(page, page.get_by_role("button", name="Add dates"))
    expect(error_summary(page)).to_contain_text(
        "The last day must be the same as or after the first day"
    )
    check_page(page)

    fill_date(page.get_by_role("group", name="Until"), start + timedelta(days=6))
    follow(page, page.get_by_role("button", name="Add dates"))
    expect(page.get_by_text("The dates are added")).to_be_visible()
    expect(page.get_by_text(f"{start.day} {start:%B %Y} to")).to_be_visible()
    check_page(page)
