"""Who may see which issue. Every view and API call asks here, as visit_reports.access does
for reports."""

from sqlalchemy import and_, false, select, true
from sqlalchemy.orm import Session, selectinload

from icv.models import (
    COUNTED_STATUSES,
    Issue,
    Person,
    Role,
    Visit,
    VisitVisitor,
    force_suites,
)
from icv.services import NotFound


def _loaded(query):
    return query.options(
        selectinload(Issue.visit).selectinload(Visit.suite),
        selectinload(Issue.visit).selectinload(Visit.visitors),
    )


def _submitted():
    """Issues of submitted reports (never a draft's), joined to their visit."""
    return (
        select(Issue)
        .join(Visit, Visit.id == Issue.visit_id)
        .where(Visit.status.in_(COUNTED_STATUSES))
    )


def _visible_to(person: Person):
    """Coordinators see every submitted report's issues; force users the issues referred for
    their suites; volunteers the issues of the reports they are on."""
    if person.role is Role.COORDINATOR:
        return true()
    if person.role is Role.FORCE:
        their_suites = select(force_suites.c.suite_id).where(force_suites.c.person_id == person.id)
        return and_(Visit.suite_id.in_(their_suites), Issue.referred_at.is_not(None))
    if person.role is Role.VOLUNTEER:
        on_report = select(VisitVisitor.visit_id).where(VisitVisitor.person_id == person.id)
        return Visit.id.in_(on_report)
    return false()


def visible(session: Session, person: Person, issue_id) -> Issue:
    """The issue if `person` may see it, else NotFound (the view answers 404)."""
    try:
        issue_id = int(issue_id)
    except (TypeError, ValueError) as error:
        raise NotFound from error
    issue = session.scalar(_loaded(_submitted().where(Issue.id == issue_id, _visible_to(person))))
    if issue is None:
        raise NotFound
    return issue


def may_see(person: Person, issue: Issue) -> bool:
    """Whether visible_issue would give `person` this issue (for links on report pages)."""
    if issue.visit.status not in COUNTED_STATUSES:
        return False
    if person.role is Role.COORDINATOR:
        return True
    if person.role is Role.FORCE:
        return issue.referred_at is not None and issue.visit.suite_id in {
            suite.id for suite in person.suites
        }
    return any(visitor.person_id == person.id for visitor in issue.visit.visitors)
