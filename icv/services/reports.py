"""Visit reports: the lead fills a draft step by step, submits; the partner confirms or sends it
back; the coordinator reviews or asks for an amendment. Every rule lives here, once.

Who may see a report is decided here too (visible_report), so every view asks the same way.
"""

import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from icv import clock
from icv.models import (
    CHECKLIST_AREAS,
    COUNTED_STATUSES,
    EDITABLE_STATUSES,
    REASONS_BY_OUTCOME,
    AgeGroup,
    Area,
    CheckState,
    DetaineeEntry,
    DetaineeOutcome,
    Issue,
    IssueStatus,
    Person,
    ReportStatus,
    ReportVersion,
    Role,
    Sex,
    Suite,
    SuiteCheck,
    Visit,
    VisitOutcome,
    VisitType,
    VisitVisitor,
)
from icv.services import Invalid, NotFound, Problems, audit, parse_id, tallies
from icv.services import suites as suite_service

# Immediate access is 0 to 5 minutes: a longer wait needs a reason and who authorised it.
IMMEDIATE_MINUTES = 5
# Let in "earlier" than arriving by the clock means past midnight, if within this many minutes.
MIDNIGHT_WAIT_MINUTES = 6 * 60
CUSTODY_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/ -]{0,29}$")
LIMITS = {"short": 120, "reason": 500, "note": 2000, "observations": 5000}


# --- who may see what ------------------------------------------------------------------------


def _loaded(query):
    return query.options(
        selectinload(Visit.visitors).selectinload(VisitVisitor.person),
        selectinload(Visit.detainees),
        selectinload(Visit.checks),
        selectinload(Visit.issues),
        selectinload(Visit.suite),
    )


def visible_report(session: Session, person: Person, report_id) -> Visit:
    """The report if `person` may see it, else NotFound (the view answers 404).

    Volunteers see reports they are on; coordinators every submitted report; force users the
    submitted reports of the suites they answer for. Nobody but its visitors sees a draft.
    """
    try:
        report_id = uuid.UUID(str(report_id))
    except ValueError as error:
        raise NotFound from error
    visit = session.scalar(_loaded(select(Visit).where(Visit.id == report_id)))
    if visit is None or not _may_see(person, visit):
        raise NotFound
    return visit


# The force reads what the pair have agreed: not a report still waiting for the partner, sent
# back by them, or open again for an amendment (its changes are not yet resubmitted).
FORCE_SEES = (ReportStatus.CONFIRMED, ReportStatus.REVIEWED)


def _may_see(person: Person, visit: Visit) -> bool:
    if person.role is Role.VOLUNTEER:
        return any(visitor.person_id == person.id for visitor in visit.visitors)
    if visit.status is ReportStatus.DRAFT:
        return False
    if person.role is Role.COORDINATOR:
        return True
    return visit.status in FORCE_SEES and visit.suite_id in {suite.id for suite in person.suites}


def editable_report(session: Session, person: Person, report_id) -> Visit:
    """The report if `person` is its lead and it is theirs to change now."""
    visit = visible_report(session, person, report_id)
    if visit.lead_id != person.id or visit.status not in EDITABLE_STATUSES:
        raise NotFound
    return visit


def for_volunteer(session: Session, person: Person, filed_limit: int = 20) -> dict[str, list]:
    """A volunteer's home: what they are writing, what waits for them, their latest reports."""
    on_report = select(VisitVisitor.visit_id).where(VisitVisitor.person_id == person.id)
    query = (
        select(Visit)
        .where(Visit.id.in_(on_report))
        .options(selectinload(Visit.suite), selectinload(Visit.visitors))
        .order_by(Visit.visit_date.desc().nulls_first(), Visit.created_at.desc())
    )
    to_write = session.scalars(
        query.where(Visit.lead_id == person.id, Visit.status.in_(EDITABLE_STATUSES))
    ).all()
    to_confirm = session.scalars(
        query.where(Visit.lead_id != person.id, Visit.status == ReportStatus.SUBMITTED)
    ).all()
    shown = {visit.id for visit in [*to_write, *to_confirm]}
    filed = session.scalars(
        query.where(
            Visit.status.in_(COUNTED_STATUSES), Visit.id.not_in(shown) if shown else True
        ).limit(filed_limit)
    ).all()
    return {"to_write": to_write, "to_confirm": to_confirm, "filed": filed}


