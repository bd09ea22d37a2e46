"""The Word board paper: the sections the board's papers take, the narrative, the comparison
table and the charts as pictures, from `icv report` and from the statistics page."""

import io
import json

import pytest
from docx import Document

from icv import periods
from icv.models import AuditEvent, Role
from icv.reporting import board_paper, comparison, narrative, statistics
from tests.test_statistics import import_llr

Q3 = "2016/17 Q3"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def llr_2016_17(db):
    import_llr(db)


def text_of(document) -> str:
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def rows_of(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_icv_report_writes_the_quarters_board_paper(runner, llr_2016_17, tmp_path, db):
    path = tmp_path / "paper.docx"
    result = runner.invoke(args=["report", "quarter", Q3, "--format", "docx", "-o", str(path)])
    assert result.exit_code == 0, result.output
    document = Document(str(path))
    text = text_of(document)
    stats = statistics.compute(db, periods.parse(Q3))
    for paragraph in narrative.paragraphs(stats):
        assert paragraph in text
    assert "a total of" in narrative.paragraphs(stats)[0]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "1. Purpose of Report",
        "2. Recommendation",
        "3. Background",
        "4. Findings",
        "5. Implications",
        "6. List of Appendices",
        "7. Background Papers",
        "8. Persons to Contact",
    ]
    assert "1.1 The purpose of this report is to inform the Board" in text
    assert "2.1 The Board is recommended to note the contents of the report." in text
    assert "data which has not been received at the time of the report will not appear" in text
    assert "The figures in this report are as at" in text
    header = rows_of(document.tables[0])
    assert [row[0] for row in header] == ["Report of", "Date", "Subject", "Author"]
    assert header[2][1] == f"Independent Custody Visiting: {Q3}"
    for name in ("Financial", "Legal", "Equality Impact Assessment", "Risks and Impact"):
        assert f"{name}: " in text
    # The charts, as pictures with their text alternative.
    assert len(document.inline_shapes) == 3
    pictures = [part for part in document.part.package.parts if part.content_type == "image/png"]
    assert len(pictures) == 3 and all(p.blob.startswith(b"\x89PNG") for p in pictures)
    described = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert described[1].startswith("Immediate (0 to 5 minutes): ")
    # The figures tables, as on the page.
    summary = next(t for t in document.tables if rows_of(t)[0] == ["Figure", "Number", "Per cent"])
    assert ["Visits", str(stats["visits"]["total"]), "–"] in rows_of(summary)


def test_the_paper_holds_the_comparison_table(db, llr_2016_17):
    stats = statistics.compute(db, periods.parse(Q3))
    document = Document(io.BytesIO(board_paper.to_docx(stats, contact="Alex Coordinator")))
    table = next(t for t in document.tables if rows_of(t)[0][0:2] == ["Figure", Q3])
    rows = rows_of(table)
    assert rows[0] == [
        "Figure",
        Q3,
        "2016/17 Q2",
        "Change",
        "2015/16 Q3",
        "Change",
        "Year to date (2016/17 Q1 to Q3)",
    ]
    visits = {row[0]: row for row in rows}["Visits"]
    q2 = stats["comparison"]["previous_period"]["visits"]["total"]
    now, ytd = stats["visits"]["total"], stats["comparison"]["year_to_date"]["visits"]["total"]
    assert visits[1:3] == [str(now), str(q2)]
    assert visits[3] == comparison.change(now, q2, "Q2")
    assert visits[4:6] == ["no figures", ""]  # no visit recorded then: not compared
    assert visits[6] == f"{ytd:,}"
    text = text_of(document)
    assert "8.1 Alex Coordinator, Independent Custody Visiting Scheme Coordinator." in text
    # The comparison is told in the narrative too, and the table is there once.
    assert "2016/17 Q2" in text
    assert sum(rows_of(t)[0][0:2] == ["Figure", Q3] for t in document.tables) == 1


def test_the_board_paper_downloads_from_the_page(client, db, login_as, llr_2016_17):
    coordinator = login_as(Role.COORDINATOR, name="Alex Coordinator")
    page = client.get("/reports/", query_string={"period": Q3}).get_data(as_text=True)
    assert "Download the board paper (Word)" in page
    assert "/reports/export/docx?period=2016/17+Q3" in page
    response = client.get("/reports/export/docx", query_string={"period": Q3})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == DOCX
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="icv-board-paper-2016-17-Q3.docx"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    document = Document(io.BytesIO(response.data))
    assert "8.1 Alex Coordinator, Independent Custody Visiting Scheme Coordinator." in text_of(
        document
    )
    event = db.query(AuditEvent).filter_by(action="export_downloaded").one()
    assert event.actor_id == coordinator.id
    assert event.after == {"period": Q3, "format": "docx"}


def test_a_published_paper_says_so_and_names_its_publisher(client, db, login_as, runner, tmp_path):
    import_llr(db)
    login_as(Role.COORDINATOR, name="Sam Publisher")
    client.post("/reports/publish", data={"period": "2016/17"})
    path = tmp_path / "annual.docx"
    result = runner.invoke(
        args=["report", "annual", "2016/17", "--format", "docx", "-o", str(path)]
    )
    assert result.exit_code == 0, result.output
    text = text_of(Document(str(path)))
    as_at = board_paper.as_at(
        figures := json.loads(runner.invoke(args=["report", "annual", "2016/17"]).output)
    )
    assert f"3.2 The figures in this report are as at {as_at}, published on " in text
    assert "by Sam Publisher. Please note" in text and "(as at" not in text
    assert "8.1 Sam Publisher, Independent Custody Visiting Scheme Coordinator." in text
    assert "2016/17 (1 April 2016 to 31 March 2017)" in text
    figures = json.loads(runner.invoke(args=["report", "annual", "2016/17"]).output)
    assert figures["published"]["published_by"] == "Sam Publisher"


def test_a_period_in_progress_is_to_date(db):
    stats = {**statistics.compute(db, periods.parse("2026/27 Q3")), "complete": False}
    text = text_of(Document(io.BytesIO(board_paper.to_docx(stats))))
    assert "2026/27 Q3 has not yet ended: its figures are to date" in text
    assert "No visits were made during 2026/27 Q3 (October to December 2026) to date." in text
    assert "8.1 The Independent Custody Visiting Scheme Coordinator." in text


def test_a_paper_piped_from_icv_report_is_the_word_file(runner, db):
    result = runner.invoke(args=["report", "quarter", Q3, "--format", "docx"])
    assert result.exit_code == 0
    assert "1. Purpose of Report" in text_of(Document(io.BytesIO(result.stdout_bytes)))


def test_the_period_is_named_naturally_in_the_paper(runner, db, tmp_path):
    def words(text):
        return board_paper.period_words(statistics.compute(db, periods.parse(text)))

    assert words("2016/17 Q3") == "2016/17 Q3 (October to December 2016)"
    assert words("2016/17") == "2016/17 (1 April 2016 to 31 March 2017)"
    assert board_paper.period_words(
        {"period": {"label": "x to y", "start": "2025-11-01", "end": "2026-11-30"}}
    ) == ("the period from 1 November 2025 to 30 November 2026")
    path = tmp_path / "range.docx"
    result = runner.invoke(
        args=["report", "range", "2025-11-01", "2026-11-30", "--format", "docx", "-o", str(path)]
    )
    assert result.exit_code == 0, result.output
    text = text_of(Document(str(path)))
    assert "during the period from 1 November 2025 to 30 November 2026:" in text
