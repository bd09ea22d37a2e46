"""Who is told about a visit report, and when (the words are in templates/emails/).

    the partner     when a report waits for them to confirm it
    the lead        when the partner sends it back, or the coordinator asks for an amendment
    escalation      a level 3 issue ("unacceptable") not resolved on the spot

Escalation goes to the coordinators when the report is submitted, whether or not the partner
has confirmed it yet: they must hear at once, and they read every submitted report. It goes to
the suite's force users only once the pair have agreed the report (FORCE_SEES): when the
partner confirms it, or at submission when no partner has to (a visitor alone), because the
force reads only what both visitors stand behind. Each issue is escalated to each side once:
a report sent back or amended and submitted again does not e-mail about it again.

No e-mail names a detainee, holds a custody number, or repeats what people wrote (an issue's
description, a note sending a report back), which may speak of a detainee: each says which
report, and what kind of issue, and links to its page, behind sign-in.
"""

from sqlalchemy.orm import Session

from icv import clock
from icv.models import Issue, IssueLevel, Person, Visit
from icv.services import audit, mail
from icv.services.issues.notifications import coordinators, force_users
from icv.services.visit_reports.access import FORCE_SEES


def submitted(session: Session, visit: Visit):
    """The lead has submitted (or resubmitted) the report."""
    for partner in visit.partners:
        if partner.person is not None and partner.person.active:
            mail.queue_template(
                session,
                partner.person,
                "emails/report_to_confirm.txt",
                visit=visit,
                link=mail.link("visits.show", visit_id=visit.id),
            )
    _escalate(session, visit)


def confirmed(session: Session, visit: Visit):
    """The partner has confirmed the report: the pair agree it."""
    _escalate(session, visit)


def sent_back(session: Session, visit: Visit, partner: Person):
    _tell_lead(session, visit, "emails/report_sent_back.txt", partner=partner)


def amendment_requested(session: Session, visit: Visit, coordinator: Person):
    _tell_lead(session, visit, "emails/amendment_requested.txt", coordinator=coordinator)


def _tell_lead(session: Session, visit: Visit, template: str, **context):
    if visit.lead is not None and visit.lead.active:
        mail.queue_template(
            session,
            visit.lead,
            template,
            visit=visit,
            link=mail.link("visits.check", visit_id=visit.id),
            **context,
        )


def escalating(visit: Visit) -> list[Issue]:
    """The report's issues that are escalated: level 3, not resolved on the spot."""
    return [
        issue
        for issue in visit.issues
        if issue.level == IssueLevel.UNACCEPTABLE and not issue.resolved_on_spot
    ]


def _escalate(session: Session, visit: Visit):
    issues = escalating(visit)
    now = clock.now()
    new = [issue for issue in issues if issue.escalated_at is None]
    if new:
        for person in coordinators(session):
            mail.queue_template(
                session,
                person,
                "emails/issues_escalated.txt",
                visit=visit,
                issues=[(issue, mail.link("issues.show", issue_id=issue.id)) for issue in new],
                link=mail.link("review.show", visit_id=visit.id),
            )
        _escalated(session, new, "escalated_at", now, "issue_escalated")
    if visit.status not in FORCE_SEES:
        return
    new = [issue for issue in issues if issue.escalated_to_force_at is None]
    if new:
        for person in force_users(session, visit.suite_id):
            mail.queue_template(
                session,
                person,
                "emails/issues_escalated.txt",
                visit=visit,
                issues=[(issue, None) for issue in new],
                link=mail.link("force.visit_report", visit_id=visit.id),
            )
        _escalated(session, new, "escalated_to_force_at", now, "issue_escalated_to_force")


def _escalated(session: Session, issues: list[Issue], column: str, now, action: str):
    """Mark the issues escalated, in their history too (icv.services.issues.timeline)."""
    for issue in issues:
        setattr(issue, column, now)
        audit.record(session, None, action, issue, after={column: now.isoformat()})
