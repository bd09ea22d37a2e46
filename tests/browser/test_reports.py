"""The coordinator's reports page on a phone and on paper: the figures, charts and narrative
of the demo scheme, readable at 360 px, printable, and free of axe-core violations."""

import re

import pytest
from playwright.sync_api import expect

from icv.demo import PASSWORD, TWO_STEP_SECRET
from tests.browser.checks import check_page
from tests.browser.test_journeys import enter_two_step_code, follow

pytestmark = pytest.mark.browser


def heading(page):
    return page.get_by_role("heading", level=1)


def open_page(page, url):
    response = page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"


def sign_in(page, live_server, email):
    open_page(page, live_server + "/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    enter_two_step_code(page, email, TWO_STEP_SECRET)
    expect(page).to_have_url(live_server + "/")


def open_menu(page):
    """On a phone the menu may be folded behind its "Menu" button."""
    menu = page.get_by_role("navigation", name="Menu")
    toggle = menu.get_by_role("button", name="Menu")
    if toggle.is_visible():
        toggle.tap()
    return menu


def test_the_reports_page_reads_on_a_phone_and_prints(page, live_server):
    sign_in(page, live_server, "coordinator@example.org")
    response = follow(page, open_menu(page).get_by_role("link", name="Reports", exact=True))
    assert response.status == 200
    # This financial year, not over yet: its figures are to date, beside last year's.
    expect(heading(page)).to_have_text(re.compile(r"^Statistics for \d{4}/\d{2} to date$"))
    expect(page.locator("#in-progress")).to_contain_text("not over yet")
    expect(page.locator(".icv-narrative")).to_contain_text("a total of")
    expect(page.locator(".icv-narrative")).to_contain_text("Compared to the previous year")
    expect(page.locator("#table-comparison")).to_contain_text("Change")
    charts = page.get_by_role("img")
    expect(charts).to_have_count(3)
    expect(page.get_by_role("img", name=re.compile("Visits per suite by month"))).to_be_visible()
    check_page(page)

    # Another quarter, chosen with the period form.
    page.get_by_label("Financial year or quarter").select_option(index=2)
    page.get_by_role("button", name="Show statistics", exact=True).tap()
    expect(heading(page)).to_have_text(re.compile(r"Q\d$"))
    check_page(page)

    # On paper: the figures only, without the menu, the forms or the downloads.
    page.emulate_media(media="print")
    expect(page.locator(".govuk-service-navigation")).to_be_hidden()
    expect(page.get_by_role("button", name="Show statistics", exact=True)).to_be_hidden()
    expect(page.get_by_role("link", name=re.compile("Excel workbook"))).to_be_hidden()
    expect(page.locator(".icv-narrative")).to_be_visible()
    expect(page.locator("#table-summary")).to_be_visible()
    check_page(page)
    page.emulate_media(media="screen")


def test_the_coordinator_puts_the_suites_in_the_schemes_order_on_a_phone(page, live_server):
    sign_in(page, live_server, "coordinator@example.org")
    follow(page, open_menu(page).get_by_role("link", name="Suites", exact=True))
    check_page(page)
    rows = page.locator("tbody tr")
    first = rows.first.locator("a").text_content().strip()
    second = rows.nth(1).locator("a").text_content().strip()
    follow(page, page.get_by_role("button", name=f"Move up {second}"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{second} is moved up")
    expect(rows.first.locator("a")).to_have_text(second)
    expect(rows.nth(1).locator("a")).to_have_text(first)
    check_page(page)
    # The statistics list the suites in that order.
    follow(page, open_menu(page).get_by_role("link", name="Reports", exact=True))
    expect(page.locator("#table-suites tbody tr").first.locator("th")).to_have_text(second)


def test_an_import_with_bad_lines_lists_them_on_a_phone(page, live_server):
    sign_in(page, live_server, "coordinator@example.org")
    open_page(page, live_server + "/reports/import")
    check_page(page)
    page.get_by_label("CSV file of visits").set_input_files(
        {
            "name": "visits.csv",
            "mimeType": "text/csv",
            "buffer": (
                b"date,suite,arrived,admitted,wait_minutes,visitors,accepted,declined,"
                b"not_available,not_offered\n"
                b"2016-02-30,Keyham Lane,,,3,,1,0,0,0\n"
                b"2016-04-05,Nowhere,,,3,,1,0,0,0\n"
            ),
        }
    )
    page.get_by_role("button", name="Import visits").tap()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Line 2: date “2016-02-30” is not a real date")
    expect(summary).to_contain_text("Line 3: no suite is called “Nowhere”")
    expect(page).to_have_title(re.compile(r"^Error: "))
    check_page(page)
