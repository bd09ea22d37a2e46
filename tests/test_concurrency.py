"""Many sends of one report at the same moment: stored once, every sender told the truth, no
server error. Ten phones sending one report through the API; fifty taps saving one step of
the pages and twenty submitting it.

These requests really run at once, each in its own thread with its own connection, so they
need a database whose changes are committed (not the test transaction of the other tests): a
SQLite file, or a PostgreSQL database made for the test beside ICV_TEST_DATABASE_URL.
"""

import sqlite3
import threading
import uuid
from datetime import date, timedelta

import pytest
from flask import g
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from icv import create_app, migrate
from icv.models import AuditEvent, Person, ReportVersion, Role, Visit
from icv.services import people, suites
from tests import conftest as databases
from tests.conftest import TEST_CONFIG
from tests.factories import PASSWORD

SENDS = 10


@pytest.fixture
def database_of_its_own(tmp_path):
    with databases.database_of_its_own(tmp_path / "concurrency.sqlite", "icv_concurrency") as url:
        yield url


@pytest.fixture
def scheme(database_of_its_own):
    app = create_app({**TEST_CONFIG, "DATABASE_URL": database_of_its_own})
    migrate.upgrade(app)
    with app.app_context():
        session = app.extensions["icv.sessionmaker"]()
        suite = suites.add_suite(session, None, "Keyham Lane")
        lead, partner = (
            people.create_person(
                session,
                None,
                name=name,
                email=f"{name.split()[0].lower()}@example.org",
                role=Role.VOLUNTEER,
                password=PASSWORD,
            )
            for name in ("Alex Morgan", "Priya Mistry")
        )
        session.commit()
        ids = {"suite": suite.id, "lead": lead.id, "partner": partner.id}
        session.close()
    yield app, ids
    app.extensions["icv.engine"].dispose()


def report(ids) -> dict:
    return {
        "suite_id": ids["suite"],
        "visit_date": (date.today() - timedelta(days=1)).isoformat(),
        "visit_type": "in_person",
        "partner_ids": [ids["partner"]],
        "outcome": "completed",
        "arrived_at": "14:05",
        "admitted_at": "14:07",
        "detainees": [{"outcome": "accepted"}, {"outcome": "declined"}],
        "issues": [{"area": "cctv", "description": "Camera off", "level": 2}],
    }


