"""Planning a quarter's rota from the stored records, saving it as a draft (all of it or none),
publishing it, and reading it back."""

import secrets
from datetime import date, timedelta

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from icv import clock
from icv.models import (
    Person,
    Role,
    Rota,
    RotaAssignment,
    RotaStatus,
    Suite,
    SuiteClosure,
    Unavailability,
    VolunteerRecord,
)
from icv.periods import Period, quarter_of
from icv.reporting import coverage
from icv.reporting.sql import EPOCH
from icv.services import Conflict, NotAllowedNow, audit
from icv.services.rota import notices, planner

SEED_LIMIT = 2**31 - 1  # a seed is stored in an integer column


def mondays(period: Period) -> list[date]:
    """The Monday of each Monday–Sunday week of the period, as the weekly coverage counts them
    (a week belongs to the period that holds its Thursday)."""
    first, last = coverage.weeks_of(period)
    return [EPOCH + timedelta(weeks=number) for number in range(first, last + 1)]


def week_of(monday: date) -> int:
    return (monday - EPOCH).days // 7


def suites_to_visit(session: Session, weeks: list[date]) -> list[planner.SuiteWeeks]:
    """The scheme's suites (in its order), each with the weeks it is not closed throughout."""
    if not weeks:
        return []
    suites = session.scalars(
        select(Suite).where(Suite.active.is_(True)).order_by(Suite.position, Suite.name)
    ).all()
    closures: dict[int, list[dict]] = {}
    for suite_id, starts_on, ends_on in session.execute(
        select(SuiteClosure.suite_id, SuiteClosure.starts_on, SuiteClosure.ends_on).where(
            SuiteClosure.starts_on <= weeks[-1] + timedelta(days=6),
            SuiteClosure.ends_on >= weeks[0],
        )
    ):
        closures.setdefault(suite_id, []).append({"starts_on": starts_on, "ends_on": ends_on})
    return [
        planner.SuiteWeeks(
            suite.id,
            suite.name,
            tuple(
                monday
                for monday in weeks
                if not coverage.closed_weeks(
                    closures.get(suite.id, []), week_of(monday), week_of(monday)
                )
            ),
        )
        for suite in suites
    ]


def volunteers(session: Session, first: date, last: date) -> list[planner.Volunteer]:
    """Every volunteer who can sign in, with their record (a volunteer with none is taken as in
    the scheme and out of probation) and the days from first to last they cannot visit."""
    people = session.execute(
        select(Person, VolunteerRecord)
        .outerjoin(VolunteerRecord, VolunteerRecord.person_id == Person.id)
        .where(Person.role == Role.VOLUNTEER, Person.active.is_(True))
        .order_by(Person.id)
    ).all()
    unavailable: dict[int, list[tuple[date, date]]] = {}
    for person_id, starts_on, ends_on in session.execute(
        select(Unavailability.person_id, Unavailability.starts_on, Unavailability.ends_on).where(
            Unavailability.starts_on <= last, Unavailability.ends_on >= first
        )
    ):
        unavailable.setdefault(person_id, []).append((starts_on, ends_on))
    return [
        planner.Volunteer(
            id=person.id,
            name=person.name,
            joined_on=record.joined_on if record else None,
            left_on=record.left_on if record else None,
            probation_ends_on=record.probation_ends_on if record else None,
            unavailable=tuple(unavailable.get(person.id, ())),
        )
        for person, record in people
    ]


def find(session: Session, period: Period) -> Rota | None:
    return session.scalar(
        select(Rota)
        .where(Rota.period == period.label)
        .options(selectinload(Rota.assignments).selectinload(RotaAssignment.suite))
    )


def listing(session: Session) -> list[Rota]:
    return session.scalars(select(Rota).order_by(Rota.period.desc())).all()


def _previous_pairs(session: Session, first_monday: date) -> frozenset:
    week_before = first_monday - timedelta(weeks=1)
    rows = session.execute(
        select(RotaAssignment.first_visitor_id, RotaAssignment.second_visitor_id).where(
            RotaAssignment.week_starting == week_before
        )
    )
    return frozenset(frozenset(pair) for pair in rows)


def draw(session: Session, period: Period, seed: int) -> planner.Plan:
    """The plan of the quarter from the records as they are; raises planner.Impossible."""
    weeks = mondays(period)
    if not weeks:
        return planner.Plan()
    return planner.plan(
        weeks,
        suites_to_visit(session, weeks),
        volunteers(session, weeks[0], weeks[-1] + timedelta(days=6)),
        seed,
        _previous_pairs(session, weeks[0]),
    )


