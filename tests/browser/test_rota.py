"""The rota on a phone (360x740): the demo volunteer sees their own planned visits; the
coordinator reads the coverage grid and a quarter's rota; every page axe-core clean."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.checks import check_page
from tests.browser.test_journeys import heading, open_menu, sign_in

pytestmark = pytest.mark.browser


def test_a_volunteer_sees_their_own_visits_on_a_phone(page, live_server):
    sign_in(page, live_server, "volunteer@example.org")
    open_menu(page).get_by_role("link", name="Your rota").click()
    expect(heading(page)).to_have_text("Your rota")
    visits = page.locator("#my-rota > li")
    expect(visits.first).to_contain_text(
        re.compile(r"Week of \d{1,2} \w+ \d{4}: [A-Za-z ]+, with ")
    )
    assert visits.count() >= 1
    check_page(page)
    visits.first.get_by_role("link", name=re.compile("Swap with another volunteer")).click()
    expect(heading(page)).to_have_text("Swap with another volunteer")
    check_page(page)


def test_the_coordinator_reads_the_coverage_grid_and_the_rota_on_a_phone(page, live_server):
    sign_in(page, live_server, "coordinator@example.org")
    open_menu(page).get_by_role("link", name="Rota").click()
    expect(heading(page)).to_have_text("Rota")
    check_page(page)
    page.get_by_role("link", name="Coverage: each suite, week by week").click()
    expect(heading(page)).to_have_text(re.compile(r"^Coverage: \d{4}/\d{2} Q\d$"))
    grid = page.locator("#coverage-grid")
    expect(grid.get_by_role("columnheader", name="Keyham Lane")).to_be_visible()
    expect(grid.locator("td[data-state]").first).to_be_visible()
    check_page(page)
    open_menu(page).get_by_role("link", name="Rota", exact=True).click()
    page.locator("main").get_by_role("link", name=re.compile(r"^\d{4}\S\d{2} Q\d$")).first.click()
    expect(page.get_by_role("link", name=re.compile("Swap a visitor")).first).to_be_visible()
    check_page(page)
