"""The coverage grid: each suite, week by week, for any period: visited, missed, closed, and for
weeks not yet ended, planned (a pair on the rota) or to come.

It reads the weeks as the statistics' weekly coverage does (icv.reporting.coverage): the same
weeks of the period, the same closures and the same counted visits, so its visited and missed
weeks add up to the statistics' `weeks_visited` and `weeks_missed` for a period that has ended.
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
    "missed": "Missed",
    "closed": "Closed",
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
    visited = coverage.suite_weeks_visited(session, first, last) if numbers else set()
    planned = _planned(session, mondays)
    closures: dict[int, list[dict]] = {}
    for suite_id, starts_on, ends_on in session.execute(
        select(SuiteClosure.suite_id, SuiteClosure.starts_on, SuiteClosure.ends_on).where(
            SuiteClosure.starts_on <= period.end + timedelta(days=7),
            SuiteClosure.ends_on >= period.start - timedelta(days=7),
        )
    ):
        closures.setdefault(suite_id, []).append({"starts_on": starts_on, "ends_on": ends_on})
    rows = []
    for suite in _suites(session, period):
        row = SuiteRow(suite.name)
        for number, monday in zip(numbers, mondays, strict=True):
            if any(
                coverage.whole_weeks_closed(c, number, number) for c in closures.get(suite.id, [])
            ):
                row.cells.append("closed")
            elif (suite.id, number) in visited:
                row.cells.append("visited")
            elif monday + timedelta(days=6) < today:
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
