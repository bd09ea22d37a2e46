"""What the rota tells the coordinator: planned weeks passed with no report (not a week the
suite was closed throughout, by the statistics' rule), and planned visits whose visitor can no
longer go (their dates unavailable that week, or not in the scheme for it)."""

from datetime import date, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased, selectinload

from icv import clock
from icv.models import (
    COUNTED_STATUSES,
    Person,
    Rota,
    RotaAssignment,
    RotaStatus,
    Suite,
    SuiteClosure,
    Visit,
)
from icv.reporting import coverage
from icv.reporting.sql import EPOCH, week_number
from icv.services.rota import planner, plans


def planned_weeks_without_report(session: Session, today: date | None = None) -> list[dict]:
    """Each published planned visit whose week has ended with no counted visit report of its
    suite dated in that week, and whose suite was not closed for the whole week, oldest first,
    as plain dicts: `suite`, `week_starting`, `week_ending` (dates), `visitors` (names) and
    `period` (the rota's quarter)."""
    today = today or clock.today()
    # A week has ended when its Sunday is before today: the Monday is more than six days ago.
    last_monday_ended = today - timedelta(days=7)
    first, second = aliased(Person), aliased(Person)
    reported = exists().where(
        Visit.suite_id == RotaAssignment.suite_id,
        week_number(Visit.visit_date, 0) == week_number(RotaAssignment.week_starting, 0),
        Visit.status.in_(COUNTED_STATUSES),
    )
    query = (
        select(
            Suite.id,
            Suite.name,
            RotaAssignment.week_starting,
            first.name,
            second.name,
            Rota.period,
        )
        .join(Rota, Rota.id == RotaAssignment.rota_id)
        .join(Suite, Suite.id == RotaAssignment.suite_id)
        .join(first, first.id == RotaAssignment.first_visitor_id)
        .join(second, second.id == RotaAssignment.second_visitor_id)
        .where(
            Rota.status == RotaStatus.PUBLISHED,
            RotaAssignment.week_starting <= last_monday_ended,
            ~reported,
        )
        .order_by(RotaAssignment.week_starting, Suite.position, Suite.name)
    )
    weeks = session.execute(query).all()
    closures = _closures(session, {row[0] for row in weeks})
    return [
        {
            "suite": suite,
            "week_starting": monday,
            "week_ending": monday + timedelta(days=6),
            "visitors": [first_name, second_name],
            "period": period,
        }
        for suite_id, suite, monday, first_name, second_name, period in weeks
        if not _closed_throughout(closures.get(suite_id, []), monday)
    ]


def _closures(session: Session, suite_ids: set) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    if not suite_ids:
        return found
    for suite_id, starts_on, ends_on in session.execute(
        select(SuiteClosure.suite_id, SuiteClosure.starts_on, SuiteClosure.ends_on).where(
            SuiteClosure.suite_id.in_(suite_ids)
        )
    ):
        found.setdefault(suite_id, []).append({"starts_on": starts_on, "ends_on": ends_on})
    return found


def _closed_throughout(closures: list[dict], monday: date) -> bool:
    week = (monday - EPOCH).days // 7
    return bool(closures) and bool(coverage.closed_weeks(closures, week, week))


def cannot_go(session: Session, assignments) -> dict[int, list[str]]:
    """For each of the planned visits (RotaAssignments) a visitor of which cannot go in its
    week, by its id: the reasons, one a visitor ("Alex Morgan cannot go in the week of …", or
    is no longer in the scheme for it)."""
    assignments = list(assignments)
    if not assignments:
        return {}
    first = min(a.week_starting for a in assignments)
    last = max(a.week_starting for a in assignments) + timedelta(days=6)
    found = {volunteer.id: volunteer for volunteer in plans.volunteers(session, first, last)}
    names = dict(
        session.execute(
            select(Person.id, Person.name).where(
                Person.id.in_({p for a in assignments for p in a.visitor_ids})
            )
        ).all()
    )
    reasons: dict[int, list[str]] = {}
    for assignment in assignments:
        monday = assignment.week_starting
        for person_id in assignment.visitor_ids:
            volunteer = found.get(person_id)
            week = planner.week_label(monday)
            if volunteer is None or not volunteer.in_scheme_throughout(monday):
                reason = f"{names[person_id]} is not in the scheme for the whole {week}"
            elif not volunteer.available_in(monday):
                reason = f"{names[person_id]} cannot go in the {week}"
            else:
                continue
            reasons.setdefault(assignment.id, []).append(reason)
    return reasons


def visits_that_cannot_go(session: Session, today: date | None = None) -> list[dict]:
    """Every planned visit from this week on (draft or published) a visitor of which cannot go,
    soonest first: `assignment`, `reasons`."""
    today = today or clock.today()
    this_monday = today - timedelta(days=today.weekday())
    assignments = session.scalars(
        select(RotaAssignment)
        .where(RotaAssignment.week_starting >= this_monday)
        .options(selectinload(RotaAssignment.suite))
        .order_by(RotaAssignment.week_starting, RotaAssignment.id)
    ).all()
    reasons = cannot_go(session, assignments)
    return [
        {"assignment": assignment, "reasons": reasons[assignment.id]}
        for assignment in assignments
        if assignment.id in reasons
    ]
