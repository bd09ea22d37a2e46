"""The demo volunteers' records. Before the reports: when each joined the scheme and, for the
former volunteers, when they left, so that a visit's pair is drawn from those in the scheme that
day and the board's volunteer figures and the comparison of two years have something to show.
Over the previous financial year one volunteer joins and two leave; in the current one two
join (both still on probation) and one leaves. After the reports: training, probation,
vetting (two run out soon) and term (one ends soon), the meetings and training days of the last
year, a few dates unavailable this quarter; the former volunteers can no longer sign in."""

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

# Former volunteers: name, and the days into the previous (or this) financial year they left.
LEFT_LAST_YEAR = {"Barbara Kettle": 150, "Owen Price": 280}
LEFT_THIS_YEAR = {"Nasreen Akhtar": 30}
JOINED_LAST_YEAR = {"Ayesha Siddiqui": 45}
# Days before today they joined: within the half-year of probation whatever today is.
JOINED_THIS_YEAR = {"Carol Henshaw": 100, "Neil Thornton": 130}
VETTING_SOON = 2


def add_former_volunteers(session: Session):
    """The volunteers who have left, added (able to sign in) before the reports they were on."""
    for name in (*LEFT_LAST_YEAR, *LEFT_THIS_YEAR):
        email = name.lower().replace(" ", ".") + "@example.org"
        people.create_person(session, None, name=name, email=email, role=Role.VOLUNTEER)


def spans(volunteers: list[Person], today: date) -> dict[int, tuple[date, date | None]]:
    """Each volunteer's (joined_on, left_on), by person id."""
    this_year = periods.year_of(today).start
    last_year = periods.financial_year(this_year.year - 1).start
    result = {}
    for number, person in enumerate(sorted(volunteers, key=lambda person: person.name)):
        joined = date(last_year.year - 1 - number % 6, 1 + number % 12, 1)
        left = None
        if person.name in JOINED_LAST_YEAR:
            joined = last_year + timedelta(days=JOINED_LAST_YEAR[person.name])
        if person.name in JOINED_THIS_YEAR:
            joined = max(this_year, today - timedelta(days=JOINED_THIS_YEAR[person.name]))
        if person.name in LEFT_LAST_YEAR:
            left = last_year + timedelta(days=LEFT_LAST_YEAR[person.name])
        if person.name in LEFT_THIS_YEAR:
            left = min(today, this_year + timedelta(days=LEFT_THIS_YEAR[person.name]))
        result[person.id] = (joined, left)
    return result


def load(session: Session, volunteers: list[Person], today: date) -> dict:
    """Each volunteer's record joined (and left) as spans() says; return every span."""
    result = spans(volunteers, today)
    for person_id, (joined_on, left_on) in result.items():
        record = session.get(VolunteerRecord, person_id)
        record.joined_on, record.left_on = joined_on, left_on
    session.flush()
    return result


def in_scheme(span: tuple[date, date | None], day: date) -> bool:
    joined_on, left_on = span
    return joined_on <= day and (left_on is None or left_on > day)


def load_records(session: Session, today: date, seed: int = 2024):
    rng = random.Random(seed)  # noqa: S311  (made-up demo data, repeatable by seed)
    records = session.scalars(
        select(VolunteerRecord)
        .join(Person, Person.id == VolunteerRecord.person_id)
        .where(Person.role == Role.VOLUNTEER)
        .order_by(Person.id)
    ).all()
    for record in records:
        _dates(record, rng, today)
    current = [r for r in records if r.left_on is None]
    former = [r for r in records if r.left_on is not None]
    experienced = [
        r
        for r in current
        if not r.in_probation_on(today) and r.person.email != "volunteer@example.org"
    ]
    for record in experienced[:VETTING_SOON]:
        record.vetting_expires_on = today + timedelta(days=rng.randint(10, 50))
    # One whose term runs out this quarter, to renew.
    experienced[-1].term_ends_on = today + timedelta(days=45)
    _attendance(session, rng, records, today)
    _unavailable(session, rng, experienced, today)
    for record in former:
        record.person.active = False
    session.flush()


def _dates(record, rng, today):
    joined = record.joined_on
    record.training_completed_on = min(today, joined + timedelta(days=rng.randint(28, 56)))
    record.probation_ends_on = joined + timedelta(days=182)
    end = record.left_on or today
    record.vetting_expires_on = years_after(joined, 3 * (1 + (end - joined).days // 1095))
    if record.left_on is None and record.vetting_expires_on <= today + timedelta(days=60):
        record.vetting_expires_on = years_after(record.vetting_expires_on, 3)
    term = years_after(joined, 3)
    while term <= end + timedelta(days=90):  # renewed every three years since
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
