"""Issues counted: a period's issues by area, level and status with the force's answer times,
and the issue dashboard (outstanding issues by suite and level, the force's median time to
answer by quarter); counted in the database like every other statistic."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import Integer, and_, case, cast, extract, func, select
from sqlalchemy.orm import Session

from icv import clock
from icv.models import (
    COUNTED_STATUSES,
    OUTSTANDING_ISSUE_STATUSES,
    Area,
    Issue,
    IssueStatus,
    Suite,
    Visit,
)
from icv.periods import Period
from icv.reporting.sql import count_where, counted, day_of, rows, seconds_between


def _one_decimal(value) -> float:
    """Rounded half up, as every figure icv shows is (Python's round() goes to even)."""
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def outstanding_by_suite_and_level(session: Session, today: date | None = None) -> list[dict]:
    """Issues not yet closed, counted by suite and level in one GROUP BY."""
    today = today or clock.today()
    query = (
        select(
            Suite.name,
            Issue.level,
            count_where(Issue.status == IssueStatus.OPEN),
            count_where(Issue.status == IssueStatus.REFERRED),
            count_where(Issue.overdue_on_day(today)),
            count_where(Issue.status == IssueStatus.RESPONDED),
        )
        .select_from(Issue)
        .join(Visit, Visit.id == Issue.visit_id)
        .join(Suite, Suite.id == Visit.suite_id)
        .where(Visit.status.in_(COUNTED_STATUSES), Issue.status.in_(OUTSTANDING_ISSUE_STATUSES))
        .group_by(Suite.position, Suite.name, Issue.level)
        .order_by(Suite.position, Suite.name, Issue.level.desc())
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


def of_period(session: Session, period: Period) -> dict:
    """Issues by area, level and status, and how the force answered the referred ones: one
    query, grouped by area, level and status, with the answer times summed in each group."""
    referred = Issue.referred_at.is_not(None)
    answered = and_(referred, Issue.responded_at.is_not(None))
    seconds = case((answered, seconds_between(Issue.referred_at, Issue.responded_at)))
    on_time = and_(answered, Issue.due_on.is_not(None), day_of(Issue.responded_at) <= Issue.due_on)
    query = (
        select(
            Issue.area,
            Issue.level,
            Issue.status,
            func.count(),
            count_where(referred),
            count_where(answered),
            count_where(on_time),
            func.sum(seconds),
            func.max(seconds),
        )
        .join(Visit, Visit.id == Issue.visit_id)
        .where(counted(period))
        .group_by(Issue.area, Issue.level, Issue.status)
    )
    by_area = dict.fromkeys((area.value for area in Area), 0)
    by_level = dict.fromkeys(("1", "2", "3"), 0)
    by_status = dict.fromkeys((status.value for status in IssueStatus), 0)
    sent = answered_count = in_time = 0
    total_seconds, longest = 0.0, None
    for area, level, status, count, *answers in rows(session, query):
        by_area[Area(area).value] += count
        by_level[str(level)] += count
        by_status[IssueStatus(status).value] += count
        group_sent, group_answered, group_on_time, group_seconds, group_longest = answers
        sent += group_sent
        answered_count += group_answered
        in_time += group_on_time
        total_seconds += float(group_seconds or 0)
        if group_longest is not None:
            longest = max(float(group_longest), longest or 0.0)
    issues = {
        "total": sum(by_status.values()),
        "by_area": {area: count for area, count in by_area.items() if count},
        "by_level": by_level,
        "by_status": by_status,
    }
    answers = {
        "referred": sent,
        "answered": answered_count,
        "awaiting": sent - answered_count,
        "answered_by_due_date": in_time,
        "answered_late": answered_count - in_time,
        "mean_days": _days(total_seconds / answered_count) if answered_count else None,
        "longest_days": _days(longest),
    }
    return {"issues": issues, "force_answers": answers}


def _days(seconds) -> float | None:
    """Seconds as days to one decimal place, rounded half up."""
    if seconds is None:
        return None
    days = Decimal(str(seconds)) / Decimal(86400)
    return float(days.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
