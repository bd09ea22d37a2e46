"""Weekly coverage: the Monday–Sunday weeks of a period in which each suite was visited.

A week belongs to the period that holds its Thursday (as ISO weeks belong to a year), so a
year's weeks are exactly its quarters' weeks. A suite closed for the whole of a week is not
expected to be visited that week.
"""

from datetime import timedelta

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from icv.models import COUNTED_STATUSES, SuiteClosure, Visit
from icv.periods import Period
from icv.reporting.sql import EPOCH, rows, week_number


def weeks_of(period: Period) -> tuple[int, int]:
    """First and last week number of the Monday–Sunday weeks whose Thursday is in the period
    (the last is less than the first when there is none)."""
    first = -(-((period.start - EPOCH).days - 3) // 7)
    last = ((period.end - EPOCH).days - 3) // 7
    return first, last


def whole_weeks_closed(closure: dict, first: int, last: int) -> int:
    closed_from = -(-(closure["starts_on"] - EPOCH).days // 7)
    closed_to = ((closure["ends_on"] - EPOCH).days + 1) // 7 - 1
    return max(0, min(closed_to, last) - max(closed_from, first) + 1)


def weeks_visited(session: Session, first: int, last: int) -> dict:
    """Per suite: how many of weeks first…last had a counted visit and were not closed."""
    week = week_number(Visit.visit_date, 0)
    closed_that_week = exists().where(
        SuiteClosure.suite_id == Visit.suite_id,
        week_number(SuiteClosure.starts_on, 6) <= week,
        week < week_number(SuiteClosure.ends_on, 1),
    )
    start = EPOCH + timedelta(weeks=first)
    end = EPOCH + timedelta(weeks=last, days=6)
    query = (
        select(Visit.suite_id, func.count(week.distinct()))
        .where(
            Visit.visit_date >= start,
            Visit.visit_date <= end,
            Visit.status.in_(COUNTED_STATUSES),
            ~closed_that_week,
        )
        .group_by(Visit.suite_id)
    )
    return dict(rows(session, query))


def suite_weeks_visited(session: Session, first: int, last: int) -> set[tuple[int, int]]:
    """(suite id, week number) of each of weeks first…last in which the suite had a counted
    visit and was not closed: the weeks weeks_visited() counts, one by one, for the coverage
    grid (icv.reporting.coverage_grid)."""
    week = week_number(Visit.visit_date, 0)
    closed_that_week = exists().where(
        SuiteClosure.suite_id == Visit.suite_id,
        week_number(SuiteClosure.starts_on, 6) <= week,
        week < week_number(SuiteClosure.ends_on, 1),
    )
    start = EPOCH + timedelta(weeks=first)
    end = EPOCH + timedelta(weeks=last, days=6)
    query = (
        select(Visit.suite_id, week)
        .where(
            Visit.visit_date >= start,
            Visit.visit_date <= end,
            Visit.status.in_(COUNTED_STATUSES),
            ~closed_that_week,
        )
        .group_by(Visit.suite_id, week)
    )
    return {(suite_id, number) for suite_id, number in rows(session, query)}
