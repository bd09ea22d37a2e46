"""The demo volunteers' records: joined over several years, two on probation, two whose
vetting runs out soon and one whose term ends soon, the meetings and training days of the
last year, a few dates unavailable this quarter, and three volunteers who have left."""

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from icv import periods
from icv.models import (
    AttendanceKind,
    Person,
    Role,
    Unavailability,
    VolunteerAttendance,
    VolunteerRecord,
)
from icv.services import people
from icv.services.volunteer_records import years_after

# Former volunteers: (name, years in the scheme, months since they left).
LEFT = [("Barbara Kettle", 6, 2), ("Owen Price", 3, 7), ("Nasreen Akhtar", 4, 14)]
PROBATIONERS = 2
VETTING_SOON = 2


def load_records(session: Session, today: date, seed: int = 2024):
    rng = random.Random(seed)  # noqa: S311  (made-up demo data, repeatable by seed)
    records = session.scalars(
        select(VolunteerRecord)
        .join(Person, Person.id == VolunteerRecord.person_id)
        .where(Person.role == Role.VOLUNTEER)
        .order_by(Person.id)
    ).all()
    demo_volunteer = next(r for r in records if r.person.email == "volunteer@example.org")
    others = [r for r in records if r is not demo_volunteer]
    _dates(demo_volunteer, rng, today, years=2.5)
    for number, record in enumerate(others):
        if number < PROBATIONERS:  # joined this half-year: still on probation
            joined = today - timedelta(days=rng.randint(60, 150))
            _dates(record, rng, today, joined=joined)
            record.probation_ends_on = joined + timedelta(days=182)
        else:
            _dates(record, rng, today, years=rng.uniform(0.8, 11))
        if PROBATIONERS <= number < PROBATIONERS + VETTING_SOON:
            record.vetting_expires_on = today + timedelta(days=rng.randint(10, 50))
    # One whose term runs out this quarter, to renew.
    others[-1].term_ends_on = today + timedelta(days=45)
    _attendance(session, rng, records, today)
    _unavailable(session, rng, others, today)
    _former_volunteers(session, rng, today)


def _dates(record, rng, today, *, years: float = 0, joined: date | None = None):
    joined = joined or today - timedelta(days=int(years * 365))
    record.joined_on = joined
    record.training_completed_on = min(today, joined + timedelta(days=rng.randint(28, 56)))
    record.probation_ends_on = joined + timedelta(days=182)
    record.vetting_expires_on = years_after(joined, 3 * (1 + (today - joined).days // 1095))
    if record.vetting_expires_on <= today + timedelta(days=60):
        record.vetting_expires_on = years_after(record.vetting_expires_on, 3)
    term = years_after(joined, 3)
    while term <= today + timedelta(days=90):  # renewed every three years since
        term = years_after(term, 3)
    record.term_ends_on = term


def _attendance(session, rng, records, today):
    """A volunteers' meeting each quarter and a training day each half-year, in the last year;
    most of those in the scheme then came."""
    held = []
    for months_ago in (2, 5, 8, 11):
        held.append((AttendanceKind.MEETING, _months_ago(today, months_ago), "Volunteers' meeting"))
    held.append((AttendanceKind.TRAINING, _months_ago(today, 4), "Mental health awareness"))
    held.append((AttendanceKind.TRAINING, _months_ago(today, 10), "PACE Code C refresher"))
    for kind, day, title in held:
        for record in records:
            if record.joined_on <= day and rng.random() < 0.7:
                session.add(
                    VolunteerAttendance(
                        person_id=record.person_id, kind=kind, held_on=day, title=title
                    )
                )


def _months_ago(today: date, months: int) -> date:
    return today - timedelta(days=30 * months)


def _unavailable(session, rng, records, today):
    """A few volunteers away for a week or two in the rest of this quarter."""
    quarter = periods.quarter_of(today)
    for record in rng.sample(records, 5):
        latest_start = max(today, quarter.end - timedelta(days=7))
        starts = today + timedelta(days=rng.randint(0, (latest_start - today).days))
        ends = min(quarter.end, starts + timedelta(days=rng.choice([6, 13])))
        session.add(Unavailability(person_id=record.person_id, starts_on=starts, ends_on=ends))


def _former_volunteers(session, rng, today):
    for name, years, months_since in LEFT:
        email = name.lower().replace(" ", ".") + "@example.org"
        person = people.create_person(session, None, name=name, email=email, role=Role.VOLUNTEER)
        person.active = False
        record = session.get(VolunteerRecord, person.id)
        record.left_on = _months_ago(today, months_since)
        record.joined_on = years_after(record.left_on, -years)
        record.training_completed_on = record.joined_on + timedelta(days=42)
        record.probation_ends_on = record.joined_on + timedelta(days=182)
        record.term_ends_on = years_after(record.joined_on, 3 * ((years + 2) // 3))
        record.vetting_expires_on = years_after(record.joined_on, 3 * ((years + 2) // 3))
    session.flush()
