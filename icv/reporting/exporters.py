"""The statistics of a period, as icv.reporting.figure_tables makes them, written as CSV, XLSX, JSON
and a printable HTML file (the Word board paper: icv.reporting.board_paper)."""

import csv
import io
import json

from icv.reporting import narrative, published
from icv.reporting.figure_tables import tables

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

# A spreadsheet reads a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# -- Formats ----------------------------------------------------------------------------------


def filename(stats: dict, fmt: str) -> str:
    label = stats["period"]["label"]
    if " to " in label:
        label = f"{stats['period']['start']}-to-{stats['period']['end']}"
    slug = label.replace("/", "-").replace(" ", "-")
    kind = "board-paper" if fmt == "docx" else "statistics"
    return f"icv-{kind}-{slug}.{fmt}"


def to_json(stats: dict) -> str:
    return json.dumps({**stats, "narrative": narrative.paragraphs(stats)}, indent=2) + "\n"


def text_cell(value) -> str:
    """A cell as text that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(stats: dict) -> str:
    """Each table under its title, tables parted by a blank line; the narrative last."""
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow([text_cell(f"Custody visiting statistics {narrative.title(stats)}")])
    for line in published.notices(stats):
        writer.writerow([text_cell(line)])
    writer.writerow([])
    for table in tables(stats):
        writer.writerow([text_cell(table.title)])
        writer.writerow([text_cell(column) for column in table.columns])
        for row in table.rows:
            writer.writerow([text_cell(cell) for cell in row])
        writer.writerow([])
    writer.writerow(["Narrative"])
    for paragraph in narrative.paragraphs(stats):
        writer.writerow([text_cell(paragraph)])
    return output.getvalue()


def to_xlsx(stats: dict) -> bytes:
    """A sheet per table, with its column headings in the first row."""
    import xlsxwriter

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        output,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    for table in tables(stats):
        sheet = workbook.add_worksheet(table.title[:31])
        for column, heading in enumerate(table.columns):
            sheet.write_string(0, column, heading, bold)
        for number, row in enumerate(table.rows, start=1):
            for column, cell in enumerate(row):
                write_cell(sheet, number, column, cell)
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, max(1, len(table.columns) - 1), 14)
        sheet.freeze_panes(1, 0)
    sheet = workbook.add_worksheet("Narrative")
    sheet.set_column(0, 0, 120)
    sheet.write_string(0, 0, f"Custody visiting statistics {narrative.title(stats)}", bold)
    lines = published.notices(stats)
    for number, paragraph in enumerate([*lines, *narrative.paragraphs(stats)], start=1):
        sheet.write_string(number, 0, paragraph, wrap)
    workbook.close()
    return output.getvalue()


def write_cell(sheet, row: int, column: int, cell):
    if cell is None:
        sheet.write_blank(row, column, None)
    elif isinstance(cell, bool):
        sheet.write_string(row, column, "Yes" if cell else "No")
    elif isinstance(cell, int | float):
        sheet.write_number(row, column, cell)
    else:
        # Always a string cell, never a formula: a suite named "=HYPERLINK(…)" stays text.
        sheet.write_string(row, column, str(cell))


def to_html(stats: dict) -> str:
    """The printable report: one self-contained HTML file, its styles inside, for a board paper."""
    from flask import current_app, has_request_context, render_template

    from icv.reporting import charts

    def render():
        return render_template(
            "statistics/standalone.html",
            stats=stats,
            tables=tables(stats),
            charts=charts.all_charts(stats),
            paragraphs=narrative.paragraphs(stats),
            notice=published.notice(stats),
            changed=published.changed_notice(stats),
        )

    if has_request_context():
        return render()
    with current_app.test_request_context():  # from the console: no one is signed in
        return render()


def export(stats: dict, fmt: str, contact: str | None = None) -> str | bytes:
    """The figures in `fmt`; the Word board paper names `contact` as the person to contact
    (by default, whoever published the figures)."""
    if fmt == "docx":
        from icv.reporting import board_paper

        return board_paper.to_docx(stats, contact=contact)
    return {"csv": to_csv, "xlsx": to_xlsx, "json": to_json, "html": to_html}[fmt](stats)
