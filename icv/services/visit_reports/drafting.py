"""The lead fills the draft in: a step at a time from the pages (each saved on its own, so a
dropped connection loses at most the step on screen), or in one go from a phone (save_draft).

Every function takes what a schema of icv.schemas.visit_reports has loaded, and adds the
rules only the records can tell: the suite is visited, it was open that day, the partners are
volunteers of the scheme.
"""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from icv import clock
from icv.models import (
    CHECKLIST_AREAS,
    Area,
    CheckState,
    DetaineeEntry,
    Issue,
    Person,
    ReportStatus,
    Role,
    Suite,
    SuiteCheck,
    Visit,
    VisitVisitor,
)
from icv.schemas.visit_reports import SELECT_PARTNER, SELECT_SUITE
from icv.services import Conflict, NotFound, Problems, audit, tallies
from icv.services import suites as suite_service
from icv.services.visit_reports.amending import ISSUE_ANSWERS, keep, values, working


class StaleVersion(Conflict):
    """The report changed since the version the sender read (another tab, another phone, a
    second tap): what was sent is not saved."""

    def __init__(self, current: int):
        super().__init__(
            "This report has changed since you opened it, so your changes were not saved: "
            "open it again, then make them again.",
            "This report has just changed",
        )
        self.current = current


class NoLongerDraft(StaleVersion):
    """A step posted from a page read before the report was submitted (another tab, another
    device): what was sent is not saved, and the report is not the lead's to change now."""

    def __init__(self, current: int):
        super().__init__(current)
        self.message = (
            "This report was submitted after you opened this page, so what you entered here "
            "was not saved."
        )
        self.heading = "This report has been submitted"


def check_version(visit: Visit, version) -> None:
    """Refuse a change made from a page or phone that read another version of the report;
    None (a sender that says nothing of it: not a page, each of which sends its version) is
    let through."""
    if version is not None and str(version).strip() != str(visit.lock_version):
        raise StaleVersion(visit.lock_version)


VISIT_FIELDS = ("suite_id", "visit_date", "visit_type", "outcome", "abandoned_reason")
ACCESS_FIELDS = (
    "arrived_at",
    "admitted_at",
    "wait_minutes",
    "delay_cause",
    "delay_reason",
    "delay_authorised_by",
)


def start_draft(session: Session, lead: Person, visit_id: uuid.UUID | None = None) -> Visit:
    """A new draft with `lead` as its first visitor; the id may come from the phone."""
    visit = Visit(id=visit_id or uuid.uuid4(), lead_id=lead.id, visit_date=clock.today())
    visit.visitors.append(VisitVisitor(position=0, person_id=lead.id, name=lead.name))
    session.add(visit)
    audit.record(session, lead, "report_started", ("visits", visit.id))
    session.flush()
    return visit


def delete_draft(session: Session, lead: Person, visit: Visit, version):
    """Delete a draft its lead will not finish, as it was when they said yes (`version`).
    Only a report never submitted: a submitted one is part of the record, even while it is
    sent back or amended."""
    if visit.lead_id != lead.id or visit.status is not ReportStatus.DRAFT:
        raise NotFound
    if version is not None and str(version).strip() != str(visit.lock_version):
        raise Conflict(
            "The draft was saved again after you opened this page, so it was not deleted. "
            "Open it from your home page to see it as it is now.",
            "This draft has just changed",
        )
    before = {
        "suite": visit.suite.name if visit.suite else None,
        "visit_date": visit.visit_date.isoformat() if visit.visit_date else None,
        "detainees": len(visit.detainees),
    }
    audit.record(session, lead, "report_deleted", ("visits", visit.id), before=before)
    session.delete(visit)
    session.flush()


# Each save changes the report as its lead changes it (amending.working): the draft itself, or
# the copy of a report sent back or open for an amendment.


def save_visit(session: Session, lead: Person, visit: Visit, data: dict):
    """Step 1: the suite, date, type, partners and outcome (VisitSchema)."""
    report = working(session, visit)
    _apply_visit(session, lead, report, data)
    _saved(session, lead, visit, report, "visit")


