"""Plain functions that make records for tests, through the same services the app uses."""

from itertools import count

from icv.models import Role
from icv.services import people, suites

PASSWORD = "correct horse battery"
_numbers = count(1)


def create_suite(session, name=None, **changes):
    suite = suites.add_suite(session, None, name or f"Suite {next(_numbers)}")
    for key, value in changes.items():
        setattr(suite, key, value)
    session.commit()
    return suite


def create_person(session, role=Role.VOLUNTEER, *, name=None, email=None, password=PASSWORD,
                  suites=(), active=True):
    number = next(_numbers)
    person = people.create_person(
        session,
        None,
        name=name or f"{Role(role).label} {number}",
        email=email or f"{Role(role).value}{number}@example.org",
        role=role,
        suite_ids=[suite.id for suite in suites],
        password=password,
    )
    if not active:
        person.active = False
        session.commit()
    return person
