"""On a phone, the coordinator publishes a quarter to the board and downloads its Word paper."""

import io
import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from docx import Document
from playwright.sync_api import expect

from icv import clock, periods
from tests.browser.checks import check_page
from tests.browser.test_reports import heading, open_page, sign_in

pytestmark = pytest.mark.browser


def test_a_quarter_is_published_and_its_board_paper_downloaded(page, live_server):
    quarter = periods.quarter_of(clock.today() - timedelta(days=200))
    sign_in(page, live_server, "coordinator@example.org")
    open_page(page, f"{live_server}/reports/?period={quote(quarter.key)}")
    expect(heading(page)).to_have_text(f"Statistics for {quarter.label}")

    page.get_by_role("button", name="Publish these figures").tap()
    expect(page.locator("#publication-notice")).to_contain_text(
        re.compile(r"Published on .* by .* \(as at ")
    )
    expect(page.locator("#revisions")).to_contain_text("Revision 1")
    check_page(page)

    link = page.get_by_role("link", name="Download the board paper (Word)")
    with page.expect_download() as waiting:
        link.tap()
    download = waiting.value
    assert download.suggested_filename == (
        f"icv-board-paper-{quarter.label.replace('/', '-').replace(' ', '-')}.docx"
    )
    with open(download.path(), "rb") as opened:
        document = Document(io.BytesIO(opened.read()))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "The Board is recommended to note the contents of the report." in text
    assert f"During {quarter.label} (" in text and " a total of " in text
    assert "published on" in text
    assert len(document.inline_shapes) == 3

    # A visit imported late into the quarter: the page says what changed, and a revision
    # is published beside the first.
    visited = quarter.start + timedelta(days=10)
    open_page(page, live_server + "/reports/import")
    page.get_by_label("CSV file of visits").set_input_files(
        {
            "name": "late.csv",
            "mimeType": "text/csv",
            "buffer": (
                b"date,suite,arrived,admitted,wait_minutes,visitors,accepted,declined,"
                b"not_available,not_offered\n" + f"{visited},Keyham Lane,,,3,,1,0,0,0\n".encode()
            ),
        }
    )
    page.get_by_role("button", name="Import visits").tap()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("1")
    open_page(page, f"{live_server}/reports/?period={quote(quarter.key)}")
    differ = page.locator("#live-figures-differ")
    expect(differ).to_contain_text("The live figures have changed since these were published")
    expect(differ).to_contain_text(re.compile(r"Visits: [\d,]+ published, [\d,]+ now"))
    check_page(page)
    page.get_by_role("button", name="Publish a revision").first.tap()
    expect(page.locator("#publication-notice")).to_contain_text("Revision 2, published on")
    expect(page.locator("#revisions li")).to_have_count(2)
    expect(page.locator("#live-figures-differ")).to_have_count(0)
    check_page(page)


def test_a_quarter_published_meanwhile_on_another_phone_is_not_published_twice(
    new_context, live_server
):
    quarter = periods.quarter_of(clock.today() - timedelta(days=320))
    address = f"{live_server}/reports/?period={quote(quarter.key)}"
    phones = []
    for _ in range(2):  # the coordinator's phone and their laptop, or two coordinators
        page = new_context().new_page()
        sign_in(page, live_server, "coordinator@example.org")
        open_page(page, address)
        expect(page.get_by_role("button", name="Publish these figures")).to_be_visible()
        phones.append(page)
    first, second = phones

    first.get_by_role("button", name="Publish these figures").tap()
    expect(first.locator("#publication-notice")).to_contain_text("Published on")

    with second.expect_navigation() as answered:
        second.get_by_role("button", name="Publish these figures").tap()
    assert answered.value.status == 409
    expect(heading(second)).to_have_text("Revision 1 was published meanwhile")
    expect(second.locator("main")).to_contain_text(
        f"Revision 1 of {quarter.label} was published meanwhile: look at it before you publish"
    )
    check_page(second)
    second.get_by_role("link", name=f"See the figures of {quarter.label} as they are now").tap()
    expect(second.locator("#publication-notice")).to_contain_text("Published on")
    expect(second.locator("#revisions li")).to_have_count(1)  # one revision, not two
    check_page(second)
