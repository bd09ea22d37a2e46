"""The lists people work from: a volunteer's home, the coordinator's and force's review lists."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from icv.models import (
    COUNTED_STATUSES,
    EDITABLE_STATUSES,
    Person,
    ReportStatus,
    Role,
    Visit,
    VisitVisitor,
)
from icv.services.visit_reports.access import FORCE_SEES


def for_volunteer(session: Session, person: Person, filed_limit: int = 20) -> dict[str, list]:
    """A volunteer's home: what they are writing, what waits for them, their latest reports."""
    on_report = select(VisitVisitor.visit_id).where(VisitVisitor.person_id == person.id)
    query = (
        select(Visit)
        .where(Visit.id.in_(on_report))
        .options(selectinload(Visit.suite), selectinload(Visit.visitors))
        .order_by(Visit.visit_date.desc().nulls_first(), Visit.created_at.desc())
    )
    to_write = session.scalars(
        query.where(Visit.lead_id == person.id, Visit.status.in_(EDITABLE_STATUSES))
    ).all()
    to_confirm = session.scalars(
        query.where(Visit.lead_id != person.id, Visit.status == ReportStatus.SUBMITTED)
    ).all()
    shown = {visit.id for visit in [*to_write, *to_confirm]}
    filed = session.scalars(
        query.where(
            Visit.status.in_(COUNTED_STATUSES), Visit.id.not_in(shown) if shown else True
        ).limit(filed_limit)
    ).all()
    return {"to_write": to_write, "to_confirm": to_confirm, "filed": filed}


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
