"""The lists people work from: a volunteer's home, the coordinator's and force's review lists."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, selectinload

from icv.models import (
    COUNTED_STATUSES,
    EDITABLE_STATUSES,
    Person,
    ReportStatus,
    Role,
    Suite,
    Visit,
    VisitVisitor,
)
from icv.services.visit_reports.access import FORCE_SEES


def _volunteer_home_queries():
    """The two queries of a volunteer's home, built once (for the person bound at each use):
    what waits for them (to write, to confirm) and their latest other reports. Each row holds
    what the page shows of a report, not the report itself: the page every volunteer lands
    on is read as plain rows."""
    person_id = bindparam("person_id")
    on_report = select(VisitVisitor.visit_id).where(VisitVisitor.person_id == person_id)
    led = Visit.lead_id.is_not_distinct_from(person_id)  # never NULL, so ~ below is exact
    to_write = led & Visit.status.in_(EDITABLE_STATUSES)
    to_confirm = ~led & (Visit.status == ReportStatus.SUBMITTED)
    query = (
        select(
            Visit.id,
            Visit.status,
            Visit.visit_date,
            Visit.return_note,
            Visit.lead_id,
            Suite.name.label("suite_name"),
            Person.name.label("lead_name"),
        )
        .outerjoin(Suite, Suite.id == Visit.suite_id)
        .outerjoin(Person, Person.id == Visit.lead_id)
        .where(Visit.id.in_(on_report))
        .order_by(Visit.visit_date.desc().nulls_first(), Visit.created_at.desc())
    )
    waiting = query.where(to_write | to_confirm)
    filed = query.where(Visit.status.in_(COUNTED_STATUSES), ~(to_write | to_confirm))
    return waiting, filed.limit(bindparam("filed_limit"))


_WAITING, _FILED = _volunteer_home_queries()


def for_volunteer(session: Session, person: Person, filed_limit: int = 20) -> dict[str, tuple]:
    """A volunteer's home: what they are writing, what waits for them, their latest reports
    (tuples of rows, so the page can be kept for them: icv.kept). Read through the session's
    connection: rows of columns need nothing of the ORM's, which would double their cost."""
    connection = session.connection()
    waiting = connection.execute(_WAITING, {"person_id": person.id}).all()
    filed = connection.execute(_FILED, {"person_id": person.id, "filed_limit": filed_limit}).all()
    return {
        "to_write": tuple(visit for visit in waiting if visit.lead_id == person.id),
        "to_confirm": tuple(visit for visit in waiting if visit.lead_id != person.id),
        "filed": tuple(filed),
    }


def active_volunteers(session: Session, excluding: Person | None = None):
    query = select(Person).where(Person.role == Role.VOLUNTEER, Person.active.is_(True))
    if excluding is not None:
        query = query.where(Person.id != excluding.id)
    return session.scalars(query.order_by(Person.name)).all()


@dataclass
class ReviewFilter:
    suite_id: int | None = None
    status: ReportStatus | None = None
    start: date | None = None
    end: date | None = None


def for_review(session: Session, filters: ReviewFilter, suite_ids=None, limit=200):
    """Submitted reports, newest visit first, for the coordinator (or a force user's suites)."""
    query = (
        select(Visit)
        .where(Visit.status.in_(COUNTED_STATUSES))
        .options(selectinload(Visit.suite), selectinload(Visit.visitors))
        .order_by(Visit.visit_date.desc(), Visit.submitted_at.desc())
        .limit(limit)
    )
    if suite_ids is not None:  # a force user's list
        query = query.where(Visit.suite_id.in_(suite_ids), Visit.status.in_(FORCE_SEES))
    if filters.suite_id:
        query = query.where(Visit.suite_id == filters.suite_id)
    if filters.status:
        query = query.where(Visit.status == filters.status)
    if filters.start:
        query = query.where(Visit.visit_date >= filters.start)
    if filters.end:
        query = query.where(Visit.visit_date <= filters.end)
    return session.scalars(query).all()
