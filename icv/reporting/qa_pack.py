"""The quality-assurance evidence pack: what the Independent Custody Visiting Association's
assessors ask a scheme to show, for a period, as an XLSX workbook.

- Volunteer numbers and turnover, by quarter: in the scheme at the start (the day before the
  quarter begins) and at the end, joined, left. At the end = at the start + joined - left.
- Training: for each volunteer in the scheme at any time in the period, their record's dates
  and the training days and meetings they attended in it (the only sheet that names anyone).
- Visit frequency per suite: visits, visits per open week and per month, and the weekly
  coverage the statistics give (icv.reporting.statistics), with visits by month.
- Time from visit to report: days from the visit's date to the lead's first submission, as a
  distribution and a median, for reports filed in icv (imported history has no submission).
- Issue answer times: calendar days from referral to the force's answer, median by level.

No detainee data, custody numbers, welfare notes or free text. Every figure is counted in
the database; Python adds up the few grouped rows that come back.
"""

import io
from datetime import date

from sqlalchemy import Integer, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import FunctionElement

from icv import clock
from icv.models import (
    Issue,
    IssueLevel,
    Visit,
)
from icv.periods import Period
from icv.reporting import qa_volunteers, statistics
from icv.reporting.exporters import FORMATS, write_cell
from icv.reporting.figure_tables import Table, tables
from icv.reporting.issues import _one_decimal
from icv.reporting.sql import count_where, counted, day_of, rows, seconds_between
from icv.reporting.statistics import percent

CONTENT_TYPE = FORMATS["xlsx"]
# Days from the visit to the first submission of its report, as the distribution groups them.
REPORT_DELAYS = [
    ("The same day", 0, 0),
    ("The next day", 1, 1),
    ("2 to 3 days", 2, 3),
    ("4 to 7 days", 4, 7),
    ("8 to 14 days", 8, 14),
    ("15 days or more", 15, None),
]