def make_draft(session: Session, actor: Person | None, period: Period, seed: int | None = None):
    """Plan the quarter and keep it as its draft rota, replacing an earlier draft. Raises
    planner.Impossible (and keeps nothing) when it cannot be planned, NotAllowedNow when the
    quarter's rota is already published."""
    if period.kind != "quarter":
        raise NotAllowedNow("A rota is planned for a quarter, like 2026/27 Q4")
    seed = secrets.randbelow(SEED_LIMIT) if seed is None else seed
    plan = draw(session, period, seed)  # before anything changes: never half a rota
    rota = find(session, period)
    if rota is not None:
        _lock_as_shown(session, rota)
    if rota is not None and rota.published:
        raise NotAllowedNow(
            f"The rota of {period.label} is published: change it by swapping people or weeks"
        )
    try:  # two drawing the same quarter at once: the second is told, not a server error
        with session.begin_nested():
            if rota is not None:
                audit.record(session, actor, "rota.replaced", rota, before=rota.audit_state())
                session.delete(rota)
                session.flush()
            rota = Rota(period=period.label, seed=seed, status=RotaStatus.DRAFT)
            rota.created_by_id = actor.id if actor is not None else None
            rota.assignments = [
                RotaAssignment(
                    suite_id=assignment.suite_id,
                    week_starting=assignment.week_starting,
                    first_visitor_id=assignment.visitor_ids[0],
                    second_visitor_id=assignment.visitor_ids[1],
                )
                for assignment in plan.assignments
            ]
            session.add(rota)
            session.flush()
    except (IntegrityError, StaleDataError):
        raise Conflict(
            f"Someone else has just drawn the rota of {period.label}: look at it before you "
            "draw it again",
            "This rota has just been drawn",
        ) from None
    audit.record(
        session,
        actor,
        "rota.planned",
        rota,
        after={**_state(rota), "visits": len(plan.assignments)},
    )
    return rota


def _state(rota: Rota) -> dict:
    return {"period": rota.period, "status": rota.status.value, "seed": rota.seed}


def lock(session: Session, rota_id: int) -> bool:
    """Lock the rota's row until the commit (one change to a rota at a time); False when it
    is gone."""
    if session.get_bind().dialect.name == "postgresql":
        found = session.scalar(select(Rota.id).where(Rota.id == rota_id).with_for_update())
        return found is not None
    # SQLite has no row locks: a write takes the database's, until the commit
    updated = session.execute(text("UPDATE rotas SET id = id WHERE id = :id"), {"id": rota_id})
    return updated.rowcount == 1


def _lock_as_shown(session: Session, rota: Rota):
    """Lock the rota and read it again, as another's publish or draw may have just changed
    it; Conflict when it was drawn again meanwhile."""
    if not lock(session, rota.id):
        raise drawn_again(rota.period)
    session.refresh(rota)


def drawn_again(period: str = "this quarter") -> Conflict:
    """The conflict of a rota drawn again since the page was read (the default when the rota
    is gone, and its period with it)."""
    return Conflict(
        f"Someone else has just drawn the rota of {period} again: look at it before you "
        "publish or change it",
        "This rota has just been drawn again",
    )


def publish(session: Session, actor: Person | None, rota: Rota, drawn: str | None = None) -> Rota:
    """Make the rota visible to volunteers; refused while a planned visit's visitor cannot go
    (dates unavailable, or not in the scheme, since it was drawn): replace them first. Two at
    once: the second is told it is already published (and no volunteer is e-mailed twice).
    `drawn`: the draw the page showed (Rota.drawn); Conflict if it has been drawn again."""
    _lock_as_shown(session, rota)
    if drawn is not None and drawn != rota.drawn:
        raise drawn_again(rota.period)
    if rota.published:
        raise NotAllowedNow(f"The rota of {rota.period} is already published")
    from icv.services.rota import alerts  # alerts reads the volunteers as this module does

    reasons = alerts.cannot_go(session, rota.assignments)
    if reasons:
        listed = sorted(r for found in reasons.values() for r in found)
        raise NotAllowedNow(
            "The rota cannot be published while a planned visitor cannot go: replace them "
            "first. " + "; ".join(listed)
        )
    before = _state(rota)
    rota.status = RotaStatus.PUBLISHED
    rota.published_at = clock.now()
    rota.published_by_id = actor.id if actor is not None else None
    audit.record(session, actor, "rota.published", rota, before=before, after=_state(rota))
    notices.rota_published(session, rota)
    return rota


def current_quarter() -> Period:
    return quarter_of(clock.today())


def rows(rota: Rota) -> list[dict]:
    """The rota as plain rows, one per suite-week, in order: for the CLI's JSON and text."""
    return [
        {
            "suite": assignment.suite.name,
            "week_starting": assignment.week_starting.isoformat(),
            "visitors": [person.name for person in assignment.visitors],
        }
        for assignment in sorted(
            rota.assignments, key=lambda a: (a.week_starting, a.suite.position, a.suite.name)
        )
    ]
