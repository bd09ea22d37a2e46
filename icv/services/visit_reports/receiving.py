"""Reports sent from a phone, each under the id the phone made when the draft began: a draft
saved as it is filled, and the whole report submitted, perhaps more than once (a phone that
lost its signal sends again), perhaps from two places at once.

Sending the same report twice stores it once: the second send is answered as the first was.
A different report under an id already submitted is refused (Conflict). A report sent back to
its lead, or open for an amendment, is submitted again when sent, changed or not. Two sends of
one new report at the same moment cannot both store it: the id is the visits table's primary
key, and the row is locked while a send changes it.
"""

import uuid

from sqlalchemy.orm import Session

from icv.models import EDITABLE_STATUSES, Person, Visit
from icv.schemas.visit_reports import VisitReportSchema
from icv.services import Conflict, NotFound
from icv.services.visit_reports.access import editable, submitted_by
from icv.services.visit_reports.amending import working
from icv.services.visit_reports.drafting import StaleVersion, save_draft, start_draft
from icv.services.visit_reports.workflow import digest, submit

ALREADY_SENT = "This report was already sent"


class VersionNeeded(StaleVersion):
    """A draft already saved, changed without saying which version the sender read."""


def draft(
    session: Session, lead: Person, visit_id: uuid.UUID, data: dict, version: int | None
) -> tuple[Visit, bool]:
    """Save what the phone has of a draft (VisitReportDraftSchema); the draft and whether it
    was made now. An existing draft changes only from the `version` its sender read."""
    visit = session.get(Visit, visit_id, with_for_update=True)
    made = visit is None
    if made:
        if version is not None:
            raise StaleVersion(0)  # the sender read a report that is not there
        visit = start_draft(session, lead, visit_id)
    else:
        if submitted_by(lead, visit):
            raise Conflict(
                "This report has been submitted, so it is no longer a draft to change.",
                ALREADY_SENT,
            )
        visit = editable(session, lead, visit_id)
        if version is None:
            raise VersionNeeded(visit.lock_version)
        if version != visit.lock_version:
            raise StaleVersion(visit.lock_version)
    save_draft(session, lead, visit, data)
    return working(session, visit), made


def send(
    session: Session, lead: Person, visit_id: uuid.UUID, data: dict, version: int | None = None
) -> Visit:
    """Submit the whole report (VisitReportSchema): stored once however often it is sent.

    A report the server already has as a draft (begun on the pages, carried on on the phone)
    is submitted only from the `version` the phone's copy was made from: one saved since on
    the pages is not overwritten by an older copy. A send repeated after the report came back
    to its lead (sent back, amendment asked for) is the first send again, not a new version."""
    visit = session.get(Visit, visit_id, with_for_update=True)
    if visit is not None:
        if lead.id != visit.lead_id:
            raise NotFound
        sent_before = visit.submitted_digest == digest(VisitReportSchema().dump(data))
        if visit.status not in EDITABLE_STATUSES:
            if sent_before:
                return visit  # sent before, and stored: this is the same report again
            raise Conflict(
                "A different report was sent before under this one's id, so this one was not "
                "stored. Check your reports on your home page before you send it again.",
                ALREADY_SENT,
            )
        if version is None and sent_before:
            return visit  # the first send again, arriving after the report came back
        if version != visit.lock_version:
            raise Conflict(
                "This report was changed on another page after this phone's copy was made, so "
                "the copy was not submitted: open the report from your home page, and put in "
                "it anything this copy has that it lacks.",
                "This report has changed since this copy was made",
            )
    else:
        if version is not None:
            raise StaleVersion(0)  # the sender read a report that is not there
        visit = start_draft(session, lead, visit_id)
    save_draft(session, lead, visit, data)
    submit(session, lead, visit, confirm_empty=data.get("confirm_empty", False))
    return visit