def save_access(session: Session, lead: Person, visit: Visit, data: dict):
    """Step 2: arrival, admission, the wait and any delay (AccessSchema)."""
    report = working(session, visit)
    _apply_access(report, data)
    _saved(session, lead, visit, report, "access")


def save_detainees(session: Session, lead: Person, visit: Visit, data: dict):
    """Step 3: the detainee entries, replacing those saved before (DetaineesSchema)."""
    report = working(session, visit)
    _apply_detainees(report, data["detainees"])
    _saved(session, lead, visit, report, "detainees")


def save_checklist(session: Session, lead: Person, visit: Visit, checklist: dict):
    """Step 4: each area's state and note (ChecklistSchema)."""
    report = working(session, visit)
    _apply_checklist(report, checklist)
    _saved(session, lead, visit, report, "checklist")


def mark_all_satisfactory(session: Session, lead: Person, visit: Visit, checklist: dict):
    """ "All areas satisfactory", in one tap: the checklist as on the screen (ChecklistSchema)
    with every area not a concern satisfactory, so the lead then marks only the exceptions. A
    concern, saved or only typed, stays as it is."""
    report = working(session, visit)
    _apply_checklist(
        report,
        {
            area: {
                "state": CheckState.SATISFACTORY
                if answer["state"] is CheckState.NOT_CHECKED
                else answer["state"],
                "note": answer["note"],
            }
            for area, answer in checklist.items()
        },
    )
    _saved(session, lead, visit, report, "checklist_all_satisfactory")


def save_issues(session: Session, lead: Person, visit: Visit, data: dict):
    """Step 5: the issues raised (IssuesSchema)."""
    report = working(session, visit)
    _apply_issues(report, data["issues"])
    _saved(session, lead, visit, report, "issues")


def save_observations(session: Session, lead: Person, visit: Visit, data: dict):
    """Step 6: other observations (ObservationsSchema)."""
    report = working(session, visit)
    report.observations = data["observations"]
    _saved(session, lead, visit, report, "observations")


def save_draft(session: Session, lead: Person, visit: Visit, data: dict):
    """A report sent from a phone, whole or in part (VisitReportSchema, partial): each part
    sent replaces what was saved; a part not sent stays as it was."""
    report = working(session, visit)
    _apply_visit(session, lead, report, data)
    _apply_access(report, data)
    if "detainees" in data:
        _apply_detainees(report, data["detainees"])
    if "checklist" in data:
        _apply_checklist(report, data["checklist"])
    if "issues" in data:
        _apply_issues(report, data["issues"])
    if "observations" in data:
        report.observations = data["observations"]
    _saved(session, lead, visit, report, "draft")


def put_in_place(session: Session, visit: Visit, copy: Visit):
    """Make the report what its lead's copy says, on resubmitting (amending)."""
    for name in (*VISIT_FIELDS, *ACCESS_FIELDS, "observations"):
        setattr(visit, name, getattr(copy, name))
    visit.visitors[1:] = [
        VisitVisitor(position=p.position, person_id=p.person_id, name=p.name) for p in copy.partners
    ]
    _apply_detainees(visit, [values(row, ("id", "visit_id", "position")) for row in copy.detainees])
    _apply_checklist(visit, copy.checklist)
    _apply_issues(
        visit, [{"id": i.id, **{n: getattr(i, n) for n in ISSUE_ANSWERS}} for i in copy.issues]
    )
    visit.amended_copy = None
    tallies.recount(session, [visit.id])


def check_visit(session: Session, lead: Person, data: dict, problems: Problems) -> list[Person]:
    """What only the records can tell about step 1's answers; the partners named, if sent."""
    suite = session.get(Suite, data["suite_id"]) if data.get("suite_id") else None
    if data.get("suite_id") and suite is None:
        problems.add("suite_id", SELECT_SUITE)
    elif suite is not None and not suite.active:
        problems.add("suite_id", f"{suite.name} is no longer visited: select the suite")
    elif suite is not None and data.get("visit_date"):
        closure = suite_service.closed_on(session, suite, data["visit_date"])
        if closure is not None:
            problems.add(
                "visit_date",
                f"{suite.name} was closed on that date ({closure.reason}): "
                "check the date and the suite",
            )
    return _partners(session, lead, data.get("partner_ids") or [], problems)


