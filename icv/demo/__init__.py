"""The demo scheme: Leicester, Leicestershire and Rutland's three suites and 29 volunteers
with their records, two financial years of their visit reports (the previous year in full and
this one to date, so the board's comparisons have something to show), and the issues raised on
them followed up with the force.

Loaded by `icv demo` into an empty database. Later capabilities add their demo data here.
"""

import itertools
import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icv import clock, periods
from icv.demo import issues as demo_issues
from icv.demo import rights as demo_rights
from icv.demo import rota as demo_rota
from icv.demo import volunteers as demo_volunteers
from icv.models import (
    CHECKLIST_AREAS,
    AgeGroup,
    Area,
    CheckState,
    DelayReason,
    DetaineeEntry,
    DetaineeOutcome,
    Issue,
    IssueStatus,
    NotAvailableReason,
    NotOfferedReason,
    Person,
    ReportStatus,
    ReportVersion,
    Role,
    Sex,
    SuiteCheck,
    TwoStepKey,
    Visit,
    VisitOutcome,
    VisitType,
    VisitVisitor,
)
from icv.schemas.visit_reports import IMMEDIATE_MINUTES, wait_minutes
from icv.services import people, suites, tallies, visit_reports
from icv.services.two_step import REQUIRED_OF

PASSWORD = "icv-demo-2016"  # noqa: S105  (the published demo password, listed in the README)

SUITES = ["Beaumont Leys", "Keyham Lane", "Euston Street"]

# 28 volunteers besides the demo volunteer, so the scheme has 29, as LLR had in 2016/17.
VOLUNTEERS = [
    "Margaret Ashby",
    "Rajesh Patel",
    "Helen Cartwright",
    "David Okafor",
    "Susan Whitmore",
    "Imran Hussain",
    "Patricia Lowe",
    "Gurpreet Kaur",
    "Colin Fairbairn",
    "Angela Brookes",
    "Mohammed Rahman",
    "Janet Sutcliffe",
    "Trevor Nightingale",
    "Priya Mistry",
    "Brian Hollis",
    "Deborah Quinn",
    "Samuel Adeyemi",
    "Linda Marsh",
    "Kevin O'Donnell",
    "Fatima Begum",
    "Graham Pickering",
    "Ruth Ellison",
    "Tariq Mahmood",
    "Carol Henshaw",
    "Neil Thornton",
    "Ayesha Siddiqui",
    "Roger Bamford",
    "Elaine Dunmore",
]

ACCOUNTS = [
    ("Sam Rivers", "coordinator@example.org", Role.COORDINATOR),
    ("Inspector Claire Booth", "force@example.org", Role.FORCE),
    ("Alex Morgan", "volunteer@example.org", Role.VOLUNTEER),
]

# The demo coordinator's and force user's authenticator secret: published, like the password,
# so that anyone can try the demo; only the demo has a secret that is not random and private.
TWO_STEP_SECRET = "ICVDEMOTWOSTEPSECRETFORTESTING22"  # noqa: S105

SIGN_INS = "\n".join(
    ["Demo sign-ins (password for each: " + PASSWORD + "):"]
    + [f"  {role.value:<12} {email}" for _, email, role in ACCOUNTS]
    + [
        "The coordinator and the force user then enter a two-step code. Add this demo secret",
        f"to any authenticator app (time-based, 6 digits): {TWO_STEP_SECRET}",
        "or, with no phone, print the code of the moment (each code works once):",
        f"  .venv/bin/python -c 'import pyotp; print(pyotp.TOTP(\"{TWO_STEP_SECRET}\").now())'",
        "The demo secret is public: never use the demo data for real.",
    ]
)


def is_empty(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(Person)) == 0


def load_if_empty(session: Session) -> bool:
    if not is_empty(session):
        return False
    load(session)
    return True


def load(session: Session):
    suite_ids = [suites.add_suite(session, None, name).id for name in SUITES]
    for suite in suites.listing(session):
        suite.position = SUITES.index(suite.name) + 1  # the order the annual report lists them
    for name, email, role in ACCOUNTS:
        person = people.create_person(
            session,
            None,
            name=name,
            email=email,
            role=role,
            suite_ids=suite_ids if role is Role.FORCE else (),
            password=PASSWORD,
        )
        if role in REQUIRED_OF:
            session.add(
                TwoStepKey(person_id=person.id, secret=TWO_STEP_SECRET, enabled_at=clock.now())
            )
    for name in VOLUNTEERS:
        # Volunteers other than the demo one have no password: they would be invited.
        email = name.lower().replace(" ", ".").replace("'", "") + "@example.org"
        people.create_person(session, None, name=name, email=email, role=Role.VOLUNTEER)
    demo_volunteers.add_former_volunteers(session)
    load_reports(session, clock.today())
    # After the reports, whose pairs are drawn from the volunteers in the scheme on the day.
    demo_volunteers.load_records(session, clock.today())
    demo_rota.load(session, clock.today())


