"""Issues after the visit: the coordinator refers each one to the force with a due date, the force
answers with what was done and when, the coordinator closes it or refers it again.

    open --refer--> referred --answer--> responded --close--> closed
                       ^                     |                  |
                       +----refer again------+------reopen------+

Every rule lives here, once. Every change is audited (entity "issues", before and after), and
an issue's timeline is read back from that trail. E-mails are queued in the same transaction
as the change and sent after it commits (icv.mailer).

Who may see which issue is decided here too (visible_issue), as reports.visible_report does for
reports, so every view asks the same way.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from flask import current_app, has_request_context, url_for
from sqlalchemy import Integer, and_, case, cast, extract, false, func, or_, select, true, update
from sqlalchemy.orm import Session, selectinload

from icv import clock
from icv.models import (
    COUNTED_STATUSES,
    AuditEvent,
    Issue,
    IssueStatus,
    Person,
    Role,
    Suite,
    Visit,
    VisitVisitor,
    force_suites,
)
from icv.reporting.sql import seconds_between
from icv.services import Conflict, Invalid, NotFound, Problems, audit, mail, working_days

# Working days the force has to answer, by level, unless the coordinator sets another date.
DUE_WORKING_DAYS = {3: 1, 2: 5, 1: 20}
TEXT_LIMIT = 2000
# The field a service names when the issue moved on under the person acting (another tab,
# another coordinator): views show it as a message, not beside a field.
CONFLICT = "status"
OUTSTANDING = (IssueStatus.OPEN, IssueStatus.REFERRED, IssueStatus.RESPONDED)
# The statuses each action starts from.
MAY_REFER = (IssueStatus.OPEN,)
MAY_REFER_AGAIN = (IssueStatus.RESPONDED, IssueStatus.CLOSED)
MAY_ANSWER = (IssueStatus.REFERRED,)
MAY_CLOSE = OUTSTANDING


# --- who may see what ------------------------------------------------------------------------


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


def visible_issue(session: Session, person: Person, issue_id) -> Issue:
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


# --- lists -------------------------------------------------------------------------------------

STATUS_FILTERS = {
    "outstanding": "Outstanding (not closed)",
    "overdue": "Overdue",
    **{status.value: status.label for status in IssueStatus},
    "any": "Any status",
}

# Age: days since the visit that raised the issue, from and to (None: no limit).
AGE_FILTERS = {
    "week": ("Raised in the last 7 days", 0, 7),
    "month": ("Raised 8 to 28 days ago", 8, 28),
    "quarter": ("Raised 29 to 90 days ago", 29, 90),
    "older": ("Raised more than 90 days ago", 91, None),
}


@dataclass
class IssueFilter:
    suite_id: int | None = None
    level: int | None = None
    status: str = "outstanding"
    age: str | None = None


def _overdue(today: date):
    return and_(Issue.status == IssueStatus.REFERRED, Issue.due_on < today)


def for_coordinator(
    session: Session, filters: IssueFilter, today: date | None = None, limit: int = 200
) -> list[Issue]:
    """Issues of submitted reports, overdue first, then the oldest due, then the newest raised.
    Issues resolved on the spot are left out unless they were later referred."""
    today = today or clock.today()
    query = _submitted().where(
        or_(Issue.resolved_on_spot.is_(False), Issue.referred_at.is_not(None))
    )
    if filters.suite_id:
        query = query.where(Visit.suite_id == filters.suite_id)
    if filters.level:
        query = query.where(Issue.level == filters.level)
    if filters.status == "outstanding":
        query = query.where(Issue.status.in_(OUTSTANDING))
    elif filters.status == "overdue":
        query = query.where(_overdue(today))
    elif filters.status in set(IssueStatus):
        query = query.where(Issue.status == IssueStatus(filters.status))
    if filters.age in AGE_FILTERS:
        _, newest, oldest = AGE_FILTERS[filters.age]
        query = query.where(Visit.visit_date <= date.fromordinal(today.toordinal() - newest))
        if oldest is not None:
            query = query.where(Visit.visit_date >= date.fromordinal(today.toordinal() - oldest))
    query = query.order_by(
        case((_overdue(today), 0), else_=1),
        Issue.due_on.asc().nulls_last(),
        Visit.visit_date.desc(),
        Issue.position,
    )
    return session.scalars(_loaded(query.limit(limit))).all()


def inbox(session: Session, person: Person, today: date | None = None) -> dict[str, list[Issue]]:
    """A force user's issues: those waiting for their answer (overdue first, then by due date),
    and the latest they have answered."""
    today = today or clock.today()
    theirs = _submitted().where(_visible_to(person))
    waiting = theirs.where(Issue.status == IssueStatus.REFERRED).order_by(
        case((_overdue(today), 0), else_=1), Issue.due_on, Issue.id
    )
    answered = (
        theirs.where(Issue.status.in_((IssueStatus.RESPONDED, IssueStatus.CLOSED)))
        .order_by(Issue.responded_at.desc().nulls_last(), Issue.id.desc())
        .limit(20)
    )
    return {
        "waiting": session.scalars(_loaded(waiting)).all(),
        "answered": session.scalars(_loaded(answered)).all(),
    }


# --- due dates ---------------------------------------------------------------------------------


def suggested_due_on(level: int, referred_on: date) -> date:
    """The default due date: level 3 the next working day, level 2 five, level 1 twenty."""
    return working_days.add_working_days(referred_on, DUE_WORKING_DAYS[int(level)])


def _check_due(problems: Problems, due_on: date | None, today: date):
    if due_on is None:
        problems.add("due_on", "Enter the date the force should answer by")
    elif due_on < today:
        problems.add("due_on", "The date the force should answer by must be today or later")


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _check_length(problems: Problems, name: str, value: str | None, label: str):
    if value and len(value) > TEXT_LIMIT:
        problems.add(name, f"{label} must be {TEXT_LIMIT:,} characters or fewer")


# --- changes -----------------------------------------------------------------------------------


def audit_state(issue: Issue) -> dict:
    """What the audit trail keeps of an issue at each step; the timeline reads it back."""
    return {
        "status": issue.status.value,
        "due_on": _iso(issue.due_on),
        "referral_note": issue.referral_note,
        "force_response": issue.force_response,
        "action_taken_on": _iso(issue.action_taken_on),
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _move(session: Session, issue: Issue, allowed: tuple[IssueStatus, ...], to: IssueStatus):
    """Change the status, only from one of `allowed`, checked by the database in the UPDATE, so
    that of two people acting on one issue at the same moment only the first succeeds."""
    check_status(issue, allowed)
    result = session.execute(
        update(Issue)
        .where(Issue.id == issue.id, Issue.status.in_(allowed))
        .values(status=to)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict(
            "Someone else changed this issue at the same time, so what you sent was not saved. "
            "Open the issue again to see it as it is now.",
            "This issue has just changed",
        )
    issue.status = to


def check_status(issue: Issue, allowed: tuple[IssueStatus, ...]):
    """Refuse at once an action the issue's status does not allow (it has moved on since the
    page was opened), before any other message could point at a form no longer shown."""
    if issue.status not in allowed:
        raise Invalid(CONFLICT, f"This issue is {issue.status.label.lower()} now: check it first")


def refer(
    session: Session,
    coordinator: Person,
    issue: Issue,
    due_on: date | None,
    note: str | None = None,
    *,
    today: date | None = None,
) -> Issue:
    """Refer an open issue to the force, to answer by `due_on`."""
    _refer(session, coordinator, issue, due_on, note, today, MAY_REFER, "issue_referred")
    return issue


def refer_again(
    session: Session,
    coordinator: Person,
    issue: Issue,
    due_on: date | None,
    note: str | None,
    *,
    today: date | None = None,
) -> Issue:
    """Refer an answered issue back to the force, or reopen a closed one, saying why."""
    check_status(issue, MAY_REFER_AGAIN)
    if not _text(note):
        raise Invalid("note", "Enter what you are asking the force to do now")
    action = "issue_reopened" if issue.status is IssueStatus.CLOSED else "issue_referred_again"
    _refer(session, coordinator, issue, due_on, note, today, MAY_REFER_AGAIN, action)
    return issue


def _refer(session, coordinator, issue, due_on, note, today, allowed, action):
    check_status(issue, allowed)
    today = today or clock.today()
    note = _text(note)
    problems = Problems()
    _check_due(problems, due_on, today)
    _check_length(problems, "note", note, "The note")
    problems.raise_any()
    before = audit_state(issue)
    _move(session, issue, allowed, IssueStatus.REFERRED)
    issue.due_on, issue.referral_note, issue.referred_at = due_on, note, clock.now()
    # A new question: the last answer and any reminder belong to the one before.
    issue.force_response = issue.action_taken_on = issue.responded_at = None
    issue.closed_at = issue.reminded_on = None
    audit.record(session, coordinator, action, issue, before, audit_state(issue))
    again = action != "issue_referred"
    for person in force_users(session, issue.visit.suite_id):
        mail.queue(
            session,
            person.email,
            f"{'Issue referred again' if again else 'Issue referred'}: {_title(issue)}, "
            f"answer by {issue.due_on:%-d %B %Y}",
            f"Hello {person.name},\n\n"
            f"{coordinator.name}, the custody visiting scheme coordinator, has referred "
            f"{'again ' if again else ''}an issue raised on a custody visit. Please answer by "
            f"{issue.due_on:%A %-d %B %Y}, saying what was done and when.\n\n"
            f"{_summary(issue)}"
            f"Answer it here: {_link('issues.force_show', issue_id=issue.id)}\n",
        )
    session.flush()


def answer(
    session: Session,
    force_user: Person,
    issue: Issue,
    response: str | None,
    action_taken_on: date | None,
    *,
    today: date | None = None,
) -> Issue:
    """The force's answer: what was done, and the day it was done."""
    check_status(issue, MAY_ANSWER)
    today = today or clock.today()
    response = _text(response)
    problems = Problems()
    if not response:
        problems.add("response", "Enter what was done about the issue")
    _check_length(problems, "response", response, "What was done")
    if action_taken_on is None:
        problems.add("action_taken_on", "Enter the date it was done")
    elif action_taken_on > today:
        problems.add("action_taken_on", "The date it was done must be today or in the past")
    elif issue.visit.visit_date and action_taken_on < issue.visit.visit_date:
        problems.add(
            "action_taken_on",
            "The date it was done must be the same as or after the visit, "
            f"{issue.visit.visit_date:%-d %B %Y}",
        )
    problems.raise_any()
    before = audit_state(issue)
    _move(session, issue, MAY_ANSWER, IssueStatus.RESPONDED)
    issue.force_response, issue.action_taken_on = response, action_taken_on
    issue.responded_at = clock.now()
    audit.record(session, force_user, "issue_answered", issue, before, audit_state(issue))
    for person in coordinators(session):
        mail.queue(
            session,
            person.email,
            f"Issue answered: {_title(issue)}",
            f"Hello {person.name},\n\n"
            f"{force_user.name} has answered an issue referred to the force.\n\n"
            f"{_summary(issue)}"
            f"What was done ({action_taken_on:%-d %B %Y}):\n{response}\n\n"
            f"Close it, or refer it again: {_link('issues.show', issue_id=issue.id)}\n",
        )
    session.flush()
    return issue


