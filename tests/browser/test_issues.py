"""Issues on a phone: the force user answers an overdue issue; the coordinator reads the list,
the dashboard and an issue's history, and refers an open issue. check_page on every page."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.checks import check_page
from tests.browser.test_journeys import error_summary, follow, heading, open_menu, sign_in

pytestmark = pytest.mark.browser


def fill_date(group, day: date):
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def fill_date_blank(group):
    for part in ("Day", "Month", "Year"):
        group.get_by_label(part).fill("")


def test_the_force_user_answers_an_overdue_issue_on_a_phone(page, live_server):
    sign_in(page, live_server, "force@example.org")
    follow(page, open_menu(page).get_by_role("link", name="Issues", exact=True))
    expect(heading(page)).to_have_text("Issues referred to you")
    waiting = page.get_by_role("region", name=re.compile("^Waiting for your answer"))
    expect(waiting.get_by_role("row").nth(1)).to_contain_text("Overdue")  # overdue come first
    check_page(page)

    first = waiting.get_by_role("link").first
    subject = first.text_content().strip()
    follow(page, first)
    expect(page.locator(".govuk-warning-text")).to_contain_text("Overdue")
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    check_page(page)

    # The date it was done starts at today.
    when = page.get_by_role("group", name="When was it done?")
    expect(when.get_by_label("Day")).to_have_value(str(date.today().day))
    expect(when.get_by_label("Year")).to_have_value(str(date.today().year))

    # Sent empty: both mistakes are listed, and the page still meets the standard.
    fill_date_blank(when)
    response = follow(page, page.get_by_role("button", name="Send the answer"))
    assert response.status == 400
    summary = error_summary(page)
    expect(summary.get_by_role("link")).to_have_text(
        ["Enter what was done about the issue", "Enter the date it was done"]
    )
    check_page(page)

    page.get_by_label("What was done?").fill("Engineer attended and repaired it the same day")
    fill_date(page.get_by_role("group", name="When was it done?"), date.today())
    response = follow(page, page.get_by_role("button", name="Send the answer"))
    assert response.status == 302  # then the issue page again
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your answer is sent to the scheme coordinator"
    )
    history = page.locator(".icv-audit")
    expect(history).to_contain_text("Answered by the force")
    expect(history).to_contain_text("Inspector Claire Booth")
    expect(page.get_by_role("button", name="Send the answer")).to_have_count(0)
    check_page(page)

    follow(page, page.get_by_role("link", name="Issues referred to you"))  # the back link
    answered = page.get_by_role("region", name="Answered recently")
    expect(answered.get_by_role("link", name=subject).first).to_be_visible()


def test_the_coordinator_follows_issues_up_on_a_phone(page, live_server):
    sign_in(page, live_server, "coordinator@example.org")
    follow(page, open_menu(page).get_by_role("link", name="Issues", exact=True))
    expect(heading(page)).to_have_text("Issues")
    check_page(page)

    follow(page, page.get_by_role("link", name=re.compile("^Dashboard")))
    expect(heading(page)).to_have_text("Issues dashboard")
    check_page(page)

    follow(page, page.get_by_role("link", name="Issues", exact=True).last)  # the back link
    page.get_by_text("Filter issues").tap()
    page.get_by_label("Status").select_option("open")
    follow(page, page.get_by_role("button", name="Filter"))
    expect(page).to_have_url(re.compile(r"status=open"))
    expect(heading(page)).to_have_text("Issues")
    check_page(page)
    links = page.get_by_role("table").get_by_role("link")
    issues = [links.nth(n).get_attribute("href") for n in range(links.count())]
    for issue in issues:  # the first whose report the pair have agreed, so it can be referred
        page.goto(live_server + issue)
        if page.get_by_role("button", name="Refer to the force").count():
            break
        expect(page.get_by_text("once the partner has confirmed the report")).to_be_visible()
    expect(page.get_by_role("heading", name="Refer to the force")).to_be_visible()
    check_page(page)

    response = follow(page, page.get_by_role("button", name="Refer to the force"))
    assert response.status == 302
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Referred to the force, to answer by"
    )
    expect(page.locator(".icv-audit")).to_contain_text("Referred to the force")
    check_page(page)
