"""Weekly coverage: the Monday–Sunday weeks of a period in which each suite was visited.

A week belongs to the period that holds its Thursday (as ISO weeks belong to a year), so a
year's weeks are exactly its quarters' weeks. A suite closed for the whole of a week is not
expected to be visited that week.

Only weeks that have ended count: a week whose Sunday is today or later is neither visited
nor missed yet, so a period in progress is measured "to date".
"""

from datetime import date, timedelta

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from icv.models import COUNTED_STATUSES, Visit
from icv.periods import Period
from icv.reporting.sql import EPOCH, rows, week_number, week_of


def weeks_of(period: Period) -> tuple[int, int]:
    """First and last week number of the Monday–Sunday weeks whose Thursday is in the period
    (the last is less than the first when there is none)."""
    first = -(-((period.start - EPOCH).days - 3) // 7)
    last = ((period.end - EPOCH).days - 3) // 7
    return first, last


def last_week_ended(today: date) -> int:
    """The number of the latest Monday–Sunday week whose Sunday is before `today`."""
    return week_of(today) - 1


def weeks_ended_of(period: Period, today: date) -> tuple[int, int]:
    """weeks_of(period), cut to the weeks that have ended by `today`."""
    first, last = weeks_of(period)
    return first, min(last, last_week_ended(today))


def merged(closures: list[dict]) -> list[dict]:
    """A suite's closures with overlapping or back-to-back ones (one ends the day before the
    next starts) joined, so that a week closed by two of them counts as closed once, and a
    week closed half by one and half by the next counts as closed."""
    spans: list[dict] = []
    for closure in sorted(closures, key=lambda closure: closure["starts_on"]):
        if spans and closure["starts_on"] <= spans[-1]["ends_on"] + timedelta(days=1):
            if closure["ends_on"] > spans[-1]["ends_on"]:
                spans[-1] = {**spans[-1], "ends_on": closure["ends_on"]}
        else:
            spans.append(dict(closure))
    return spans


def closed_weeks(closures: list[dict], first: int, last: int) -> set[int]:
    """The numbers of weeks first…last a suite was closed for the whole of, by its closures
    joined where they meet (merged), so that a week closed half by one and half by the next
    is closed, and no week counts twice."""
    weeks: set[int] = set()
    for span in merged(closures):
        closed_from = -(-(span["starts_on"] - EPOCH).days // 7)
        closed_to = ((span["ends_on"] - EPOCH).days + 1) // 7 - 1
        weeks.update(range(max(closed_from, first), min(closed_to, last) + 1))
    return weeks


def weeks_visited(
    session: Session, first: int, last: int, closed: dict[int, set[int]]
) -> dict[int, int]:
    """Per suite id: how many of weeks first…last had a counted visit, less the weeks in
    `closed` (suite id → closed_weeks()), which are neither visited nor missed whatever their
    visits. Counted by the database: one row per suite."""
    week = week_number(Visit.visit_date, 0)
    closed_tests = [
        and_(Visit.suite_id == suite_id, week.in_(sorted(numbers)))
        for suite_id, numbers in closed.items()
        if numbers
    ]
    counted_week = case((or_(*closed_tests), None), else_=week) if closed_tests else week
    query = (
        select(Visit.suite_id, func.count(counted_week.distinct()))
        .where(*_counted_in(first, last))
        .group_by(Visit.suite_id)
    )
    return dict(rows(session, query))


def visited_weeks(session: Session, first: int, last: int) -> dict[int, set[int]]:
    """Per suite id: the numbers of weeks first…last with a counted visit, one by one (the
    coverage grid); a week in closed_weeks() is closed whatever its visits."""
    week = week_number(Visit.visit_date, 0)
    query = (
        select(Visit.suite_id, week).where(*_counted_in(first, last)).group_by(Visit.suite_id, week)
    )
    weeks: dict[int, set[int]] = {}
    for suite_id, number in rows(session, query):
        weeks.setdefault(suite_id, set()).add(number)
    return weeks


def _counted_in(first: int, last: int) -> list:
    return [
        Visit.visit_date >= EPOCH + timedelta(weeks=first),
        Visit.visit_date <= EPOCH + timedelta(weeks=last, days=6),
        Visit.status.in_(COUNTED_STATUSES),
    ]
