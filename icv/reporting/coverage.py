"""Weekly coverage: the Monday–Sunday weeks of a period in which each suite was visited.

A week belongs to the period that holds its Thursday (as ISO weeks belong to a year), so a
year's weeks are exactly its quarters' weeks. A suite closed for the whole of a week is not
expected to be visited that week.

Only weeks that have ended count: a week whose Sunday is today or later is neither visited
nor missed yet, so a period in progress is measured "to date".
"""

from datetime import date, timedelta

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from icv.models import COUNTED_STATUSES, SuiteClosure, Visit
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
