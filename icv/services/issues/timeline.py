"""An issue's history, oldest first, read back from the audit trail."""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from icv.models import (
    AuditEvent,
    Issue,
)


@dataclass
class Moment:
    """One step in an issue's life, as the timeline shows it."""

    at: datetime
    what: str
    who: str | None
    details: list[tuple[str, str]] = field(default_factory=list)


ACTIONS = {
    "issue_escalated": ("Level 3: e-mailed to the coordinators at once", ()),
    "issue_escalated_to_force": ("Level 3: e-mailed to the force once the pair agreed", ()),
    "issue_referred": ("Referred to the force", ("due_on", "referral_note")),
    "issue_referred_again": ("Referred to the force again", ("due_on", "referral_note")),
    "issue_reopened": ("Reopened and referred to the force again", ("due_on", "referral_note")),
    "issue_answered": ("Answered by the force", ("force_response", "action_taken_on")),
    "issue_closed": ("Closed", ("note",)),
    "issue_reminder_sent": ("Reminder sent: the answer is overdue", ("due_on",)),
}


DETAIL_LABELS = {
    "due_on": "Answer by",
    "referral_note": "Note",
    "force_response": "What was done",
    "action_taken_on": "Done on",
    "note": "Note",
}


def timeline(session: Session, issue: Issue) -> list[Moment]:
    """The issue's life, oldest first, from the audit trail: raised (when its report was
    submitted), then every referral, answer, reminder and closure, by whom and when."""
    moments = [_raised(session, issue)]
    if issue.resolved_on_spot:
        moments.append(Moment(moments[0].at, "Closed: resolved on the spot", moments[0].who))
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity == "issues", AuditEvent.entity_id == str(issue.id))
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    for event in events:
        if event.action not in ACTIONS:
            continue
        what, keys = ACTIONS[event.action]
        after = event.after or {}
        labels = {**DETAIL_LABELS, **({"due_on": "Was due"} if "reminder" in event.action else {})}
        details = [(labels[key], _shown(key, after[key])) for key in keys if after.get(key)]
        who = event.actor.name if event.actor else None
        moments.append(Moment(event.at, what, who, details))
    return moments


def _raised(session: Session, issue: Issue) -> Moment:
    visit = issue.visit
    submitted = session.scalar(
        select(AuditEvent)
        .where(
            AuditEvent.entity == "visits",
            AuditEvent.entity_id == str(visit.id),
            AuditEvent.action == "report_submitted",
            AuditEvent.at >= issue.created_at,
        )
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.at)
        .limit(1)
    )
    what = f"Raised on the visit of {visit.visit_date:%-d %B %Y}" if visit.visit_date else "Raised"
    if submitted is not None:
        return Moment(submitted.at, what, submitted.actor.name if submitted.actor else None)
    lead = visit.visitors[0].name if visit.visitors else None
    return Moment(visit.submitted_at or issue.created_at, what, lead)


def _shown(key: str, value) -> str:
    if key in ("due_on", "action_taken_on"):
        return f"{date.fromisoformat(value):%-d %B %Y}"
    return str(value)
