"""Plain functions that make records for tests, through the same services the app uses.

Each runs in an app context of its own (services read settings from the app) and leaves none
behind, so a test's requests still get a fresh context and session each, as in production.
Each is one unit of work, committed as a request or command would be.
"""

import time
from datetime import timedelta
from itertools import count

from pyotp import TOTP, random_base32
from sqlalchemy import select

from icv import clock
from icv.models import Role, TwoStepKey
from icv.services import people, suites
from icv.services.two_step import REQUIRED_OF, STEP_SECONDS

PASSWORD = "correct horse battery"
_numbers = count(1)


def create_suite(session, name=None, **changes):
    with session.info["app"].app_context():
        return _create_suite(session, name, **changes)


def _create_suite(session, name, **changes):
    suite = suites.add_suite(session, None, name or f"Suite {next(_numbers)}")
    for key, value in changes.items():
        setattr(suite, key, value)
    session.commit()
    return suite


def create_person(session, role=Role.VOLUNTEER, **kwargs):
    with session.info["app"].app_context():
        person = _create_person(session, role, **kwargs)
        session.commit()
        return person


def _create_person(
    session,
    role,
    *,
    name=None,
    email=None,
    password=PASSWORD,
    suites=(),
    active=True,
    two_step=None,
):
    """A person; a coordinator or force user has set up two-step sign-in (unless
    `two_step=False`), as they must to sign in: their app's secret is in the database."""
    number = next(_numbers)
    if Role(role) is Role.FORCE and not suites:
        suites = [_create_suite(session, None)]  # a force user answers for at least one suite
    person = people.create_person(
        session,
        None,
        name=name or f"{Role(role).label} {number}",
        email=email or f"{Role(role).value}{number}@example.org",
        role=role,
        suite_ids=[suite.id for suite in suites],
        password=password,
    )
    if two_step if two_step is not None else Role(role) in REQUIRED_OF:
        enabled = clock.now() - timedelta(days=1)
        session.add(TwoStepKey(person_id=person.id, secret=random_base32(), enabled_at=enabled))
        session.flush()
    if not active:
        person.active = False
        session.commit()
    return person


def two_step_code(session, person) -> str:
    """The code `person`'s authenticator app shows now, as they would type it."""
    secret, last_step = session.execute(
        select(TwoStepKey.secret, TwoStepKey.last_step).where(TwoStepKey.person_id == person.id)
    ).one()
    return next_code(secret, last_step)


def next_code(secret: str, last_step: int | None) -> str:
    """The code of this 30-second step, or of the next one (which the app takes, for phones
    whose clock is a little fast) when this step's code was taken already. A code is taken
    once, so a person signing in a third time within one step waits for the next, as they
    would with their phone."""
    return TOTP(secret).at(next_step(last_step) * STEP_SECONDS)


def next_step(last_step: int | None) -> int:
    """The 30-second step whose code to type, after `last_step` (see next_code)."""
    while True:
        now = int(time.time()) // STEP_SECONDS
        step = now if last_step is None else max(now, last_step + 1)
        if step <= now + 1:
            return step
        time.sleep((now + 1) * STEP_SECONDS - time.time() + 0.05)


def create_visit(
    session,
    suite,
    visit_date,
    *,
    status=None,
    outcome=None,
    wait_minutes=None,
    arrived_at=None,
    admitted_at=None,
    detainees=(),
    issues=(),
    **columns,
):
    """A visit report as the statistics see it: `detainees` is a list of outcomes, or of
    dicts of DetaineeEntry fields; `issues` a list of dicts of Issue fields; `columns`, more
    of the Visit's (delay_cause, delay_reason)."""
    from icv.models import (
        DetaineeEntry,
        DetaineeOutcome,
        Issue,
        ReportStatus,
        Visit,
        VisitOutcome,
    )
    from icv.services import tallies

    visit = Visit(
        suite_id=suite.id,
        visit_date=visit_date,
        status=status or ReportStatus.REVIEWED,
        outcome=outcome or VisitOutcome.COMPLETED,
        wait_minutes=wait_minutes,
        arrived_at=arrived_at,
        admitted_at=admitted_at,
        **columns,
    )
    for position, detainee in enumerate(detainees):
        fields = detainee if isinstance(detainee, dict) else {"outcome": detainee}
        fields = {**fields, "outcome": DetaineeOutcome(fields["outcome"])}
        visit.detainees.append(DetaineeEntry(position=position, **fields))
    for position, issue in enumerate(issues):
        visit.issues.append(
            Issue(position=position, **{"description": "A concern", "level": 1, **issue})
        )
    session.add(visit)
    session.flush()
    tallies.recount(session, [visit.id])
    session.commit()
    return visit


