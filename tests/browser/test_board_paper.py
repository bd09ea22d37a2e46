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
    assert f"During {quarter.label} a total of" in text
    assert "published on" in text
    assert len(document.inline_shapes) == 3
