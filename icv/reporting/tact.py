"""The Terrorism Act (TACT) return: for the Independent Reviewer of Terrorism Legislation,
every entry for a detainee held under the Terrorism Act on the period's visits, one row each,
with what the visitors found and the issues raised on that visit.

What leaves the scheme here is what the Reviewer needs, and no more: never a name (there is
none to give), a custody number, anything written in words (welfare notes, issues'
descriptions: free text, which may name someone) or anything of the volunteers. The export
is the coordinator's, audited as every download is.
"""

import csv
import io
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from icv.models import RIGHTS, DetaineeEntry, Issue, IssueLevel, Suite, Visit
from icv.models.rights import VULNERABILITY, VULNERABILITY_LABELS
from icv.periods import Period
from icv.reporting.exporters import FORMATS, text_cell, write_cell
from icv.reporting.sql import counted

TACT_FORMATS = {fmt: FORMATS[fmt] for fmt in ("xlsx", "csv")}
COLUMNS = [
    "Date of visit",
    "Suite",
    "Detainee on the report",
    "Outcome",
    "Reason",
    "Age group",
    *(check.label for check in RIGHTS),
    *(VULNERABILITY_LABELS[flag] for flag in VULNERABILITY),
    "Issues raised on the visit",
]


def rows(session: Session, period: Period) -> list[list]:
    """A row per TACT detainee entry on the period's counted visits, by date and suite."""
    query = (
        select(DetaineeEntry, Visit.visit_date, Suite.name)
        .join(Visit, Visit.id == DetaineeEntry.visit_id)
        .outerjoin(Suite, Suite.id == Visit.suite_id)
        .where(counted(period), DetaineeEntry.tact.is_(True))
        .order_by(Visit.visit_date, Suite.name, Visit.id, DetaineeEntry.position)
    )
    found = session.execute(query).all()
    issues = _issues(session, {entry.visit_id for entry, _, _ in found})
    return [
        [
            visit_date.isoformat(),
            suite,
            entry.position,
            entry.outcome.label,
            entry.reason_label,
            entry.age_group.label if entry.age_group else None,
            *(_answer(getattr(entry, check.name)) for check in RIGHTS),
            *("Yes" if getattr(entry, flag) else "No" for flag in VULNERABILITY),
            "\n".join(issues[entry.visit_id]),
        ]
        for entry, visit_date, suite in found
    ]


def _answer(answer) -> str | None:
    return answer.label if answer is not None else None


def _issues(session: Session, visit_ids: set) -> dict:
    """Each visit's issues as the Reviewer reads them, "Level 2 – urgent: Showers": the level
    and the area, not the description, which is free text."""
    raised = defaultdict(list)
    if not visit_ids:
        return raised
    query = (
        select(Issue.visit_id, Issue.level, Issue.area)
        .where(Issue.visit_id.in_(visit_ids))
        .order_by(Issue.visit_id, Issue.position)
    )
    for visit_id, level, area in session.execute(query):
        raised[visit_id].append(f"Level {IssueLevel(level).label}: {area.label}")
    return raised


def filename(period: Period, fmt: str) -> str:
    slug = period.label.replace("/", "-").replace(" ", "-")
    return f"icv-tact-detainees-{slug}.{fmt}"


def export(session: Session, period: Period, fmt: str) -> str | bytes:
    table = rows(session, period)
    return _to_csv(period, table) if fmt == "csv" else _to_xlsx(period, table)


def _to_csv(period: Period, table: list[list]) -> str:
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow([text_cell(f"Terrorism Act detainees on custody visits {period.label}")])
    writer.writerow(COLUMNS)
    for row in table:
        writer.writerow([text_cell(cell) for cell in row])
    return output.getvalue()


def _to_xlsx(period: Period, table: list[list]) -> bytes:
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
    sheet = workbook.add_worksheet("TACT detainees")
    for column, heading in enumerate(COLUMNS):
        sheet.write_string(0, column, heading, bold)
    for number, row in enumerate(table, start=1):
        for column, cell in enumerate(row):
            write_cell(sheet, number, column, cell)
    sheet.set_column(0, len(COLUMNS) - 1, 16)
    sheet.set_column(len(COLUMNS) - 1, len(COLUMNS) - 1, 60)
    sheet.freeze_panes(1, 0)
    workbook.close()
    return output.getvalue()