def active_volunteers(session: Session, excluding: Person | None = None):
    query = select(Person).where(Person.role == Role.VOLUNTEER, Person.active.is_(True))
    if excluding is not None:
        query = query.where(Person.id != excluding.id)
    return session.scalars(query.order_by(Person.name)).all()


@dataclass
class ReviewFilter:
    suite_id: int | None = None
    status: ReportStatus | None = None
    start: date | None = None
    end: date | None = None


def for_review(session: Session, filters: ReviewFilter, suite_ids=None, limit=200):
    """Submitted reports, newest visit first, for the coordinator (or a force user's suites)."""
    query = (
        select(Visit)
        .where(Visit.status.in_(COUNTED_STATUSES))
        .options(selectinload(Visit.suite), selectinload(Visit.visitors))
        .order_by(Visit.visit_date.desc(), Visit.submitted_at.desc())
        .limit(limit)
    )
    if suite_ids is not None:  # a force user's list
        query = query.where(Visit.suite_id.in_(suite_ids), Visit.status.in_(FORCE_SEES))
    if filters.suite_id:
        query = query.where(Visit.suite_id == filters.suite_id)
    if filters.status:
        query = query.where(Visit.status == filters.status)
    if filters.start:
        query = query.where(Visit.visit_date >= filters.start)
    if filters.end:
        query = query.where(Visit.visit_date <= filters.end)
    return session.scalars(query).all()


# --- the lead writes ---------------------------------------------------------------------------


def start_draft(session: Session, lead: Person, report_id: uuid.UUID | None = None) -> Visit:
    """A new draft with `lead` as its first visitor; the id may come from the phone."""
    visit = Visit(id=report_id or uuid.uuid4(), lead_id=lead.id, visit_date=clock.today())
    visit.visitors.append(VisitVisitor(position=0, person_id=lead.id, name=lead.name))
    session.add(visit)
    audit.record(session, lead, "report_started", ("visits", visit.id))
    session.flush()
    return visit


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _check_length(problems: Problems, field: str, value: str | None, limit: str, label: str):
    if value and len(value) > LIMITS[limit]:
        problems.add(field, f"{label} must be {LIMITS[limit]:,} characters or fewer")


def save_visit(
    session: Session,
    lead: Person,
    visit: Visit,
    *,
    suite_id: int | None,
    visit_date: date | None,
    visit_type: str | None,
    partner_ids: list[int | None],
    outcome: str | None,
    abandoned_reason: str | None,
):
    problems = Problems()
    suite_id = parse_id(suite_id)
    suite = session.get(Suite, suite_id) if suite_id else None
    if suite is None or not suite.active:
        problems.add("suite_id", "Select the suite you visited")
    if visit_date is None:
        problems.add("visit_date", "Enter the date of the visit")
    elif visit_date > clock.today():
        problems.add("visit_date", "The date of the visit must be today or in the past")
    elif suite is not None and (closure := suite_service.closed_on(session, suite, visit_date)):
        problems.add(
            "visit_date",
            f"{suite.name} was closed on {visit_date:%-d %B %Y} ({closure.reason}): "
            "check the date and the suite",
        )
    visit_type = VisitType(visit_type) if visit_type in set(VisitType) else None
    if visit_type is None:
        problems.add("visit_type", "Select whether you visited in person or remotely")
    partners = _partners(session, lead, partner_ids, visit_type, problems)
    outcome = VisitOutcome(outcome) if outcome in set(VisitOutcome) else None
    if outcome is None:
        problems.add("outcome", "Select whether the visit was completed or abandoned")
    abandoned_reason = _text(abandoned_reason) if outcome is VisitOutcome.ABANDONED else None
    if outcome is VisitOutcome.ABANDONED and not abandoned_reason:
        problems.add("abandoned_reason", "Enter why the visit was abandoned")
    _check_length(problems, "abandoned_reason", abandoned_reason, "reason", "The reason")
    problems.raise_any()

    visit.suite_id, visit.visit_date, visit.visit_type = suite.id, visit_date, visit_type
    visit.outcome, visit.abandoned_reason = outcome, abandoned_reason
    visit.visitors[1:] = [
        VisitVisitor(position=number, person_id=partner.id, name=partner.name)
        for number, partner in enumerate(partners, start=1)
    ]
    _saved(session, lead, visit, "visit")


