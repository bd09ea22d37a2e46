"""Schemathesis sends every API operation what its OpenAPI document allows, and junk, signed in
as each role: no answer may be a server error or fall outside what the document says.

The document is read from an app of its own (serving it needs no database); the requests go to
the test app, on the test database (SQLite, or PostgreSQL in CI's second pass).
"""

import random
from datetime import date, timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from icv import create_app
from icv.models import Role, Visit
from tests import factories
from tests.conftest import TEST_CONFIG, sign_in

CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {
            "mode": "all",  # what the document allows, and what it does not
            "max-examples": 25,
            "deterministic": True,
            "with-security-parameters": False,  # the test signs in itself
        },
        "phases": {"coverage": {"enabled": True, "unexpected-methods": []}},
    }
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    create_app({**TEST_CONFIG, "DATABASE_URL": "sqlite://"}),
    config=CONFIG,
)


@pytest.fixture
def records(db):
    """A scheme with something of each kind to find: a volunteer's draft, a submitted report,
    an issue referred to the force."""
    suite = factories.create_suite(db, "Keyham Lane")
    partner = factories.create_person(db, Role.VOLUNTEER)
    people = {
        Role.VOLUNTEER: factories.create_person(db, Role.VOLUNTEER),
        Role.COORDINATOR: factories.create_person(db, Role.COORDINATOR),
        Role.FORCE: factories.create_person(db, Role.FORCE, suites=[suite]),
    }
    lead = people[Role.VOLUNTEER]
    issue = {"area": "cctv", "description": "Camera off", "level": 2}
    draft = factories.create_report(db, lead, partners=[partner], suite=suite)
    submitted = factories.create_report(
        db, lead, partners=[partner], suite=suite, status="confirmed", issues=[issue]
    )
    referred = factories.refer_issue(db, submitted.issues[0], people[Role.COORDINATOR])
    return {
        "people": people,
        "suite": suite.id,
        "partner": partner.id,
        "draft": draft.id,
        "submitted": submitted.id,
        "issue": referred.id,
    }


def signed_in_cookie(app, db, records, role) -> str:
    """The session of the person of `role`, signed in through the real pages (two-step and
    all) once for every example of a test: a two-step code is taken once."""
    cookies = records.setdefault("cookies", {})
    if role not in cookies:
        client = app.test_client()
        response = sign_in(client, db, records["people"][role])
        assert response.status_code == 302 and response.headers["Location"] == "/"
        cookies[role] = client.get_cookie("icv_session", domain="icv.test").value
    return cookies[role]


def towards_success(case, role, records, db):
    """Now and then, aim a valid request at what exists: an id on record, a suite and a
    partner of the scheme, the version last read, a day the answer can have. Then an operation
    is tried its whole way, not only up to its first refusal."""
    choice = random.Random(repr((case.path_parameters, case.body)))
    if not case.meta.generation.mode.is_positive or choice.random() < 0.3:
        return
    if "visit_id" in case.path_parameters and choice.random() < 0.5:
        visit_id = records["draft"] if role is Role.VOLUNTEER else records["submitted"]
        case.path_parameters["visit_id"] = str(visit_id)
        db.expire_all()
        case.headers = {
            **(case.headers or {}),
            "If-Match": f'"{db.get(Visit, visit_id).lock_version}"',
        }
    if "issue_id" in case.path_parameters:
        case.path_parameters["issue_id"] = records["issue"]
    if isinstance(case.body, dict):
        known = {
            "suite_id": records["suite"],
            "partner_ids": [records["partner"]],
            "visit_date": (date.today() - timedelta(days=1)).isoformat(),
            "action_taken_on": date.today().isoformat(),
        }
        case.body = {**case.body, **{k: v for k, v in known.items() if k in case.body}}


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_every_request_as_its_document_says(app, db, records, role, case):
    client = app.test_client()
    client.set_cookie("icv_session", signed_in_cookie(app, db, records, role), domain="icv.test")
    towards_success(case, role, records, db)
    # Schemathesis asks for gzip as requests does, but the WSGI test client does not undo it
    # (compression has its own tests: tests/test_compression.py).
    case.headers = {**(case.headers or {}), "Accept-Encoding": "identity"}
    case.call_and_validate(session=client, checks=CHECKS)