def close(session: Session, coordinator: Person, issue: Issue, note: str | None = None) -> Issue:
    """Close an issue: once the force has answered, or before, saying why."""
    check_status(issue, MAY_CLOSE)
    note = _text(note)
    problems = Problems()
    if issue.status is not IssueStatus.RESPONDED and not note:
        problems.add(
            "note", "Enter why you are closing this issue without an answer from the force"
        )
    _check_length(problems, "note", note, "The note")
    problems.raise_any()
    before = audit_state(issue)
    _move(session, issue, MAY_CLOSE, IssueStatus.CLOSED)
    issue.closed_at = clock.now()
    after = {**audit_state(issue), "note": note}
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
                _overdue(today),
                or_(Issue.reminded_on.is_(None), Issue.reminded_on < today),
            )
            .order_by(Issue.due_on, Issue.id)
        )
    ).all()
    reminded = [issue for issue in candidates if _claim_reminder(session, issue, today)]
    if not reminded:
        return 0
    by_recipient: dict[str, tuple[Person, list[Issue]]] = {}
    users = force_users_by_suite(session, {issue.visit.suite_id for issue in reminded})
    for issue in reminded:
        audit.record(
            session,
            None,
            "issue_reminder_sent",
            issue,
            after={
                "due_on": _iso(issue.due_on),
                "working_days_late": working_days.working_days_between(issue.due_on, today),
            },
        )
        for person in users.get(issue.visit.suite_id, []):
            by_recipient.setdefault(person.email, (person, []))[1].append(issue)
    for person, issues in by_recipient.values():
        _queue_reminder(session, person, issues, today, "issues.force_show")
    for person in coordinators(session):
        _queue_reminder(session, person, reminded, today, "issues.show", copy=True)
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


