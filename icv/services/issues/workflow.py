"""An issue's life with the force: the coordinator refers it with a due date, the force answers
with what was done and when, the coordinator closes it or refers it again; overdue answers are
chased once a day.

    open --refer--> referred --answer--> responded --close--> closed
                       ^                     |                  |
                       +----refer again------+------reopen------+

Every change is audited (entity "issues", before and after): the timeline reads it back.
"""

from datetime import date

from sqlalchemy import or_, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from icv import clock
from icv.models import (
    OUTSTANDING_ISSUE_STATUSES,
    Issue,
    IssueStatus,
    Person,
)
from icv.services import Conflict, Invalid, NotAllowedNow, audit, working_days
from icv.services.issues import notifications
from icv.services.issues.access import _loaded, _submitted
from icv.services.visit_reports.access import FORCE_SEES

# Working days the force has to answer, by level, unless the coordinator sets another date.
DUE_WORKING_DAYS = {3: 1, 2: 5, 1: 20}


# The statuses each action starts from.
MAY_REFER = (IssueStatus.OPEN,)


MAY_REFER_AGAIN = (IssueStatus.RESPONDED, IssueStatus.CLOSED)


MAY_ANSWER = (IssueStatus.REFERRED,)


MAY_CLOSE = OUTSTANDING_ISSUE_STATUSES


def suggested_due_on(level: int, referred_on: date) -> date:
    """The default due date: level 3 the next working day, level 2 five, level 1 twenty."""
    return working_days.add_working_days(referred_on, DUE_WORKING_DAYS[int(level)])