def _partners(session, lead, partner_ids, visit_type, problems) -> list[Person]:
    chosen = [parse_id(pid) for pid in partner_ids if pid]
    if None in chosen:
        problems.add("partner_ids", "Select your partner from the list of volunteers")
        return []
    if lead.id in chosen:
        problems.add("partner_ids", "You cannot be your own partner: select the other visitor")
        return []
    if len(set(chosen)) != len(chosen):
        problems.add("partner_ids", "Select a different person for each visitor")
        return []
    people = {p.id: p for p in active_volunteers(session) if p.id in set(chosen)}
    if len(people) != len(chosen):
        problems.add("partner_ids", "Select your partner from the list of volunteers")
        return []
    if visit_type is VisitType.IN_PERSON and not chosen:
        problems.add(
            "partner_ids", "Select your partner: an in-person visit is made by two or more visitors"
        )
    return [people[pid] for pid in chosen]


def wait_minutes(arrived: time | None, admitted: time | None) -> int | None:
    """Whole minutes from arrival to admission, or None until both are known."""
    if arrived is None or admitted is None:
        return None
    minutes = (admitted.hour * 60 + admitted.minute) - (arrived.hour * 60 + arrived.minute)
    if minutes < 0 and minutes + 24 * 60 <= MIDNIGHT_WAIT_MINUTES:
        minutes += 24 * 60  # arrived before midnight, let in after it
    return minutes


def save_access(
    session: Session,
    lead: Person,
    visit: Visit,
    *,
    arrived_at: time | None,
    admitted_at: time | None,
    delay_reason: str | None,
    delay_authorised_by: str | None,
):
    problems = Problems()
    delay_reason, delay_authorised_by = _text(delay_reason), _text(delay_authorised_by)
    _check_access(problems, visit, arrived_at, admitted_at, delay_reason, delay_authorised_by)
    problems.raise_any()
    visit.arrived_at, visit.admitted_at = arrived_at, admitted_at
    visit.wait_minutes = wait_minutes(arrived_at, admitted_at)
    delayed = (visit.wait_minutes or 0) > IMMEDIATE_MINUTES
    visit.delay_reason = delay_reason if delayed else None
    visit.delay_authorised_by = delay_authorised_by if delayed else None
    _saved(session, lead, visit, "access")


def _check_access(problems, visit, arrived_at, admitted_at, delay_reason, authorised_by):
    if visit.visit_type is VisitType.REMOTE:
        return
    abandoned = visit.outcome is VisitOutcome.ABANDONED
    if arrived_at is None:
        problems.add("arrived_at", "Enter the time you arrived and asked to be let in")
    if admitted_at is None and not abandoned:
        problems.add("admitted_at", "Enter the time you were let in")
    wait = wait_minutes(arrived_at, admitted_at)
    if wait is not None and wait < 0:
        problems.add(
            "admitted_at",
            "The time you were let in must be the same as or after the time you arrived",
        )
    if wait is not None and wait > IMMEDIATE_MINUTES:
        if not delay_reason:
            problems.add("delay_reason", f"Enter the reason for the {wait} minute wait")
        if not authorised_by:
            problems.add(
                "delay_authorised_by", "Enter the rank and name of who authorised the delay"
            )
    _check_length(problems, "delay_reason", delay_reason, "reason", "The reason for the delay")
    _check_length(problems, "delay_authorised_by", authorised_by, "short", "Rank and name")