class days_between(FunctionElement):
    """days_between(earlier_date, later_date): whole days from one date to the other."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between, "postgresql")
def _days_between_postgresql(element, compiler, **kw):
    earlier, later = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(({later}) - ({earlier}))"


@compiles(days_between)
def _days_between_sqlite(element, compiler, **kw):
    earlier, later = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


def filename(period: Period) -> str:
    label = period.key if period.kind == "range" else period.label
    return f"icv-qa-evidence-{label.replace('/', '-').replace(' ', '-').replace('..', '-to-')}.xlsx"


def workbook(session: Session, period: Period) -> bytes:
    """The pack of `period` as XLSX: an About sheet, then a sheet per table."""
    return _to_xlsx(period, pack(session, period))


def pack(session: Session, period: Period) -> list[Table]:
    stats = statistics.compute(session, period)
    by_key = {table.key: table for table in tables(stats)}
    months = by_key["months"]
    months.title, months.key = "Visits by month", "visits_by_month"
    return [
        qa_volunteers.volunteer_numbers(session, period),
        qa_volunteers.training(session, period),
        visit_frequency(stats, period),
        months,
        visit_to_report(session, period),
        issue_answer_times(session, period),
    ]


# -- Visits -----------------------------------------------------------------------------------


def visit_frequency(stats: dict, period: Period) -> Table:
    """Per suite: the statistics' visits and weekly coverage, and visits per open week and
    per month."""
    months = len(period.months())
    table_rows = []
    for suite in stats["suites"]:
        open_weeks = suite["weeks"] - suite["weeks_closed"]
        table_rows.append(
            [
                suite["name"],
                suite["visits"],
                suite["weeks"],
                suite["weeks_closed"],
                suite["weeks_visited"],
                suite["weeks_missed"],
                suite["weeks_visited_percent"],
                _one_decimal(suite["visits"] / open_weeks) if open_weeks else None,
                _one_decimal(suite["visits"] / months) if months else None,
            ]
        )
    return Table(
        "visit_frequency",
        "Visit frequency",
        [
            "Suite",
            "Visits",
            "Weeks",
            "Weeks closed",
            "Weeks visited",
            "Weeks missed",
            "Per cent of open weeks visited",
            "Visits per open week",
            "Visits per month",
        ],
        table_rows,
        "How often each suite was visited (a week closed throughout is not missed)",
    )


def visit_to_report(session: Session, period: Period) -> Table:
    """Days from the visit to the first submission of its report: grouped by day in the
    database, so a year reads a few dozen rows."""
    days = days_between(Visit.visit_date, day_of(Visit.submitted_at))
    query = (
        select(days, func.count())
        .where(counted(period), Visit.submitted_at.is_not(None))
        .group_by(days)
    )
    counts: dict[int, int] = {}
    for day, n in rows(session, query):
        # A report sent just after midnight in summer time has the UTC date before: 0 days.
        counts[max(0, int(day))] = counts.get(max(0, int(day)), 0) + n
    total = sum(counts.values())
    table_rows = [["Reports filed", total, None]]
    for label, least, most in REPORT_DELAYS:
        n = sum(c for d, c in counts.items() if d >= least and (most is None or d <= most))
        table_rows.append([label, n, percent(n, total)])
    table_rows.append(["Median days from visit to report", _median(counts), None])
    return Table(
        "visit_to_report",
        "Visit to report",
        ["Days from the visit to the report's first submission", "Reports", "Per cent"],
        table_rows,
        "How soon the visitors filed their report (reports filed in icv; not imported history)",
    )


def _median(counts: dict[int, int]) -> float | None:
    """The median of a distribution given as {value: how many}."""
    total = sum(counts.values())
    if not total:
        return None
    middle = [(total + 1) // 2, (total + 2) // 2]  # the middle one, or the middle two
    found, seen = [], 0
    for value in sorted(counts):
        seen += counts[value]
        while middle and middle[0] <= seen:
            found.append(value)
            middle.pop(0)
    return _one_decimal(sum(found) / len(found))


# -- Issues -----------------------------------------------------------------------------------


def issue_answer_times(session: Session, period: Period) -> Table:
    """By level: issues raised on the period's visits, referred, answered (by the due date),
    and the median and longest calendar days from referral to answer."""
    answered = Issue.referred_at.is_not(None) & Issue.responded_at.is_not(None)
    on_time = answered & Issue.due_on.is_not(None) & (day_of(Issue.responded_at) <= Issue.due_on)
    days = seconds_between(Issue.referred_at, Issue.responded_at) / 86400.0
    counts_query = (
        select(
            Issue.level,
            func.count(),
            count_where(Issue.referred_at.is_not(None)),
            count_where(answered),
            count_where(on_time),
            func.max(days).filter(answered),
        )
        .join(Visit, Visit.id == Issue.visit_id)
        .where(counted(period))
        .group_by(Issue.level)
    )
    by_level = {int(level): figures for level, *figures in rows(session, counts_query)}
    medians = _median_days(session, period, days, answered)
    table_rows = []
    for level in IssueLevel:
        raised, referred, answers, in_time, longest = by_level.get(level.value, (0, 0, 0, 0, None))
        table_rows.append(
            [
                f"Level {level.label}",
                raised,
                referred,
                answers,
                in_time,
                medians.get(level.value),
                _one_decimal(longest) if longest is not None else None,
            ]
        )
    totals = [sum(row[column] for row in table_rows) for column in range(1, 5)]
    longest = [row[6] for row in table_rows if row[6] is not None]
    table_rows.append(["All levels", *totals, medians.get(None), max(longest, default=None)])
    return Table(
        "issue_answers",
        "Issue answer times",
        [
            "Level",
            "Issues raised",
            "Referred to the force",
            "Answered",
            "Answered by the due date",
            "Median days to answer",
            "Longest days to answer",
        ],
        table_rows,
        "How quickly the force answered the issues referred to it, from referral to answer",
    )


def _median_days(session: Session, period: Period, days, answered) -> dict:
    """The median days to answer by level, and of all levels (None), in the database: rows
    numbered within each group, and the middle one, or the middle two averaged, kept."""
    found = {}
    for by_level in (True, False):
        group = Issue.level if by_level else None
        numbered = (
            select(
                (Issue.level if by_level else literal(0)).label("level"),
                days.label("days"),
                func.row_number().over(partition_by=group, order_by=days).label("rank"),
                func.count().over(partition_by=group).label("answered"),
            )
            .join(Visit, Visit.id == Issue.visit_id)
            .where(counted(period), answered)
            .subquery()
        )
        middle = numbered.c.rank.in_(
            [(numbered.c.answered + 1) // 2, (numbered.c.answered + 2) // 2]
        )
        query = (
            select(numbered.c.level, func.avg(numbered.c.days))
            .where(middle)
            .group_by(numbered.c.level)
        )
        for level, median in rows(session, query):
            found[int(level) if by_level else None] = _one_decimal(median)
    return found


# -- The workbook -----------------------------------------------------------------------------


def _to_xlsx(period: Period, sheets: list[Table]) -> bytes:
    import xlsxwriter

    output = io.BytesIO()
    book = xlsxwriter.Workbook(
        output,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    about = book.add_worksheet("About")
    about.set_column(0, 0, 110)
    lines = [
        f"Quality-assurance evidence {period.label}",
        f"{period.start.day} {period.start:%B %Y} to {period.end.day} {period.end:%B %Y}; "
        f"made on {_long(clock.today())}",
        *(f"{table.title}: {table.caption}" for table in sheets),
        "No detainee details, custody numbers or notes are included.",
    ]
    for number, line in enumerate(lines):
        about.write_string(number, 0, line, bold if number == 0 else None)
    for table in sheets:
        sheet = book.add_worksheet(table.title[:31])
        for column, heading in enumerate(table.columns):
            sheet.write_string(0, column, heading, bold)
        for number, row in enumerate(table.rows, start=1):
            for column, cell in enumerate(row):
                write_cell(sheet, number, column, cell)
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, max(1, len(table.columns) - 1), 16)
        sheet.freeze_panes(1, 1)
    book.close()
    return output.getvalue()


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
