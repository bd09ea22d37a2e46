"""The Word board paper for the Strategic Assurance Board, in the shape its papers take (the
PCC's quarter 3 performance report of March 2015): a header table, then numbered sections —
Purpose of Report, Recommendation, Background, Findings (the narrative, the comparisons, the
figures tables and the charts as pictures), Implications, List of Appendices, Background Papers
and Persons to Contact — ready to drop into the board's own template.
"""

import io
from datetime import date, datetime

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from icv import clock
from icv.reporting import chart_pictures, figure_tables, narrative, published

REPORT_OF = "The Police and Crime Commissioner"
CONTACT_ROLE = "Independent Custody Visiting Scheme Coordinator"
WIDE = 5  # columns
IMPLICATIONS = {
    "Financial": "None arising from this report.",
    "Legal": (
        "The Police and Crime Commissioner must run an Independent Custody Visiting scheme "
        "(Police Reform Act 2002, section 51) under the Home Office Code of Practice on "
        "Independent Custody Visiting."
    ),
    "Equality Impact Assessment": (
        "None arising from this report. Custody visitors check that every detainee, whatever "
        "their needs, is offered their rights and entitlements."
    ),
    "Risks and Impact": (
        "Visits missed or access delayed weaken the independent oversight of detainees' "
        "welfare; the figures above show both."
    ),
    "Link to the Police and Crime Plan": (
        "Independent custody visiting gives the public confidence in the treatment of "
        "detainees held by the police."
    ),
}


def to_docx(stats: dict, contact: str | None = None) -> bytes:
    """The board paper of the figures in `stats`, naming `contact` (by default whoever
    published them) as the person to contact."""
    paper = Paper(stats, contact)
    paper.write()
    output = io.BytesIO()
    paper.document.save(output)
    return output.getvalue()


