"""Who may see a visit report, and who may change it now. Every view and API call asks here."""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from icv.models import (
    EDITABLE_STATUSES,
    Person,
    ReportStatus,
    Role,
    Visit,
    VisitVisitor,
)
from icv.services import NotFound, audit


def _loaded(query):
    return query.options(
        selectinload(Visit.visitors).selectinload(VisitVisitor.person),
        selectinload(Visit.detainees),
        selectinload(Visit.checks),
        selectinload(Visit.issues),
        selectinload(Visit.suite),
    )


def visible(session: Session, person: Person, visit_id, lock: bool = False) -> Visit:
    """The report if `person` may see it, else NotFound (the view answers 404); with `lock`,
    its row is locked until the unit of work ends, so a second change waits for the first and
    then sees what it did.

    Volunteers see reports they are on; coordinators every submitted report; force users the
    submitted reports of the suites they answer for. Nobody but its visitors sees a draft.
    """
    try:
        visit_id = uuid.UUID(str(visit_id))
    except ValueError as error:
        raise NotFound from error
    query = select(Visit).where(Visit.id == visit_id)
    visit = session.scalar(_loaded(query.with_for_update(of=Visit) if lock else query))
    if visit is None or not may_see(person, visit):
        raise NotFound
    return visit


def opened(session: Session, person: Person, visit_id) -> Visit:
    """The report `person` opens to read (visible). The coordinator's and the force's readings
    are audited; its own visitors' are not (they wrote it)."""
    visit = visible(session, person, visit_id)
    if person.role is not Role.VOLUNTEER:
        audit.read(session, person, "report_read", visit)
    return visit


# The force reads what the pair have agreed: not a report still waiting for the partner, sent
# back by them, or open again for an amendment (its changes are not yet resubmitted).
FORCE_SEES = (ReportStatus.CONFIRMED, ReportStatus.REVIEWED)


def may_see(person: Person, visit: Visit) -> bool:
    if person.role is Role.VOLUNTEER:
        return any(visitor.person_id == person.id for visitor in visit.visitors)
    if visit.status is ReportStatus.DRAFT:
        return False
    if person.role is Role.COORDINATOR:
        return True
    return visit.status in FORCE_SEES and visit.suite_id in {suite.id for suite in person.suites}


def editable(session: Session, person: Person, visit_id, lock: bool = False) -> Visit:
    """The report if `person` is its lead and it is theirs to change now (`lock`: see
    visible)."""
    visit = visible(session, person, visit_id, lock)
    if visit.lead_id != person.id or visit.status not in EDITABLE_STATUSES:
        raise NotFound
    return visit


def submitted_by(person: Person, visit: Visit) -> bool:
    """Whether `person` led the report and it is submitted (and not open to them again)."""
    return visit.lead_id == person.id and visit.status not in EDITABLE_STATUSES


def waits_for_partner(person: Person, visit: Visit) -> bool:
    """Whether the report waits for `person` to confirm it or send it back."""
    return visit.status is ReportStatus.SUBMITTED and person.id in visit.partner_ids
