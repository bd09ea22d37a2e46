"""The coverage grid: each suite, week by week, for any period: visited, missed, closed, and for
weeks not yet ended, visited so far, planned (a pair on the rota) or to come.

It reads the weeks as the statistics' weekly coverage does (icv.reporting.coverage): the same
weeks of the period, the same closures (joined where they meet) and the same counted visits,
and only a week that has ended is visited or missed, so its visited, missed and closed weeks
are the statistics' `weeks_visited`, `weeks_missed` and `weeks_closed`, in progress or not.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from icv import clock
from icv.models import (
    COUNTED_STATUSES,
    Rota,
    RotaAssignment,
    RotaStatus,
    Suite,
    SuiteClosure,
    Visit,
)
from icv.periods import Period
from icv.reporting import coverage
from icv.reporting.sql import EPOCH

STATES = {
    "visited": "Visited",
    "visited_so_far": "Visited (week not over)",
    "missed": "Missed",
    "closed": "Closed",
    "closed_so_far": "Closed",
    "planned": "Planned",
    "to_come": "To come",
}


@dataclass
class SuiteRow:
    name: str
    cells: list[str] = field(default_factory=list)  # a state of STATES, week by week

    def count(self, state: str) -> int:
        return self.cells.count(state)


@dataclass
class Grid:
    period: Period
    mondays: list[date]
    suites: list[SuiteRow]


def grid(session: Session, period: Period, today: date | None = None) -> Grid:
    today = today or clock.today()
    first, last = coverage.weeks_of(period)
    numbers = list(range(first, last + 1))
    mondays = [EPOCH + timedelta(weeks=number) for number in numbers]
    visited = coverage.visited_weeks(session, first, last) if numbers else {}
    planned = _planned(session, mondays)
    closures: dict[int, list[dict]] = {}
    for suite_id, starts_on, ends_on in session.execute(
        select(SuiteClosure.suite_id, SuiteClosure.starts_on, SuiteClosure.ends_on).where(
            SuiteClosure.starts_on <= period.end + timedelta(days=7),
            SuiteClosure.ends_on >= period.start - timedelta(days=7),
        )
    ):
        closures.setdefault(suite_id, []).append({"starts_on": starts_on, "ends_on": ends_on})
    last_ended = coverage.last_week_ended(today)
    rows = []
    for suite in _suites(session, period):
        row = SuiteRow(suite.name)
        closed = coverage.closed_weeks(closures.get(suite.id, []), first, last)
        for number, monday in zip(numbers, mondays, strict=True):
            ended = number <= last_ended
            if number in closed:
                row.cells.append("closed" if ended else "closed_so_far")
            elif number in visited.get(suite.id, ()):
                row.cells.append("visited" if ended else "visited_so_far")
            elif ended:
                row.cells.append("missed")
            else:
                row.cells.append("planned" if (suite.id, monday) in planned else "to_come")
        rows.append(row)
    return Grid(period, mondays, rows)


def _suites(session: Session, period: Period) -> list[Suite]:
    """The suites the statistics list for the period: every suite still visited, and one closed
    for good only if it was visited in the period."""
    visited_in_period = exists().where(
        Visit.suite_id == Suite.id,
        Visit.visit_date >= period.start,
        Visit.visit_date <= period.end,
        Visit.status.in_(COUNTED_STATUSES),
    )
    return session.scalars(
        select(Suite)
        .where(Suite.active.is_(True) | visited_in_period)
        .order_by(Suite.position, Suite.name)
    ).all()


def _planned(session: Session, mondays: list[date]) -> set[tuple[int, date]]:
    if not mondays:
        return set()
    query = (
        select(RotaAssignment.suite_id, RotaAssignment.week_starting)
        .join(Rota, Rota.id == RotaAssignment.rota_id)
        .where(
            Rota.status == RotaStatus.PUBLISHED,
            RotaAssignment.week_starting >= mondays[0],
            RotaAssignment.week_starting <= mondays[-1],
        )
    )
    return {(suite_id, monday) for suite_id, monday in session.execute(query)}