def at_once(app, request, sends=SENDS) -> list[int]:
    """Send `request(client)` from `sends` signed-in clients at the same moment; statuses."""
    clients = []
    for _ in range(sends):
        client = app.test_client()
        signed_in = client.post(
            "/sign-in", data={"email": "alex@example.org", "password": PASSWORD}
        )
        assert signed_in.status_code == 302
        clients.append(client)
    start = threading.Barrier(sends)
    statuses = [None] * sends

    def send(number):
        start.wait()
        statuses[number] = request(clients[number]).status_code

    threads = [threading.Thread(target=send, args=(n,)) for n in range(sends)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def stored(app, visit_id) -> tuple[int, int]:
    with app.app_context():
        session = app.extensions["icv.sessionmaker"]()
        visits = session.scalar(select(func.count()).select_from(Visit))
        versions = session.scalar(
            select(func.count())
            .select_from(ReportVersion)
            .where(ReportVersion.visit_id == visit_id)
        )
        session.close()
    return visits, versions


def test_ten_sends_at_once_of_a_new_report_store_it_once_and_all_succeed(scheme):
    app, ids = scheme
    visit_id = uuid.uuid4()
    statuses = at_once(
        app, lambda client: client.post(f"/api/v1/visits/{visit_id}/submit", json=report(ids))
    )
    assert statuses == [200] * SENDS
    assert stored(app, visit_id) == (1, 1)


def test_ten_sends_at_once_of_a_saved_draft_submit_it_once_and_all_succeed(scheme):
    app, ids = scheme
    visit_id = uuid.uuid4()
    client = app.test_client()
    client.post("/sign-in", data={"email": "alex@example.org", "password": PASSWORD})
    made = client.put(f"/api/v1/visits/{visit_id}", json={"suite_id": ids["suite"]})
    assert made.status_code == 201
    read = {"If-Match": made.headers["ETag"]}  # the version the phone's copy was made from
    statuses = at_once(
        app,
        lambda client: client.post(
            f"/api/v1/visits/{visit_id}/submit", json=report(ids), headers=read
        ),
    )
    assert statuses == [200] * SENDS
    assert stored(app, visit_id) == (1, 1)


def test_of_ten_different_reports_sent_at_once_under_one_id_one_is_stored(scheme):
    app, ids = scheme
    visit_id = uuid.uuid4()
    sent = iter(range(SENDS))
    lock = threading.Lock()

    def different(client):
        with lock:
            number = next(sent)
        return client.post(
            f"/api/v1/visits/{visit_id}/submit",
            json={**report(ids), "observations": f"Copy {number}"},
        )

    statuses = at_once(app, different)
    assert sorted(statuses) == [200] + [409] * (SENDS - 1)
    assert stored(app, visit_id) == (1, 1)


def test_ten_first_saves_at_once_of_a_new_draft_make_it_once(scheme):
    app, ids = scheme
    visit_id = uuid.uuid4()
    statuses = at_once(
        app,
        lambda client: client.put(f"/api/v1/visits/{visit_id}", json={"suite_id": ids["suite"]}),
    )
    # One makes the draft; the others find it made, and are asked which version they read.
    assert sorted(statuses) == [201] + [428] * (SENDS - 1)
    assert stored(app, visit_id) == (1, 0)


def test_fifty_saves_of_one_step_at_once_keep_the_first_and_tell_the_rest(scheme):
    app, ids = scheme
    visit_id = uuid.uuid4()
    client = app.test_client()
    client.post("/sign-in", data={"email": "alex@example.org", "password": PASSWORD})
    client.put(f"/api/v1/visits/{visit_id}", json=report(ids))
    version = client.get(f"/api/v1/visits/{visit_id}").headers["ETag"].strip('"')
    sent = iter(range(50))
    lock = threading.Lock()

    def save(client):
        with lock:
            number = next(sent)
        detainees = {
            "detainees-0-outcome": "accepted",
            "detainees-0-welfare_notes": f"Tab {number}",
        }
        return client.post(f"/visits/{visit_id}/detainees", data={**detainees, "version": version})

    statuses = at_once(app, save, sends=50)
    assert sorted(statuses) == [302] + [409] * 49
    with app.app_context():
        session = app.extensions["icv.sessionmaker"]()
        notes = [d.welfare_notes for d in session.get(Visit, visit_id).detainees]
        session.close()
    assert len(notes) == 1 and notes[0].startswith("Tab ")


def test_twenty_taps_of_submit_at_once_submit_it_once(scheme):
    app, ids = scheme
    visit_id = uuid.uuid4()
    client = app.test_client()
    client.post("/sign-in", data={"email": "alex@example.org", "password": PASSWORD})
    client.put(f"/api/v1/visits/{visit_id}", json=report(ids))
    statuses = at_once(app, lambda client: client.post(f"/visits/{visit_id}/check"), sends=20)
    assert sorted(statuses) == [302] + [409] * 19
    assert stored(app, visit_id) == (1, 1)


def test_one_invitation_link_used_by_eight_browsers_at_once_sets_one_password(scheme):
    """Finding 11 of the security review: on PostgreSQL all 8 got "password set"; on SQLite one
    did and 7 got a server error."""
    app, _ = scheme
    with app.app_context(), app.test_request_context():
        session = app.extensions["icv.sessionmaker"]()
        invited = people.create_person(
            session, None, name="Sam Rivers", email="sam@example.org", role=Role.VOLUNTEER
        )
        link = people.invite(session, None, invited)
        session.commit()
        session.close()
    path = "/" + link.split("/", 3)[3]
    passwords = [f"a long passphrase number {n}" for n in range(8)]
    browsers = [app.test_client() for _ in passwords]
    start = threading.Barrier(len(browsers))
    statuses = [None] * len(browsers)

    def use(number):
        start.wait()
        word = passwords[number]
        statuses[number] = (
            browsers[number].post(path, data={"password": word, "confirm": word}).status_code
        )

    threads = [threading.Thread(target=use, args=(n,)) for n in range(len(browsers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [302] + [404] * 7
    with app.app_context():
        session = app.extensions["icv.sessionmaker"]()
        hashed = session.scalar(
            select(Person.password_hash).where(Person.email == "sam@example.org")
        )
        session.close()
    assert [word for word in passwords if check_password_hash(hashed, word)] == [
        passwords[statuses.index(302)]
    ]


def test_a_sign_in_checks_the_password_holding_no_transaction(scheme, monkeypatch):
    """Finding 6, on a busy day: a sign-in checked the password (scrypt, slow by design) inside
    its transaction, which on SQLite holds the one write lock, so every other sign-in and save
    waited behind it, until some waited past the busy timeout and failed with a server error."""
    app, _ = scheme
    url = app.config["DATABASE_URL"]
    held = []

    def checking(hashed, password):
        held.append(g.db_session.in_transaction())
        if url.startswith("sqlite"):  # another request can take the write lock at once
            other = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0)
            other.isolation_level = None
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            other.close()
        return checked(hashed, password)

    checked = people.check_password_hash
    monkeypatch.setattr(people, "check_password_hash", checking)
    client = app.test_client()
    wrong = client.post("/sign-in", data={"email": "alex@example.org", "password": "not it"})
    right = client.post("/sign-in", data={"email": "alex@example.org", "password": PASSWORD})
    assert (wrong.status_code, right.status_code, held) == (400, 302, [False, False])
    with app.app_context():
        session = app.extensions["icv.sessionmaker"]()
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        session.close()
    assert actions[-2:] == ["sign_in_failed", "signed_in"]
