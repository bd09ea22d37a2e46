"""Plain functions that make records for tests, through the same services the app uses.

Each runs in an app context of its own (services read settings from the app) and leaves none
behind, so a test's requests still get a fresh context and session each, as in production.
"""

from itertools import count

from icv.models import Role
from icv.services import people, suites

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
        return _create_person(session, role, **kwargs)


def _create_person(
    session, role, *, name=None, email=None, password=PASSWORD, suites=(), active=True
):
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
    if not active:
        person.active = False
        session.commit()
    return person