def _queue_reminder(session, person, issues, today, endpoint, copy=False):
    count = f"{len(issues)} issue{'s' if len(issues) != 1 else ''}"
    lines = [
        f"- {_title(issue)}, due {issue.due_on:%-d %B %Y} "
        f"({working_days.working_days_between(issue.due_on, today)} working days late)\n"
        f"  {issue.description}\n  {_link(endpoint, issue_id=issue.id)}"
        for issue in issues
    ]
    intro = (
        f"A copy of today's reminders to the force: {count} overdue."
        if copy
        else f"{count} referred to you by the custody visiting scheme "
        f"{'is' if len(issues) == 1 else 'are'} past the date for an answer."
    )
    mail.queue(
        session,
        person.email,
        f"Overdue: {count} waiting for the force's answer",
        f"Hello {person.name},\n\n{intro}\n\n" + "\n\n".join(lines) + "\n",
    )


# --- who is told -----------------------------------------------------------------------------


def force_users(session: Session, suite_id: int) -> list[Person]:
    """The active force users who answer for the suite."""
    return force_users_by_suite(session, {suite_id}).get(suite_id, [])


def force_users_by_suite(session: Session, suite_ids) -> dict[int, list[Person]]:
    rows = session.execute(
        select(force_suites.c.suite_id, Person)
        .join(Person, Person.id == force_suites.c.person_id)
        .where(
            force_suites.c.suite_id.in_(set(suite_ids)),
            Person.role == Role.FORCE,
            Person.active.is_(True),
        )
        .order_by(Person.name)
    ).all()
    found: dict[int, list[Person]] = defaultdict(list)
    for suite_id, person in rows:
        found[suite_id].append(person)
    return found


