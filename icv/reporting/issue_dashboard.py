"""The issue dashboard's figures: outstanding issues by suite and level, and the force's median
time to answer by quarter; counted in the database like every other statistic."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import Integer, case, cast, extract, func, select
from sqlalchemy.orm import Session

from icv import clock
from icv.models import (
    COUNTED_STATUSES,
    OUTSTANDING_ISSUE_STATUSES,
    Issue,
    IssueStatus,
    Suite,
    Visit,
)
from icv.reporting.sql import seconds_between


def _one_decimal(value) -> float:
    """Rounded half up, as every figure icv shows is (Python's round() goes to even)."""
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _sum_when(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def outstanding_by_suite_and_level(session: Session, today: date | None = None) -> list[dict]:
    """Issues not yet closed, counted by suite and level in one GROUP BY."""
    today = today or clock.today()
    query = (
        select(
            Suite.name,
            Issue.level,
            _sum_when(Issue.status == IssueStatus.OPEN),
            _sum_when(Issue.status == IssueStatus.REFERRED),
            _sum_when(Issue.overdue_on_day(today)),
            _sum_when(Issue.status == IssueStatus.RESPONDED),
        )
        .select_from(Issue)
        .join(Visit, Visit.id == Issue.visit_id)
        .join(Suite, Suite.id == Visit.suite_id)
        .where(Visit.status.in_(COUNTED_STATUSES), Issue.status.in_(OUTSTANDING_ISSUE_STATUSES))
        .group_by(Suite.name, Issue.level)
        .order_by(Suite.name, Issue.level.desc())
    )
    keys = ("suite", "level", "open", "referred", "overdue", "responded")
    return [dict(zip(keys, row, strict=True)) for row in session.execute(query)]


def median_days_to_answer(session: Session, quarters: int = 8) -> list[dict]:
    """The median calendar days from referral to the force's answer, for the latest quarters
    (of the visit's date, as the statistics count), computed in the database: rows are numbered
    within each quarter and the middle one, or the middle two averaged, kept."""
    month = cast(extract("month", Visit.visit_date), Integer)
    first_year = cast(extract("year", Visit.visit_date), Integer) - case((month < 4, 1), else_=0)
    number = (month + 8) % 12 // 3 + 1  # April–June is Q1 … January–March Q4
    days = seconds_between(Issue.referred_at, Issue.responded_at) / 86400.0
    quarter = (first_year, number)
    answered = (
        select(
            first_year.label("first_year"),
            number.label("number"),
            days.label("days"),
            func.row_number().over(partition_by=quarter, order_by=days).label("rank"),
            func.count().over(partition_by=quarter).label("answered"),
        )
        .select_from(Issue)
        .join(Visit, Visit.id == Issue.visit_id)
        .where(
            Visit.status.in_(COUNTED_STATUSES),
            Issue.referred_at.is_not(None),
            Issue.responded_at.is_not(None),
        )
        .subquery()
    )
    middle = answered.c.rank.in_([(answered.c.answered + 1) // 2, (answered.c.answered + 2) // 2])
    query = (
        select(
            answered.c.first_year,
            answered.c.number,
            func.avg(answered.c.days),
            func.max(answered.c.answered),
        )
        .where(middle)
        .group_by(answered.c.first_year, answered.c.number)
        .order_by(answered.c.first_year.desc(), answered.c.number.desc())
        .limit(quarters)
    )
    return [
        {
            "quarter": f"{first}/{(first + 1) % 100:02d} Q{number}",
            "median_days": _one_decimal(median),
            "answered": count,
        }
        for first, number, median, count in session.execute(query)
    ]
