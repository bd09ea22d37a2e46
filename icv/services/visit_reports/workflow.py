"""A report's life after the draft: the lead submits it (every version kept whole); the partner
confirms it or sends it back; the coordinator marks it reviewed or asks for an amendment. Each
step queues the e-mails it causes (notifications), sent once the step is committed."""

import hashlib
import json

from marshmallow import ValidationError
from sqlalchemy.orm import Session

from icv import clock
from icv.models import EDITABLE_STATUSES, IssueStatus, Person, ReportStatus, ReportVersion, Visit
from icv.schemas.visit_reports import VisitReportSchema, nothing_recorded
from icv.services import Invalid, NotAllowedNow, NotFound, Problems, audit
from icv.services.visit_reports import notifications
from icv.services.visit_reports.access import waits_for_partner
from icv.services.visit_reports.amending import working
from icv.services.visit_reports.drafting import check_visit, put_in_place


def body(visit: Visit) -> dict:
    """The whole report as plain data, as a phone sends it: kept with each version, and what
    a report sent again is compared with."""
    return VisitReportSchema().dump(visit)


def digest(report: dict) -> str:
    """A fingerprint of a report's content: the same report sent twice has the same one."""
    return hashlib.sha256(json.dumps(report, sort_keys=True).encode()).hexdigest()


def problems_before_submit(
    session: Session, visit: Visit, confirm_empty: bool = False
) -> list[tuple[str, str]]:
    """Everything that stops the report being submitted, as (field, message); a row's field
    is named as its page names it: detainees-0-reason.

    The steps check their own input when saved; this checks the stored report again, whole,
    with the same rules a report sent from a phone meets, because a draft may be left half
    done, or the world may have changed since (a closure recorded for that date, a partner
    who left the scheme). `confirm_empty`: its lead said yes to "Are you sure?" about a
    report that records nothing (VisitReportSchema).
    """
    problems = Problems()
    unplaced = visit.suite_id is None or visit.visit_date is None
    if unplaced:
        problems.add("suite_id", "Enter the suite and the date of the visit")
    try:
        VisitReportSchema().load({**body(visit), "confirm_empty": confirm_empty})
    except ValidationError as error:
        for name, messages in error.normalized_messages().items():
            if not (unplaced and name in ("suite_id", "visit_date")):  # said above, once
                problems.errors += _flattened(name, messages)
    records = {name: getattr(visit, name) for name in ("suite_id", "visit_date", "partner_ids")}
    check_visit(session, visit.lead, records, problems)
    return problems.errors


def records_nothing(visit: Visit) -> bool:
    """Whether submitting `visit` asks "Are you sure?" (VisitReportSchema's rule)."""
    states = [answer["state"] for answer in visit.checklist.values()]
    return nothing_recorded(visit.outcome, len(visit.detainees), states)


def _flattened(name: str, messages) -> list[tuple[str, str]]:
    """(field, message) pairs, a row's field named as its page names it: detainees-0-reason."""
    if isinstance(messages, dict):
        return [
            pair for key, inner in messages.items() for pair in _flattened(f"{name}-{key}", inner)
        ]
    return [(name, text) for text in messages]


def submit(session: Session, lead: Person, visit: Visit, confirm_empty: bool = False) -> Visit:
    """Submit the report as it stands, or raise Invalid listing every problem by field.
    `confirm_empty`: the lead is sure of a report that records nothing."""
    if visit.lead_id != lead.id or visit.status not in EDITABLE_STATUSES:
        raise NotFound
    report = working(session, visit)
    found = problems_before_submit(session, report, confirm_empty)
    if found:
        raise Invalid(errors=found)
    if report is not visit:
        put_in_place(session, visit, report)
    now = clock.now()
    reason = visit.return_note
    content = body(visit)
    visit.version += 1
    visit.versions.append(
        ReportVersion(number=visit.version, submitted_by_id=lead.id, reason=reason, body=content)
    )
    visit.submitted_digest = digest(content)
    visit.submitted_at = visit.submitted_at or now
    visit.return_note = None
    # A visitor alone (a remote visit) has no partner to confirm.
    visit.status = ReportStatus.SUBMITTED if visit.partners else ReportStatus.CONFIRMED
    for issue in visit.issues:
        if issue.resolved_on_spot and issue.status is IssueStatus.OPEN:
            issue.status, issue.closed_at = IssueStatus.CLOSED, now
        elif (
            not issue.resolved_on_spot
            and issue.status is IssueStatus.CLOSED
            and issue.referred_at is None
        ):
            # Closed because it was resolved on the spot; the amended report says it was not.
            issue.status, issue.closed_at = IssueStatus.OPEN, None
    audit.record(
        session, lead, "report_submitted", ("visits", visit.id), after={"version": visit.version}
    )
    session.flush()  # an issue added in an amendment needs its id for its link
    notifications.submitted(session, visit)
    session.flush()
    return visit


def confirm(session: Session, partner: Person, visit: Visit) -> Visit:
    _check_partner(partner, visit)
    visit.status, visit.confirmed_at, visit.confirmed_by_id = (
        ReportStatus.CONFIRMED,
        clock.now(),
        partner.id,
    )
    audit.record(session, partner, "report_confirmed", ("visits", visit.id))
    notifications.confirmed(session, visit)
    session.flush()
    return visit


def return_to_lead(session: Session, partner: Person, visit: Visit, note: str) -> Visit:
    """The partner sends the report back with `note` (ReturnSchema)."""
    _check_partner(partner, visit)
    visit.status, visit.return_note = ReportStatus.RETURNED, note
    audit.record(session, partner, "report_returned", ("visits", visit.id), after={"note": note})
    notifications.sent_back(session, visit, partner)
    session.flush()
    return visit


def _check_partner(partner: Person, visit: Visit):
    if not waits_for_partner(partner, visit):
        raise NotFound


def mark_reviewed(session: Session, coordinator: Person, visit: Visit) -> Visit:
    if visit.status is not ReportStatus.CONFIRMED:
        raise NotAllowedNow("Only a report the partner has confirmed can be marked reviewed")
    visit.status, visit.reviewed_at, visit.reviewed_by_id = (
        ReportStatus.REVIEWED,
        clock.now(),
        coordinator.id,
    )
    audit.record(session, coordinator, "report_reviewed", ("visits", visit.id))
    session.flush()
    return visit


def request_amendment(session: Session, coordinator: Person, visit: Visit, reason: str):
    """The coordinator asks the lead to amend the report, saying what (AmendmentSchema)."""
    if visit.status is ReportStatus.AMENDMENT_REQUESTED or visit.source.value == "import":
        raise NotAllowedNow("This report cannot be sent for amendment now")
    visit.status, visit.return_note = ReportStatus.AMENDMENT_REQUESTED, reason
    audit.record(
        session, coordinator, "amendment_requested", ("visits", visit.id), after={"reason": reason}
    )
    notifications.amendment_requested(session, visit, coordinator)
    session.flush()
    return visit