def coordinators(session: Session) -> list[Person]:
    return session.scalars(
        select(Person)
        .where(Person.role == Role.COORDINATOR, Person.active.is_(True))
        .order_by(Person.name)
    ).all()


def _title(issue: Issue) -> str:
    suite = issue.visit.suite.name if issue.visit.suite else "Unknown suite"
    return f"{suite}, {issue.area.label.lower()}, level {issue.level}"


def _summary(issue: Issue) -> str:
    visit = issue.visit
    text = (
        f"Suite: {visit.suite.name if visit.suite else '–'}\n"
        f"Visit: {visit.visit_date:%-d %B %Y}\n"
        f"Area: {issue.area.label}\n"
        f"Level: {issue.level_label}\n"
        f"Issue: {issue.description}\n"
    )
    if issue.raised_with:
        text += f"Raised at the time with: {issue.raised_with}\n"
    if issue.referral_note:
        text += f"The coordinator's note: {issue.referral_note}\n"
    return text + "\n"


def _link(endpoint: str, **values) -> str:
    """A full link for an e-mail: ICV_BASE_URL when set, else the address of the request;
    from the command line without ICV_BASE_URL, the path alone."""
    base = current_app.config.get("BASE_URL")
    if not base and has_request_context():
        return url_for(endpoint, _external=True, **values)
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return (base or "").rstrip("/") + path