@dataclass
class DetaineeInput:
    outcome: str | None = None
    reason: str | None = None
    reason_detail: str | None = None
    custody_number: str | None = None
    age_group: str | None = None
    sex: str | None = None
    vulnerable: bool = False
    needs_appropriate_adult: bool = False
    needs_interpreter: bool = False
    welfare_notes: str | None = None

    def is_blank(self) -> bool:
        return not any(
            [
                self.outcome,
                self.reason,
                _text(self.reason_detail),
                _text(self.custody_number),
                self.age_group,
                self.sex,
                self.vulnerable,
                self.needs_appropriate_adult,
                self.needs_interpreter,
                _text(self.welfare_notes),
            ]
        )


def save_detainees(session: Session, lead: Person, visit: Visit, rows: list[DetaineeInput]):
    """Replace the visit's detainee entries with `rows` (blank rows are dropped)."""
    problems = Problems()
    entries = []
    for index, row in enumerate(rows):
        if row.is_blank():
            continue
        entry = _detainee_entry(problems, f"detainees-{index}", len(entries) + 1, row)
        if entry is not None:
            entries.append(entry)
    problems.raise_any()
    visit.detainees[:] = entries
    tallies.recount(session, [visit.id])
    _saved(session, lead, visit, "detainees")


def _detainee_entry(problems, prefix, number, row: DetaineeInput) -> DetaineeEntry | None:
    errors_before = len(problems.errors)
    who = f"detainee {number}"
    outcome = DetaineeOutcome(row.outcome) if row.outcome in set(DetaineeOutcome) else None
    if outcome is None:
        problems.add(f"{prefix}-outcome", f"Select what happened with {who}")
    reasons = REASONS_BY_OUTCOME.get(outcome)
    reason = row.reason if reasons and row.reason in set(reasons) else None
    if reasons and reason is None:
        problems.add(f"{prefix}-reason", f"Select why {who} was {outcome.label.lower()}")
    detail = _text(row.reason_detail) if reason == "other" else None
    if reason == "other" and not detail:
        problems.add(f"{prefix}-reason_detail", f"Describe the reason for {who}")
    custody_number = _text(row.custody_number)
    if custody_number and not CUSTODY_NUMBER.match(custody_number):
        problems.add(
            f"{prefix}-custody_number",
            "Custody number must be up to 30 letters, numbers, spaces, / or -",
        )
    notes = _text(row.welfare_notes)
    _check_length(problems, f"{prefix}-welfare_notes", notes, "note", "Welfare notes")
    _check_length(problems, f"{prefix}-reason_detail", detail, "short", "The reason")
    if len(problems.errors) > errors_before:
        return None
    return DetaineeEntry(
        position=number,
        outcome=outcome,
        reason=reason,
        reason_detail=detail,
        custody_number=custody_number,
        age_group=AgeGroup(row.age_group) if row.age_group in set(AgeGroup) else None,
        sex=Sex(row.sex) if row.sex in set(Sex) else None,
        vulnerable=bool(row.vulnerable),
        needs_appropriate_adult=bool(row.needs_appropriate_adult),
        needs_interpreter=bool(row.needs_interpreter),
        welfare_notes=notes,
    )


def save_checklist(
    session: Session, lead: Person, visit: Visit, checks: dict[Area, tuple[str | None, str | None]]
) -> None:
    """Record each area's state and note (an area left unanswered was not checked)."""
    problems = Problems()
    rows = []
    for area in CHECKLIST_AREAS:
        state, note = checks.get(area, (None, None))
        state = CheckState(state) if state in set(CheckState) else CheckState.NOT_CHECKED
        note = _text(note)
        if state is CheckState.CONCERN and not note:
            problems.add(f"{area.value}-note", f"Describe the concern about {area.label.lower()}")
        _check_length(problems, f"{area.value}-note", note, "reason", "The note")
        rows.append(SuiteCheck(area=area, state=state, note=note))
    problems.raise_any()
    existing = {check.area: check for check in visit.checks}
    for row in rows:
        if row.area in existing:
            existing[row.area].state, existing[row.area].note = row.state, row.note
        else:
            visit.checks.append(row)
    _saved(session, lead, visit, "checklist")