def create_report(
    session,
    lead=None,
    *,
    partners=None,
    suite=None,
    status="draft",
    visit_date=None,
    detainees=("accepted", "declined"),
    issues=(),
):
    """A visit report filed through the services, up to `status`:
    draft, submitted (waiting for the partner), confirmed, or reviewed."""
    with session.info["app"].app_context():
        visit = _create_report(
            session, lead, partners, suite, status, visit_date, detainees, issues
        )
        session.commit()
        return visit


def _create_report(session, lead, partners, suite, status, visit_date, detainees, issues):
    from datetime import date, timedelta

    from icv.services import visit_reports

    lead = lead or _create_person(session, Role.VOLUNTEER)
    partners = [_create_person(session, Role.VOLUNTEER)] if partners is None else list(partners)
    suite = suite or _create_suite(session, None)
    visit = visit_reports.start_draft(session, lead)
    reasons = {"not_available": "asleep", "not_offered": "staff_advised_risk"}
    _save_draft(
        session,
        lead,
        visit,
        suite_id=suite.id,
        visit_date=(visit_date or date.today() - timedelta(days=1)).isoformat(),
        visit_type="in_person" if partners else "remote",
        partner_ids=[p.id for p in partners],
        outcome="completed",
        arrived_at="14:00",
        admitted_at="14:03",
        detainees=[{"outcome": o, "reason": reasons.get(o)} for o in detainees],
        issues=list(issues),
    )
    if status == "draft":
        return visit
    visit_reports.submit(session, lead, visit, confirm_empty=True)  # sure of an empty one
    if status in ("confirmed", "reviewed") and partners:
        visit_reports.confirm(session, partners[0], visit)
    if status == "reviewed":
        visit_reports.mark_reviewed(session, _create_person(session, Role.COORDINATOR), visit)
    return visit


def save_draft(session, lead, visit, **parts):
    """Save parts of a draft as a phone sends them: the whole report's schema, in part."""
    with session.info["app"].app_context():
        _save_draft(session, lead, visit, **parts)
        session.commit()


def _save_draft(session, lead, visit, **parts):
    from icv.schemas.visit_reports import VisitReportDraftSchema
    from icv.services import visit_reports

    visit_reports.save_draft(session, lead, visit, VisitReportDraftSchema().load(parts))


def refer_issue(session, issue, coordinator=None, *, due_on=None, note=None, today=None):
    """Refer an issue to the force as a coordinator does, due by `due_on` (by default, as its
    level sets it)."""
    with session.info["app"].app_context():
        from icv.services import issues

        coordinator = coordinator or _create_person(session, Role.COORDINATOR)
        today = today or clock.today()
        due_on = due_on or issues.suggested_due_on(issue.level, today)
        issues.refer(session, coordinator, issue, due_on, note)
        session.commit()
        return issue


def answer_issue(session, issue, force_user, *, response="Fixed", action_taken_on=None):
    """The force's answer to a referred issue."""
    with session.info["app"].app_context():
        from icv.services import issues

        issues.answer(session, force_user, issue, response, action_taken_on or clock.today())
        session.commit()
        return issue


def request_amendment(session, visit, reason="Please amend"):
    """The coordinator opens a submitted report for an amendment."""
    with session.info["app"].app_context():
        from icv.services import visit_reports

        coordinator = _create_person(session, Role.COORDINATOR)
        visit_reports.request_amendment(session, coordinator, visit, reason)
        session.commit()
        return visit
