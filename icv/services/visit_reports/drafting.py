"""The lead fills the draft in, step by step; each step is checked and saved on its own, so a
dropped connection loses at most the step on screen."""

import re
import uuid
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy.orm import Session

from icv import clock
from icv.models import (
    CHECKLIST_AREAS,
    REASONS_BY_OUTCOME,
    AgeGroup,
    Area,
    CheckState,
    DetaineeEntry,
    DetaineeOutcome,
    Issue,
    Person,
    Sex,
    Suite,
    SuiteCheck,
    Visit,
    VisitOutcome,
    VisitType,
    VisitVisitor,
)
from icv.services import Problems, audit, parse_id, tallies
from icv.services import suites as suite_service
from icv.services.visit_reports.lists import active_volunteers

# Immediate access is 0 to 5 minutes: a longer wait needs a reason and who authorised it.
IMMEDIATE_MINUTES = 5


# Let in "earlier" than arriving by the clock means past midnight, if within this many minutes.
MIDNIGHT_WAIT_MINUTES = 6 * 60


CUSTODY_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/ -]{0,29}$")


LIMITS = {"short": 120, "reason": 500, "note": 2000, "observations": 5000}


def start_draft(session: Session, lead: Person, visit_id: uuid.UUID | None = None) -> Visit:
    """A new draft with `lead` as its first visitor; the id may come from the phone."""
    visit = Visit(id=visit_id or uuid.uuid4(), lead_id=lead.id, visit_date=clock.today())
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
