"""The demo volunteers' records: when each joined the scheme and, for two, when they left, so
that the board's volunteer figures and the comparison of two years have something to show.

Over the previous financial year one volunteer joins and two leave; in the current one two
more join. A volunteer visits only while in the scheme.
"""

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from icv import periods
from icv.models import Person, VolunteerRecord

JOINED_LAST_YEAR = {"Ayesha Siddiqui": 45}
LEFT_LAST_YEAR = {"Roger Bamford": 150, "Elaine Dunmore": 280}
JOINED_THIS_YEAR = {"Carol Henshaw": 40, "Neil Thornton": 75}


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
            joined = min(today, this_year + timedelta(days=JOINED_THIS_YEAR[person.name]))
        if person.name in LEFT_LAST_YEAR:
            left = last_year + timedelta(days=LEFT_LAST_YEAR[person.name])
        result[person.id] = (joined, left)
    return result


def load(session: Session, volunteers: list[Person], today: date) -> dict:
    """Add a record for each volunteer who has none; return every volunteer's span."""
    kept = set(session.scalars(select(VolunteerRecord.person_id)))
    result = spans(volunteers, today)
    for person_id, (joined_on, left_on) in result.items():
        if person_id not in kept:
            session.add(VolunteerRecord(person_id=person_id, joined_on=joined_on, left_on=left_on))
    session.flush()
    return result


def in_scheme(span: tuple[date, date | None], day: date) -> bool:
    joined_on, left_on = span
    return joined_on <= day and (left_on is None or left_on > day)