# Visits a year per suite, as in LLR's 2016/17 (Beaumont Leys was closed for a quarter).
VISITS_A_YEAR = {"Beaumont Leys": 40, "Keyham Lane": 52, "Euston Street": 53}

CONCERNS = {
    Area.CELLS_AND_BEDDING: "Blanket in cell 4 torn; mattress not cleaned between detainees",
    Area.TOILETS_AND_WASHING: "No toilet paper in cells 6 to 9",
    Area.KITCHEN_AND_FOOD: "Halal meals out of stock; fridge at 9°C",
    Area.CCTV: "Camera in cell 2 not recording",
    Area.HEATING_LIGHTING_VENTILATION: "Cell block cold: 15°C by the thermometer",
    Area.RIGHTS_INFORMATION: "PACE Codes of Practice in the booking-in area out of date",
}


def load_reports(session: Session, today: date, seed: int = 2016):
    """Submitted reports for each suite from the start of the previous financial year to a week
    ago, with LLR's proportions of outcomes and waits (a few remote, a few abandoned), plus the
    demo volunteer's draft, a report waiting for their confirmation and one returned."""
    rng = random.Random(seed)  # noqa: S311  (made-up demo data, repeatable by seed)
    suite_list = suites.listing(session)
    volunteers = people.listing(session, Role.VOLUNTEER)
    spans = demo_volunteers.load(session, volunteers, today)
    demo_volunteer = next(v for v in volunteers if v.email == "volunteer@example.org")
    coordinator = people.find_by_email(session, "coordinator@example.org")
    first_day = periods.financial_year(periods.year_of(today).start.year - 1).start
    span = (today - first_day).days + 1
    for suite in suite_list:
        count = VISITS_A_YEAR.get(suite.name, 45) * span // 365
        days = sorted(rng.sample(range(7, span), count), reverse=True)
        for age in days:
            day = today - timedelta(days=age)
            present = [v for v in volunteers if demo_volunteers.in_scheme(spans[v.id], day)]
            pair = rng.sample(present, 2)
            visit = _vary(rng, _visit(rng, suite, pair, day))
            _submit(
                session,
                visit,
                ReportStatus.REVIEWED if age > 21 else ReportStatus.CONFIRMED,
                coordinator,
            )
    others = [
        v
        for v in volunteers
        if v is not demo_volunteer and demo_volunteers.in_scheme(spans[v.id], today)
    ]
    keyham = next(s for s in suite_list if s.name == "Keyham Lane")
    waiting = _visit(rng, keyham, [others[0], demo_volunteer], today - timedelta(days=1))
    _submit(session, waiting, ReportStatus.SUBMITTED, coordinator)
    returned = _visit(rng, suite_list[0], [demo_volunteer, others[1]], today - timedelta(days=4))
    _submit(session, returned, ReportStatus.RETURNED, coordinator)
    returned.return_note = "I think there were 6 detainees, not 5: please check the custody list"
    draft = _visit(rng, suite_list[-1], [demo_volunteer, others[2]], today)
    draft.detainees, draft.checks, draft.issues = draft.detainees[:2], [], []
    draft.observations = None
    session.add(draft)
    tallies.recount_all(session)
    demo_issues.load_issue_follow_up(session, today)


