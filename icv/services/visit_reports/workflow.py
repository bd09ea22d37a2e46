"""A report's life after the draft: the lead submits it (every version kept whole); the partner
confirms it or sends it back; the coordinator marks it reviewed or asks for an amendment."""

import hashlib
import json

from sqlalchemy.orm import Session

from icv import clock
from icv.models import (
    CHECKLIST_AREAS,
    EDITABLE_STATUSES,
    IssueStatus,
    Person,
    ReportStatus,
    ReportVersion,
    Visit,
    VisitOutcome,
)
from icv.services import Invalid, NotFound, Problems, audit
from icv.services import suites as suite_service
from icv.services.visit_reports.drafting import _check_access, _partners, _text


def problems_before_submit(session: Session, visit: Visit) -> list[tuple[str, str]]:
    """Everything that stops the report being submitted, as (step:field, message).

    The steps check their own input when saved; this checks the stored report again, because a
    draft may be left half done, or the world may have changed since (a closure was recorded
    for that date, a partner left the scheme).
    """
    problems = Problems()
    suite = visit.suite
    if suite is None or visit.visit_date is None:
        problems.add("visit:suite_id", "Enter the suite and the date of the visit")
    elif not suite.active:
        problems.add("visit:suite_id", f"{suite.name} is no longer visited: select the suite")
    elif visit.visit_date > clock.today():
        problems.add("visit:visit_date", "The date of the visit must be today or in the past")
    elif closure := suite_service.closed_on(session, suite, visit.visit_date):
        problems.add("visit:visit_date", f"{suite.name} was closed on that date ({closure.reason})")
    partner_problems = Problems()
    _partners(
        session,
        visit.lead,
        [v.person_id for v in visit.partners],
        visit.visit_type,
        partner_problems,
    )
    problems.errors += [(f"visit:{field}", message) for field, message in partner_problems.errors]
    if visit.outcome is VisitOutcome.ABANDONED and not visit.abandoned_reason:
        problems.add("visit:abandoned_reason", "Enter why the visit was abandoned")
    access = Problems()
    _check_access(
        access,
        visit,
        visit.arrived_at,
        visit.admitted_at,
        visit.delay_reason,
        visit.delay_authorised_by,
    )
    problems.errors += [(f"access:{field}", message) for field, message in access.errors]
    return problems.errors


def report_body(visit: Visit) -> dict:
    """The whole report as plain data: kept with each version, and compared on resubmission."""
    return {
        "id": str(visit.id),
        "suite": visit.suite.name if visit.suite else None,
        "visit_date": visit.visit_date.isoformat() if visit.visit_date else None,
        "visit_type": visit.visit_type.value,
        "visitors": [v.name for v in visit.visitors],
        "outcome": visit.outcome.value,
        "abandoned_reason": visit.abandoned_reason,
        "arrived_at": visit.arrived_at.strftime("%H:%M") if visit.arrived_at else None,
        "admitted_at": visit.admitted_at.strftime("%H:%M") if visit.admitted_at else None,
        "wait_minutes": visit.wait_minutes,
        "delay_reason": visit.delay_reason,
        "delay_authorised_by": visit.delay_authorised_by,
        "detainees": [
            {
                "custody_number": d.custody_number,
                "age_group": d.age_group.value if d.age_group else None,
                "sex": d.sex.value if d.sex else None,
                "vulnerable": d.vulnerable,
                "needs_appropriate_adult": d.needs_appropriate_adult,
                "needs_interpreter": d.needs_interpreter,
                "outcome": d.outcome.value,
                "reason": d.reason,
                "reason_detail": d.reason_detail,
                "welfare_notes": d.welfare_notes,
            }
            for d in visit.detainees
        ],
        "checklist": {
            c.area.value: {"state": c.state.value, "note": c.note}
            for c in sorted(visit.checks, key=lambda c: CHECKLIST_AREAS.index(c.area))
        },
        "issues": [
            {
                "area": i.area.value,
                "description": i.description,
                "raised_with": i.raised_with,
                "response_at_time": i.response_at_time,
                "resolved_on_spot": i.resolved_on_spot,
                "level": i.level,
            }
            for i in visit.issues
        ],
        "observations": visit.observations,
    }


def _digest(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def submit(session: Session, lead: Person, visit: Visit) -> Visit:
    """Submit the report as it stands, or raise Invalid listing every problem by step."""
    if visit.lead_id != lead.id or visit.status not in EDITABLE_STATUSES:
        raise NotFound
    found = problems_before_submit(session, visit)
    if found:
        raise Invalid(errors=found)
    now = clock.now()
    reason = visit.return_note
    body = report_body(visit)
    visit.version += 1
    visit.versions.append(
        ReportVersion(number=visit.version, submitted_by_id=lead.id, reason=reason, body=body)
    )
    visit.submitted_digest = _digest(body)
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
    session.flush()
    return visit


def return_to_lead(session: Session, partner: Person, visit: Visit, note: str | None) -> Visit:
    _check_partner(partner, visit)
    note = _text(note)
    if not note:
        raise Invalid("note", "Enter what the lead visitor should change")
    if len(note) > 1000:
        raise Invalid("note", "The note must be 1,000 characters or fewer")
    visit.status, visit.return_note = ReportStatus.RETURNED, note
    audit.record(session, partner, "report_returned", ("visits", visit.id), after={"note": note})
    session.flush()
    return visit


def _check_partner(partner: Person, visit: Visit):
    if visit.status is not ReportStatus.SUBMITTED or partner.id not in {
        v.person_id for v in visit.partners
    }:
        raise NotFound


def mark_reviewed(session: Session, coordinator: Person, visit: Visit) -> Visit:
    if visit.status is not ReportStatus.CONFIRMED:
        raise Invalid("status", "Only a report the partner has confirmed can be marked reviewed")
    visit.status, visit.reviewed_at, visit.reviewed_by_id = (
        ReportStatus.REVIEWED,
        clock.now(),
        coordinator.id,
    )
    audit.record(session, coordinator, "report_reviewed", ("visits", visit.id))
    session.flush()
    return visit


def request_amendment(session: Session, coordinator: Person, visit: Visit, reason: str | None):
    reason = _text(reason)
    if not reason:
        raise Invalid("reason", "Enter what the lead visitor should amend")
    if len(reason) > 1000:
        raise Invalid("reason", "The reason must be 1,000 characters or fewer")
    if visit.status is ReportStatus.AMENDMENT_REQUESTED or visit.source.value == "import":
        raise Invalid("reason", "This report cannot be sent for amendment now")
    visit.status, visit.return_note = ReportStatus.AMENDMENT_REQUESTED, reason
    audit.record(
        session, coordinator, "amendment_requested", ("visits", visit.id), after={"reason": reason}
    )
    session.flush()
    return visit