# --- the timeline --------------------------------------------------------------------------


@dataclass
class Moment:
    """One step in an issue's life, as the timeline shows it."""

    at: datetime
    what: str
    who: str | None
    details: list[tuple[str, str]] = field(default_factory=list)


ACTIONS = {
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


# --- the dashboard -------------------------------------------------------------------------


def _one_decimal(value) -> float:
    """Rounded half up, as every figure icv shows is (Python's round() goes to even)."""
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _sum_when(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def outstanding_by_suite_and_level(session: Session, today: date | None = None) -> list[dict]:
    """Issues not yet closed, counted by suite and level in one GROUP BY."""
    today = today or clock.today()
    query = (
        select(
            Suite.name,
            Issue.level,
            _sum_when(Issue.status == IssueStatus.OPEN),
            _sum_when(Issue.status == IssueStatus.REFERRED),
            _sum_when(_overdue(today)),
            _sum_when(Issue.status == IssueStatus.RESPONDED),
        )
        .select_from(Issue)
        .join(Visit, Visit.id == Issue.visit_id)
        .join(Suite, Suite.id == Visit.suite_id)
        .where(Visit.status.in_(COUNTED_STATUSES), Issue.status.in_(OUTSTANDING))
        .group_by(Suite.name, Issue.level)
        .order_by(Suite.name, Issue.level.desc())
    )
    keys = ("suite", "level", "open", "referred", "overdue", "responded")
    return [dict(zip(keys, row, strict=True)) for row in session.execute(query)]


def median_days_to_answer(session: Session, quarters: int = 8) -> list[dict]:
    """The median calendar days from referral to the force's answer, for the latest quarters
    (of the visit's date, as the statistics count), computed in the database: rows are numbered
    within each quarter and the middle one, or the middle two averaged, kept."""
    month = cast(extract("month", Visit.visit_date), Integer)
    first_year = cast(extract("year", Visit.visit_date), Integer) - case((month < 4, 1), else_=0)
    number = (month + 8) % 12 // 3 + 1  # April–June is Q1 … January–March Q4
    days = seconds_between(Issue.referred_at, Issue.responded_at) / 86400.0
    quarter = (first_year, number)
    answered = (
        select(
            first_year.label("first_year"),
            number.label("number"),
            days.label("days"),
            func.row_number().over(partition_by=quarter, order_by=days).label("rank"),
            func.count().over(partition_by=quarter).label("answered"),
        )
        .select_from(Issue)
        .join(Visit, Visit.id == Issue.visit_id)
        .where(
            Visit.status.in_(COUNTED_STATUSES),
            Issue.referred_at.is_not(None),
            Issue.responded_at.is_not(None),
        )
        .subquery()
    )
    middle = answered.c.rank.in_([(answered.c.answered + 1) // 2, (answered.c.answered + 2) // 2])
    query = (
        select(
            answered.c.first_year,
            answered.c.number,
            func.avg(answered.c.days),
            func.max(answered.c.answered),
        )
        .where(middle)
        .group_by(answered.c.first_year, answered.c.number)
        .order_by(answered.c.first_year.desc(), answered.c.number.desc())
        .limit(quarters)
    )
    return [
        {
            "quarter": f"{first}/{(first + 1) % 100:02d} Q{number}",
            "median_days": _one_decimal(median),
            "answered": count,
        }
        for first, number, median, count in session.execute(query)
    ]