def _move(session: Session, issue: Issue, allowed: tuple[IssueStatus, ...], to: IssueStatus):
    """Change the status, only from one of `allowed` and only if the issue is still at the
    version read, checked by the database in the UPDATE, so that of two people acting on one
    issue at the same moment only the first succeeds (one refers while the other closes)."""
    check_status(issue, allowed)
    result = session.execute(
        update(Issue)
        .where(Issue.id == issue.id, Issue.status.in_(allowed), Issue.version == issue.version)
        .values(status=to, version=issue.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict(
            "Someone else changed this issue at the same time, so what you sent was not saved. "
            "Open the issue again to see it as it is now.",
            "This issue has just changed",
        )
    set_committed_value(issue, "status", to)
    set_committed_value(issue, "version", issue.version + 1)


def check_status(issue: Issue, allowed: tuple[IssueStatus, ...], version=None):
    """Refuse at once an action the issue's status does not allow, or one decided on an
    earlier `version` of the issue (it has moved on since the page was opened: another tab,
    another person), before any other message could point at a form no longer shown."""
    if issue.status not in allowed:
        raise NotAllowedNow(f"This issue is {issue.status.label.lower()} now: check it first")
    if version is not None and str(version).strip() != str(issue.version):
        raise NotAllowedNow(
            "Someone else has acted on this issue since you opened it, so what you sent was "
            "not saved: check it as it is now"
        )


def agreed(issue: Issue) -> bool:
    """Whether the pair have agreed the issue's report, so that it may go to the force."""
    return issue.visit.status in FORCE_SEES


def refer(
    session: Session, coordinator: Person, issue: Issue, due_on: date, note=None, version=None
) -> Issue:
    """Refer an open issue to the force, to answer by `due_on` (ReferSchema), once the pair
    have agreed the report: the force reads only what both visitors stand behind."""
    check_status(issue, MAY_REFER, version)
    if not agreed(issue):
        raise NotAllowedNow(
            f"The report is {issue.visit.status.label.lower()}: its issues can be referred to "
            "the force once the partner has confirmed it"
        )
    _refer(session, coordinator, issue, due_on, note, MAY_REFER, "issue_referred")
    return issue


def refer_again(
    session: Session, coordinator: Person, issue: Issue, due_on: date, note: str, version=None
) -> Issue:
    """Refer an answered issue back to the force, or reopen a closed one (ReferAgainSchema)."""
    check_status(issue, MAY_REFER_AGAIN, version)
    action = "issue_reopened" if issue.status is IssueStatus.CLOSED else "issue_referred_again"
    _refer(session, coordinator, issue, due_on, note, MAY_REFER_AGAIN, action)
    return issue


def _refer(session, coordinator, issue, due_on, note, allowed, action):
    before = issue.audit_state()
    _move(session, issue, allowed, IssueStatus.REFERRED)
    issue.due_on, issue.referral_note, issue.referred_at = due_on, note, clock.now()
    # A new question: the last answer and any reminder belong to the one before.
    issue.force_response = issue.action_taken_on = issue.responded_at = None
    issue.closed_at = issue.reminded_on = None
    audit.record(session, coordinator, action, issue, before, issue.audit_state())
    notifications.referred(session, issue, coordinator, again=action != "issue_referred")
    session.flush()


def answer(
    session: Session,
    force_user: Person,
    issue: Issue,
    response: str,
    action_taken_on: date,
    version=None,
) -> Issue:
    """The force's answer: what was done, and the day it was done (AnswerSchema)."""
    check_status(issue, MAY_ANSWER, version)
    visited = issue.visit.visit_date
    if visited and action_taken_on < visited:
        raise Invalid(
            "action_taken_on",
            f"The date it was done must be the same as or after the visit, {visited:%-d %B %Y}",
        )
    before = issue.audit_state()
    _move(session, issue, MAY_ANSWER, IssueStatus.RESPONDED)
    issue.force_response, issue.action_taken_on = response, action_taken_on
    issue.responded_at = clock.now()
    audit.record(session, force_user, "issue_answered", issue, before, issue.audit_state())
    notifications.answered(session, issue, force_user)
    session.flush()
    return issue


def close(
    session: Session, coordinator: Person, issue: Issue, note: str | None = None, version=None
) -> Issue:
    """Close an issue: once the force has answered, or before, saying why (CloseSchema)."""
    check_status(issue, MAY_CLOSE, version)
    if issue.status is not IssueStatus.RESPONDED and not note:
        raise Invalid(
            "note", "Enter why you are closing this issue without an answer from the force"
        )
    before = issue.audit_state()
    _move(session, issue, MAY_CLOSE, IssueStatus.CLOSED)
    issue.closed_at = clock.now()
    after = {**issue.audit_state(), "note": note}
    audit.record(session, coordinator, "issue_closed", issue, before, after)
    session.flush()
    return issue


def remind(session: Session, today: date | None = None) -> int:
    """E-mail each force user about their overdue issues, with a copy to the coordinators: at
    most once a day per issue, however often this runs. Returns how many issues were overdue
    and not yet reminded today."""
    today = today or clock.today()
    candidates = session.scalars(
        _loaded(
            _submitted()
            .where(
                Issue.overdue_on_day(today),
                or_(Issue.reminded_on.is_(None), Issue.reminded_on < today),
            )
            .order_by(Issue.due_on, Issue.id)
        )
    ).all()
    reminded = [issue for issue in candidates if _claim_reminder(session, issue, today)]
    if not reminded:
        return 0
    for issue in reminded:
        audit.record(
            session,
            None,
            "issue_reminder_sent",
            issue,
            after={
                "due_on": issue.due_on.isoformat(),
                "working_days_late": working_days.working_days_between(issue.due_on, today),
            },
        )
    notifications.overdue(session, reminded, today)
    session.flush()
    return len(reminded)


def _claim_reminder(session: Session, issue: Issue, today: date) -> bool:
    """Mark the issue reminded today, unless another run has just done so."""
    result = session.execute(
        update(Issue)
        .where(
            Issue.id == issue.id,
            Issue.status == IssueStatus.REFERRED,
            or_(Issue.reminded_on.is_(None), Issue.reminded_on < today),
        )
        .values(reminded_on=today)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:
        issue.reminded_on = today
        return True
    return False