class Paper:
    def __init__(self, stats: dict, contact: str | None):
        self.stats = stats
        self.contact = contact or (stats.get("published") or {}).get("published_by")
        self.document = Document()
        self.section = 0
        self.paragraph_number = 0
        style = self.document.styles["Normal"]
        style.font.name, style.font.size = "Arial", Pt(11)

    @property
    def author(self) -> str:
        return f"{self.contact}, {CONTACT_ROLE}" if self.contact else f"The {CONTACT_ROLE}"

    def write(self):
        label = self.stats["period"]["label"]
        self.document.add_heading(f"Independent Custody Visiting: {label}", level=0)
        self._header_table()
        self._purpose()
        self._heading("Recommendation")
        self._numbered("The Board is recommended to note the contents of the report.")
        self._background()
        self._findings()
        self._implications()
        self._heading("List of Appendices")
        self._numbered("None: the figures are in section 4 of this report.")
        self._heading("Background Papers")
        self._numbered(
            f"The visit reports of {label}, held in the custody visiting service; "
            "the figures as a spreadsheet on request."
        )
        self._heading("Persons to Contact")
        self._numbered(f"{self.author}.")

    # -- Parts ----------------------------------------------------------------------------

    def _header_table(self):
        rows = [
            ("Report of", REPORT_OF),
            ("Date", f"{clock.today():%-d %B %Y}"),
            ("Subject", f"Independent Custody Visiting: {self.stats['period']['label']}"),
            ("Author", self.author),
        ]
        table = self.document.add_table(rows=len(rows), cols=2)
        table.style = "Table Grid"
        for row, (name, value) in zip(table.rows, rows, strict=True):
            row.cells[0].text, row.cells[1].text = name, value
            _bold(row.cells[0])

    def _purpose(self):
        self._heading("Purpose of Report")
        self._numbered(
            "The purpose of this report is to inform the Board of the work of the Independent "
            f"Custody Visiting scheme during {period_words(self.stats)}: the visits made to the "
            "police custody suites, the access the visitors were given, and what happened to "
            "the detainees in custody at the time of the visits."
        )

    def _background(self):
        self._heading("Background")
        self._numbered(
            "Independent custody visitors are volunteers from the local community who make "
            "unannounced visits in pairs to police custody suites, speak to detainees who "
            "consent, and check their rights, entitlements, health and wellbeing, and the "
            "conditions in which they are held."
        )
        note = f"The figures in this report are as at {as_at(self.stats)}"
        block = self.stats.get("published")
        if block:  # one sentence: the as-at time once, then who published them and when
            day = clock.in_england(datetime.fromisoformat(block["published_at"]))
            revision = f" as revision {block['revision']}" if block["revision"] > 1 else ""
            by = f" by {block['published_by']}" if block.get("published_by") else ""
            note += f", published{revision} on {day:%-d %B %Y}{by}"
        self._numbered(
            f"{note}. Please note that data which has not been received at the time of the "
            "report will not appear."
        )
        changed = published.changed_notice(self.stats)
        if changed:
            self._numbered(f"{changed}.")
        if self.stats.get("complete") is False:
            self._numbered(
                f"{self.stats['period']['label']} has not yet ended: its figures are to date, "
                "and weekly coverage counts only the weeks that have ended."
            )

    def _findings(self):
        self._heading("Findings")
        for paragraph in narrative.paragraphs(self.stats):
            self._numbered(paragraph)
        tables = figure_tables.tables(self.stats)
        for table in tables:  # the comparison first, beside the narrative that tells it
            if table.key == "comparison":
                self._table(table)
        for picture in chart_pictures.all_pictures(self.stats):
            self._picture(picture)
        for table in tables:
            if table.key != "comparison":
                self._table(table)

    def _implications(self):
        self._heading("Implications")
        for name, text in IMPLICATIONS.items():
            self._numbered(f"{name}: {text}")

    # -- Pieces ---------------------------------------------------------------------------

    def _heading(self, title: str):
        self.section += 1
        self.paragraph_number = 0
        self.document.add_heading(f"{self.section}. {title}", level=1)

    def _numbered(self, text: str):
        self.paragraph_number += 1
        self.document.add_paragraph(f"{self.section}.{self.paragraph_number} {text}")

    def _table(self, table: figure_tables.Table):
        caption = self.document.add_paragraph(table.title)
        caption.style = self.document.styles["Caption"]
        grid = self.document.add_table(rows=1 + len(table.rows), cols=len(table.columns))
        grid.style = "Table Grid"
        for cell, heading in zip(grid.rows[0].cells, table.columns, strict=True):
            cell.text = heading
            _bold(cell)
        for row, values in zip(grid.rows[1:], table.rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = _cell(value)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if len(table.columns) > WIDE:  # a wide table fits the page's width in smaller type
            for row in grid.rows:
                for cell in row.cells:
                    for run in cell.paragraphs[0].runs:
                        run.font.size = Pt(8)
        if table.caption and table.caption != table.title:
            self.document.add_paragraph(table.caption).style = self.document.styles["Caption"]

    def _picture(self, picture: chart_pictures.Picture):
        self.document.add_picture(io.BytesIO(picture.png), width=Cm(15))
        shape = self.document.inline_shapes[-1]
        # The picture's alternative text, as Word's "Alt Text" pane shows it.
        shape._inline.docPr.set("title", picture.title)
        shape._inline.docPr.set("descr", picture.description)
        self.document.add_paragraph(picture.title).style = self.document.styles["Caption"]


def _bold(cell):
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            run.bold = True


def _cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def period_words(stats: dict) -> str:
    """The period in words: "2016/17 Q3 (October to December 2016)", "2016/17 (1 April 2016
    to 31 March 2017)", or a range "the period from 1 November 2025 to 30 November 2026"."""
    label = stats["period"]["label"]
    start = date.fromisoformat(stats["period"]["start"])
    end = date.fromisoformat(stats["period"]["end"])
    if " Q" in label:
        return f"{label} ({start:%B} to {end:%B %Y})"
    if " to " in label:
        return f"the period from {start:%-d %B %Y} to {end:%-d %B %Y}"
    return f"{label} ({start:%-d %B %Y} to {end:%-d %B %Y})"


def as_at(stats: dict) -> str:
    """When the figures were true: the newest data of a publication, or now."""
    block = stats.get("published")
    moment = datetime.fromisoformat(block["as_at"]) if block else clock.now()
    return clock.in_england(moment).strftime("%-d %B %Y at %H:%M")