def _partners(session, lead, ids: list[int], problems: Problems) -> list[Person]:
    if lead.id in ids:
        problems.add("partner_ids", "You cannot be your own partner: select the other visitor")
        return []
    people = {
        person.id: person
        for person in session.scalars(
            select(Person).where(
                Person.id.in_(ids), Person.role == Role.VOLUNTEER, Person.active.is_(True)
            )
        )
    }
    if len(people) != len(set(ids)):
        problems.add("partner_ids", SELECT_PARTNER)
        return []
    return [people[person_id] for person_id in ids]


def _apply_visit(session: Session, lead: Person, visit: Visit, data: dict):
    problems = Problems()
    partners = check_visit(session, lead, data, problems)
    problems.raise_any()
    for name in VISIT_FIELDS:
        if name in data:
            setattr(visit, name, data[name])
    if "partner_ids" in data:
        visit.visitors[1:] = [
            VisitVisitor(position=number, person_id=partner.id, name=partner.name)
            for number, partner in enumerate(partners, start=1)
        ]


def _apply_access(visit: Visit, data: dict):
    for name in ACCESS_FIELDS:
        if name in data:
            setattr(visit, name, data[name])


def _apply_detainees(visit: Visit, rows: list[dict]):
    visit.detainees[:] = [DetaineeEntry(position=n, **row) for n, row in enumerate(rows, 1)]


def _apply_checklist(visit: Visit, checklist: dict):
    existing = {check.area: check for check in visit.checks}
    for name, answer in checklist.items():
        area = Area(name)
        check = existing.get(area) or SuiteCheck(area=area)
        check.state, check.note = answer["state"], answer["note"]
        if area not in existing:
            visit.checks.append(check)


def _apply_issues(visit: Visit, rows: list[dict]):
    """Make the visit's issues those in `rows`: existing ones changed, new ones added, missing
    ones removed; but an issue already with the force stays as the force has it. A row names
    its issue by id or, from a sender that does not keep ids (the phone's outbox sending a
    report again after it came back), by the same area and description: either way the issue
    keeps its id, history and escalation, so it is not e-mailed about twice."""
    existing = {issue.id: issue for issue in visit.issues}
    matched = [existing.pop(row.get("id"), None) for row in rows]  # an id sent twice: new
    kept: list[Issue] = []
    for row, issue in zip(rows, matched, strict=True):
        issue = issue or _same_issue(existing, row) or Issue()
        if issue.referred_at is None:
            for name, value in row.items():
                if name != "id":
                    setattr(issue, name, value)
        kept.append(issue)
    # Once referred, an issue has a life with the force (even closed, it may be reopened).
    kept += [issue for issue in existing.values() if issue.referred_at is not None]
    for position, issue in enumerate(kept, start=1):
        issue.position = position
    visit.issues[:] = kept


def _same_issue(unclaimed: dict, row: dict) -> Issue | None:
    """The unclaimed issue `row` repeats (its area and description), taken from `unclaimed`."""
    words = (row.get("description") or "").strip()
    for issue_id, issue in unclaimed.items():
        if issue.area == row.get("area") and (issue.description or "").strip() == words:
            return unclaimed.pop(issue_id)
    return None


def concerns_without_issue(visit: Visit, also_raised=()) -> list[SuiteCheck]:
    """Checklist concerns not yet raised as an issue, saved or (`also_raised`, areas' values)
    about to be: the issues step offers each one."""
    raised = {issue.area.value for issue in visit.issues} | {area for area in also_raised if area}
    return [
        check
        for check in sorted(visit.checks, key=lambda c: CHECKLIST_AREAS.index(c.area))
        if check.state is CheckState.CONCERN and check.area.value not in raised
    ]


def _saved(session: Session, lead: Person, visit: Visit, report: Visit, step: str):
    """Keep what a step changed: the copy, or the draft with its detainees counted again."""
    if report is not visit:
        keep(visit, report)
    elif step in ("detainees", "draft"):
        tallies.recount(session, [visit.id])
    visit.updated_at = clock.now()
    audit.record(session, lead, "report_step_saved", ("visits", visit.id), after={"step": step})
    session.flush()
