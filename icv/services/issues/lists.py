"""The lists of issues people work from: the coordinator's, filtered, and the force's inbox."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, or_
from sqlalchemy.orm import Session

from icv import clock
from icv.models import (
    OUTSTANDING_ISSUE_STATUSES,
    Issue,
    IssueStatus,
    Person,
    Visit,
)
from icv.schemas.filters import ISSUE_AGES
from icv.services.issues.access import _loaded, _submitted, _visible_to


@dataclass
class IssueFilter:
    suite_id: int | None = None
    level: int | None = None
    status: str = "outstanding"
    age: str | None = None


def for_coordinator(
    session: Session, filters: IssueFilter, today: date | None = None, limit: int = 200
) -> list[Issue]:
    """Issues of submitted reports: new ones not yet referred first (newest visit first), as
    they wait for the coordinator; then those overdue, then the oldest due. Issues resolved on
    the spot are left out unless they were later referred."""
    today = today or clock.today()
    query = _submitted().where(
        or_(Issue.resolved_on_spot.is_(False), Issue.referred_at.is_not(None))
    )
    if filters.suite_id:
        query = query.where(Visit.suite_id == filters.suite_id)
    if filters.level:
        query = query.where(Issue.level == filters.level)
    if filters.status == "outstanding":
        query = query.where(Issue.status.in_(OUTSTANDING_ISSUE_STATUSES))
    elif filters.status == "overdue":
        query = query.where(Issue.overdue_on_day(today))
    elif filters.status in set(IssueStatus):
        query = query.where(Issue.status == IssueStatus(filters.status))
    if filters.age in ISSUE_AGES:
        _, newest, oldest = ISSUE_AGES[filters.age]
        query = query.where(Visit.visit_date <= date.fromordinal(today.toordinal() - newest))
        if oldest is not None:
            query = query.where(Visit.visit_date >= date.fromordinal(today.toordinal() - oldest))
    query = query.order_by(
        case((Issue.status == IssueStatus.OPEN, 0), (Issue.overdue_on_day(today), 1), else_=2),
        Issue.due_on.asc().nulls_last(),
        Visit.visit_date.desc(),
        Issue.position,
    )
    return session.scalars(_loaded(query.limit(limit))).all()


def inbox(session: Session, person: Person, today: date | None = None) -> dict[str, list[Issue]]:
    """A force user's issues: those waiting for their answer (overdue first, then by due date),
    and the latest they have answered."""
    theirs = _submitted().where(_visible_to(person))
    answered = (
        theirs.where(Issue.status.in_((IssueStatus.RESPONDED, IssueStatus.CLOSED)))
        .order_by(Issue.responded_at.desc().nulls_last(), Issue.id.desc())
        .limit(20)
    )
    return {
        "waiting": waiting_for_answer(session, person, today),
        "answered": session.scalars(_loaded(answered)).all(),
    }


def waiting_for_answer(session: Session, person: Person, today: date | None = None) -> list[Issue]:
    """The issues referred to a force user, waiting for their answer: overdue first, then by
    due date (their inbox, and their home page)."""
    today = today or clock.today()
    waiting = (
        _submitted()
        .where(_visible_to(person), Issue.status == IssueStatus.REFERRED)
        .order_by(case((Issue.overdue_on_day(today), 0), else_=1), Issue.due_on, Issue.id)
    )
    return session.scalars(_loaded(waiting)).all()