def _visit(rng: random.Random, suite, pair, day: date) -> Visit:
    lead, partner = pair
    visit = Visit(suite=suite, visit_date=day, visit_type=VisitType.IN_PERSON, lead_id=lead.id)
    visit.visitors = [
        VisitVisitor(position=0, person_id=lead.id, name=lead.name),
        VisitVisitor(position=1, person_id=partner.id, name=partner.name),
    ]
    arrived = time(rng.choice([10, 11, 14, 15, 16, 19, 20]), rng.randrange(60))
    wait = rng.choices(
        [rng.randint(0, 5), rng.randint(6, 15), rng.randint(16, 30)], weights=[90, 9, 1]
    )[0]
    admitted_minutes = arrived.hour * 60 + arrived.minute + wait
    visit.arrived_at = arrived
    visit.admitted_at = time(admitted_minutes // 60 % 24, admitted_minutes % 60)
    visit.wait_minutes = wait_minutes(visit.arrived_at, visit.admitted_at)
    if visit.wait_minutes is not None and visit.wait_minutes > IMMEDIATE_MINUTES:
        visit.delay_cause, visit.delay_reason = _delay_reason(rng)
        visit.delay_authorised_by = rng.choice(["Inspector R Khan", "Inspector L Webb"])
    visit.detainees = [_detainee(rng, number) for number in range(1, rng.randint(3, 12) + 1)]
    demo_rights.answer(rng, visit.detainees, suite.name)
    visit.checks = []
    for area in CHECKLIST_AREAS:
        concern = area in CONCERNS and rng.random() < 0.04
        visit.checks.append(
            SuiteCheck(
                area=area,
                state=CheckState.CONCERN
                if concern
                else rng.choices(
                    [CheckState.SATISFACTORY, CheckState.NOT_CHECKED], weights=[85, 15]
                )[0],
                note=CONCERNS[area] if concern else None,
            )
        )
    visit.issues = [
        Issue(
            position=number,
            area=check.area,
            description=check.note,
            raised_with="Custody sergeant",
            level=rng.choice([1, 1, 2, 3]),
            resolved_on_spot=rng.random() < 0.3,
        )
        for number, check in enumerate(
            [c for c in visit.checks if c.state is CheckState.CONCERN], start=1
        )
    ]
    return visit


def _vary(rng: random.Random, visit: Visit) -> Visit:
    """A few visits made by phone or video (no wait, no checklist), a few abandoned partway."""
    if rng.random() < 0.05:
        visit.visit_type = VisitType.REMOTE
        visit.arrived_at = visit.admitted_at = visit.wait_minutes = None
        visit.delay_cause = visit.delay_reason = visit.delay_authorised_by = None
        visit.checks, visit.issues = [], []
    elif rng.random() < 0.03:
        visit.outcome = VisitOutcome.ABANDONED
        visit.abandoned_reason = "Suite locked down after an incident in the cell block"
    return visit


# Why custody staff kept the visitors waiting, in about the proportions schemes' reports show:
# a busy booking-in desk most often, detainees on the move next, "other" seldom. Taken in turn,
# not drawn: a demo year has only a dozen or so delays, too few for a draw to keep the order.
_BUSY, _MOVING = DelayReason.SUITE_BUSY, DelayReason.DETAINEES_MOVING
DELAY_ORDER = itertools.cycle(
    [
        *(_BUSY, _MOVING, _BUSY, DelayReason.INCIDENT, DelayReason.STAFF_UNAVAILABLE),
        *(_BUSY, DelayReason.HANDOVER, _MOVING, _BUSY, DelayReason.OTHER),
    ]
)
OTHER_DELAYS = ("Fire alarm being tested", "Cell block flooded from a blocked toilet")


def _delay_reason(rng) -> tuple:
    cause = next(DELAY_ORDER)
    return cause, rng.choice(OTHER_DELAYS) if cause is DelayReason.OTHER else None


def _detainee(rng: random.Random, number: int) -> DetaineeEntry:
    # LLR 2016/17: 40% offered (95% of them accepted), 55% not available, 5% not offered.
    outcome = rng.choices(
        [
            DetaineeOutcome.ACCEPTED,
            DetaineeOutcome.DECLINED,
            DetaineeOutcome.NOT_AVAILABLE,
            DetaineeOutcome.NOT_OFFERED,
        ],
        weights=[38, 2, 55, 5],
    )[0]
    reason = None
    if outcome is DetaineeOutcome.NOT_AVAILABLE:
        reason = rng.choices(list(NotAvailableReason), weights=[40, 25, 12, 5, 10, 6, 2])[0]
    elif outcome is DetaineeOutcome.NOT_OFFERED:
        reason = rng.choices(list(NotOfferedReason), weights=[50, 30, 15, 5])[0]
    juvenile = rng.random() < 0.06
    return DetaineeEntry(
        position=number,
        outcome=outcome,
        reason=reason.value if reason else None,
        reason_detail="Being fingerprinted" if reason and reason.value == "other" else None,
        age_group=AgeGroup.JUVENILE if juvenile else AgeGroup.ADULT,
        sex=rng.choices([Sex.MALE, Sex.FEMALE, Sex.OTHER], weights=[82, 17, 1])[0],
        vulnerable=rng.random() < 0.1,
        needs_appropriate_adult=juvenile or rng.random() < 0.03,
        needs_interpreter=rng.random() < 0.05,
        welfare_notes=rng.choice(
            [
                None,
                None,
                "Offered food and a drink; said they had been treated well",
                "Asked for a solicitor; staff confirmed one was called",
                "Said the cell was cold; staff brought a second blanket",
            ]
        )
        if outcome is DetaineeOutcome.ACCEPTED
        else None,
    )


def _submit(session: Session, visit: Visit, status: ReportStatus, coordinator: Person):
    submitted = datetime.combine(visit.visit_date, time(21, 0), tzinfo=UTC)
    visit.status, visit.version, visit.submitted_at = status, 1, submitted
    for issue in visit.issues:
        if issue.resolved_on_spot:
            issue.status, issue.closed_at = IssueStatus.CLOSED, submitted
    session.add(visit)
    session.flush()
    visit.versions = [
        ReportVersion(
            number=1,
            submitted_by_id=visit.lead_id,
            submitted_at=submitted,
            body=visit_reports.body(visit),
        )
    ]
    if status in (ReportStatus.CONFIRMED, ReportStatus.REVIEWED):
        visit.confirmed_at, visit.confirmed_by_id = submitted, visit.visitors[1].person_id
    if status is ReportStatus.REVIEWED:
        visit.reviewed_at = submitted + timedelta(days=3)
        visit.reviewed_by_id = coordinator.id