def concerns_without_issue(visit: Visit) -> list[SuiteCheck]:
    """Checklist concerns not yet raised as an issue: the issues step offers each one."""
    raised = {issue.area for issue in visit.issues}
    return [
        check
        for check in sorted(visit.checks, key=lambda c: CHECKLIST_AREAS.index(c.area))
        if check.state is CheckState.CONCERN and check.area not in raised
    ]


@dataclass
class IssueInput:
    id: int | None = None
    area: str | None = None
    description: str | None = None
    raised_with: str | None = None
    response_at_time: str | None = None
    resolved_on_spot: bool = False
    level: int | None = None

    def is_blank(self) -> bool:
        return not any(
            [
                self.area,
                _text(self.description),
                _text(self.raised_with),
                _text(self.response_at_time),
                self.resolved_on_spot,
                self.level,
            ]
        )


def save_issues(session: Session, lead: Person, visit: Visit, rows: list[IssueInput]):
    """Make the visit's issues those in `rows`: existing ones (by id) changed, new ones added,
    missing ones removed — except issues already with the force, which stay as they are."""
    problems = Problems()
    existing = {issue.id: issue for issue in visit.issues}
    kept: list[Issue] = []
    for index, row in enumerate(rows):
        if row.is_blank():
            continue
        values = _issue_values(problems, f"issues-{index}", len(kept) + 1, row)
        issue = existing.get(row.id) if row.id else None
        if issue is not None and issue.referred_at is not None:
            kept.append(issue)  # referred already: the force's record of it stays unchanged
            continue
        issue = issue or Issue()
        if values is not None:
            for key, value in values.items():
                setattr(issue, key, value)
        kept.append(issue)
    problems.raise_any()
    # Once referred, an issue has a life with the force (even closed, it may be reopened).
    held = [i for i in visit.issues if i.referred_at is not None]
    for issue in held:
        if issue not in kept:
            kept.append(issue)
    for position, issue in enumerate(kept, start=1):
        issue.position = position
    visit.issues[:] = kept
    _saved(session, lead, visit, "issues")


def _issue_values(problems, prefix, number, row: IssueInput) -> dict | None:
    errors_before = len(problems.errors)
    area = Area(row.area) if row.area in set(Area) else None
    if area is None:
        problems.add(f"{prefix}-area", f"Select the area of issue {number}")
    description = _text(row.description)
    if not description:
        problems.add(f"{prefix}-description", f"Describe issue {number}")
    level = int(row.level) if str(row.level or "") in {"1", "2", "3"} else None
    if level is None:
        problems.add(f"{prefix}-level", f"Select the level of issue {number}")
    raised_with, response = _text(row.raised_with), _text(row.response_at_time)
    _check_length(problems, f"{prefix}-description", description, "note", "The description")
    _check_length(problems, f"{prefix}-raised_with", raised_with, "short", "Raised with")
    _check_length(problems, f"{prefix}-response_at_time", response, "note", "The response")
    if len(problems.errors) > errors_before:
        return None
    return {
        "area": area,
        "description": description,
        "raised_with": raised_with,
        "response_at_time": response,
        "resolved_on_spot": bool(row.resolved_on_spot),
        "level": level,
    }


def save_observations(session: Session, lead: Person, visit: Visit, observations: str | None):
    problems = Problems()
    observations = _text(observations)
    _check_length(problems, "observations", observations, "observations", "Observations")
    problems.raise_any()
    visit.observations = observations
    _saved(session, lead, visit, "observations")


def _saved(session: Session, lead: Person, visit: Visit, step: str):
    visit.updated_at = clock.now()
    audit.record(session, lead, "report_step_saved", ("visits", visit.id), after={"step": step})
    session.flush()


# --- submitting, confirming, reviewing -----------------------------------------------------------


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


def parse_time(value: str | None) -> time | None:
    """A time as a person types it: 14:05, 14.05, 1405 or 9:5."""
    value = (value or "").strip().replace(".", ":")
    if not value:
        return None
    match = re.fullmatch(r"(\d{1,2}):?(\d{2})", value) or re.fullmatch(r"(\d{1,2}):(\d)", value)
    if not match:
        raise ValueError(value)
    hour, minute = int(match[1]), int(match[2])
    return time(hour, minute)
