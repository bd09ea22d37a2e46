"""The demo's issues followed up with the force: every state an issue can be in, each with
its history in the audit trail."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from icv import clock
from icv.models import (
    Area,
    AuditEvent,
    Issue,
    IssueStatus,
    Visit,
)
from icv.services import issues as issue_service
from icv.services import people
from icv.services.visit_reports import FORCE_SEES

FORCE_ANSWERS = {
    Area.CELLS_AND_BEDDING: "Blanket replaced; the cleaning contractor now cleans each mattress "
    "between detainees, checked at every shift handover",
    Area.TOILETS_AND_WASHING: "Toilet paper restocked; cell stock added to the handover checklist",
    Area.KITCHEN_AND_FOOD: "Halal meals delivered the next morning; fridge thermostat replaced "
    "and now reads 4°C",
    Area.CCTV: "Engineer attended and repaired the camera in cell 2; recording checked",
    Area.HEATING_LIGHTING_VENTILATION: "Boiler reset by the heating engineer; the cell block "
    "is at 19°C",
    Area.RIGHTS_INFORMATION: "Current PACE Codes of Practice printed and put in booking-in",
}

# The follow-up of the older issues, oldest first, repeating: every state appears, with history.
OLDER_ISSUES = ["closed", "overdue", "answered", "closed", "reopened", "closed", "answered_again"]


def load_issue_follow_up(session: Session, today: date):
    """Give the demo's issues a life with the force: the newest are still open or just referred;
    older ones are overdue, answered, closed, answered after a second referral, or reopened.
    Each step is in the audit trail at the time it happened, so every timeline has its history;
    the day's overdue reminders are then written to the outbox as `icv issues remind` would."""
    coordinator = people.find_by_email(session, "coordinator@example.org")
    force = people.find_by_email(session, "force@example.org")
    unresolved = session.scalars(
        select(Issue)
        .join(Visit, Visit.id == Issue.visit_id)
        # Only the pair's agreed reports' issues go to the force (issues.refer).
        .where(Visit.status.in_(FORCE_SEES), Issue.status == IssueStatus.OPEN)
        .order_by(Visit.visit_date.desc(), Issue.id)
    ).all()
    now = clock.now()
    older = 0
    for number, issue in enumerate(unresolved):
        if number < 2:
            continue  # still open: the coordinator has not referred it yet
        if number < 4:
            _referred(session, issue, coordinator, now - timedelta(days=1))
            continue
        if (today - issue.visit.visit_date).days < 45:
            continue
        state = OLDER_ISSUES[older % len(OLDER_ISSUES)]
        older += 1
        _follow_up(session, issue, state, coordinator, force, now)
    session.flush()
    issue_service.remind(session, today)


def _follow_up(session, issue, state, coordinator, force, now):
    referred = datetime.combine(issue.visit.visit_date, time(10, 0), tzinfo=UTC)
    referred += timedelta(days=2)
    _referred(session, issue, coordinator, referred)
    if state == "overdue":
        return
    answered = referred + timedelta(days=1 + issue.id % 9)  # some in time, some late
    _answered(session, issue, force, answered)
    if state == "answered":
        return
    if state == "answered_again":
        again = answered + timedelta(days=3)
        note = "The same problem was found on the next visit: please say what else will be done"
        _referred(session, issue, coordinator, again, note, "issue_referred_again")
        _answered(session, issue, force, again + timedelta(days=2), "Checked again and fixed")
        return
    closed = answered + timedelta(days=2)
    _step(session, issue, coordinator, "issue_closed", closed, status=IssueStatus.CLOSED)
    issue.closed_at = closed
    if state == "reopened":
        reopened = min(closed + timedelta(days=21), now - timedelta(days=10))
        note = "Found again on a later visit: please put it right for good"
        _referred(session, issue, coordinator, reopened, note, "issue_reopened")


def _referred(session, issue, coordinator, at, note=None, action="issue_referred"):
    due_on = issue_service.suggested_due_on(issue.level, at.date())
    _step(
        session,
        issue,
        coordinator,
        action,
        at,
        status=IssueStatus.REFERRED,
        due_on=due_on,
        referral_note=note,
        force_response=None,
        action_taken_on=None,
    )
    issue.referred_at, issue.responded_at, issue.closed_at = at, None, None


def _answered(session, issue, force, at, response=None):
    action_taken_on = max(at.date() - timedelta(days=1), issue.visit.visit_date)
    _step(
        session,
        issue,
        force,
        "issue_answered",
        at,
        status=IssueStatus.RESPONDED,
        force_response=response or FORCE_ANSWERS.get(issue.area, "Put right by the custody team"),
        action_taken_on=action_taken_on,
    )
    issue.responded_at = at


def _step(session, issue, actor, action, at, **changes):
    """Change the issue as the service would, and record it in the audit trail at `at`."""
    before = issue.audit_state()
    for name, value in changes.items():
        setattr(issue, name, value)
    after = issue.audit_state()
    if action == "issue_closed":
        after["note"] = None
    session.add(
        AuditEvent(
            at=at,
            actor_id=actor.id,
            action=action,
            entity="issues",
            entity_id=str(issue.id),
            before=before,
            after=after,
        )
    )
