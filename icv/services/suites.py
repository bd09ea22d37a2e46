"""Suites and their closures. Every change is audited."""

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icv.models import Person, Suite, SuiteClosure
from icv.services import Invalid, audit

# The scheme's order: the coordinator's position, then the name.
ORDER = (Suite.position, func.lower(Suite.name), Suite.id)


def listing(session: Session, active_only: bool = False):
    """The suites in the scheme's order, those no longer visited last."""
    query = select(Suite).order_by(Suite.active.desc(), *ORDER)
    if active_only:
        query = query.where(Suite.active.is_(True))
    return session.scalars(query).all()


def names(session: Session) -> list[str]:
    """Every suite's name: words a guesser at this scheme would try in a password."""
    return session.scalars(select(Suite.name)).all()


def find_by_name(session: Session, name: str) -> Suite | None:
    """The suite of this name in any case. Compared here, not by the database: SQLite's
    lower() changes only ASCII letters, and suites are few."""
    wanted = name.strip().casefold()
    return next((s for s in session.scalars(select(Suite)) if s.name.casefold() == wanted), None)


def _check_unique_name(session: Session, name: str, suite: Suite | None = None):
    existing = find_by_name(session, name)
    if existing is not None and (suite is None or existing.id != suite.id):
        raise Invalid("name", "There is already a suite with this name")


def add_suite(session: Session, actor: Person | None, name: str) -> Suite:
    """Add the suite `name` (SuiteSchema)."""
    _check_unique_name(session, name)
    suite = Suite(name=name)
    session.add(suite)
    audit.record(session, actor, "suite_added", suite, after=suite.audit_state())
    session.flush()
    return suite


def update_suite(session: Session, actor: Person, suite: Suite, *, name: str, active: bool):
    """Rename the suite, or stop or start visiting it (SuiteSchema)."""
    _check_unique_name(session, name, suite)
    before = suite.audit_state()
    suite.name, suite.active = name, active
    audit.record(session, actor, "suite_changed", suite, before, suite.audit_state())
    session.flush()
    return suite


def move_suite(session: Session, actor: Person, suite: Suite, direction: str) -> Suite:
    """Move the suite one place up or down the scheme's order (MoveSchema): it changes places
    with its neighbour, and every suite is numbered 1, 2, 3 … in the new order."""
    ordered = list(session.scalars(select(Suite).order_by(Suite.active.desc(), *ORDER)))
    index = ordered.index(suite)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        end = "first" if direction == "up" else "last"
        raise Invalid("direction", f"{suite.name} is already {end}")
    before = {"position": suite.position}
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, each in enumerate(ordered, start=1):
        each.position = position
    audit.record(session, actor, "suite_moved", suite, before, {"position": suite.position})
    session.flush()
    return suite


def add_closure(
    session: Session, actor: Person, suite: Suite, *, starts_on: date, ends_on: date, reason: str
) -> SuiteClosure:
    """Record that the suite is closed from `starts_on` to `ends_on` (ClosureSchema)."""
    overlapping = session.scalar(
        select(SuiteClosure).where(
            SuiteClosure.suite_id == suite.id,
            SuiteClosure.starts_on <= ends_on,
            SuiteClosure.ends_on >= starts_on,
        )
    )
    if overlapping is not None:
        raise Invalid(
            "starts_on",
            f"This overlaps the closure from {overlapping.starts_on:%-d %B %Y} "
            f"to {overlapping.ends_on:%-d %B %Y}",
        )
    closure = SuiteClosure(suite=suite, starts_on=starts_on, ends_on=ends_on, reason=reason)
    session.add(closure)
    audit.record(session, actor, "closure_added", closure, after=closure.audit_state())
    session.flush()
    return closure


def remove_closure(session: Session, actor: Person, closure: SuiteClosure):
    audit.record(session, actor, "closure_removed", closure, before=closure.audit_state())
    session.delete(closure)
    session.flush()


def closed_on(session: Session, suite: Suite, day: date) -> SuiteClosure | None:
    return session.scalar(
        select(SuiteClosure).where(
            SuiteClosure.suite_id == suite.id,
            SuiteClosure.starts_on <= day,
            SuiteClosure.ends_on >= day,
        )
    )
