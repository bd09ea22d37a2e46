"""The `icv` console command."""

import subprocess
import sys

from sqlalchemy import func, select

from icv import clock, demo
from icv.models import Person, Role, Suite
from icv.services import volunteer_records
from tests import factories
from tests.conftest import sign_in


def test_icv_help_lists_every_command():
    result = subprocess.run(
        [sys.executable, "-m", "icv.cli", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("db", "demo", "users", "suites", "serve", "mail"):
        assert f"  {command} " in result.stdout


def test_suites_add(runner, db):
    result = runner.invoke(args=["suites", "add", "Keyham Lane"])
    assert result.exit_code == 0, result.output
    assert db.scalar(select(Suite.name)) == "Keyham Lane"
    again = runner.invoke(args=["suites", "add", "keyham lane"])
    assert again.exit_code == 1
    assert "There is already a suite with this name" in again.output


def test_users_create_makes_a_person_who_can_sign_in(runner, client, db):
    factories.create_suite(db, "Euston Street")
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--name",
            "Claire Booth",
            "--email",
            "claire@example.org",
            "--role",
            "force",
            "--suite",
            "Euston Street",
            "--password",
            "long enough pass",
        ]
    )
    assert result.exit_code == 0, result.output
    person = db.scalars(select(Person)).one()
    assert person.role is Role.FORCE
    assert [suite.name for suite in person.suites] == ["Euston Street"]
    response = client.post(
        "/sign-in", data={"email": "claire@example.org", "password": "long enough pass"}
    )
    # A force user sets up two-step sign-in first.
    assert response.headers["Location"] == "/sign-in/set-up"


def test_users_create_refuses_a_short_password(runner, db):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--name",
            "A",
            "--email",
            "a@example.org",
            "--role",
            "volunteer",
            "--password",
            "short",
        ]
    )
    assert result.exit_code == 1
    assert "Password must be 10 characters or more" in result.output
    assert db.scalar(select(func.count()).select_from(Person)) == 0


def test_demo_loads_the_scheme_once_and_prints_the_sign_ins(runner, client, db):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Demo data loaded" in result.output
    for email in ("coordinator@example.org", "force@example.org", "volunteer@example.org"):
        assert email in result.output
    assert demo.PASSWORD in result.output
    suites = db.scalars(select(Suite.name).order_by(Suite.name)).all()
    assert suites == ["Beaumont Leys", "Euston Street", "Keyham Lane"]
    volunteers = db.scalar(
        select(func.count()).select_from(Person).where(Person.role == Role.VOLUNTEER)
    )
    assert volunteers == 32  # 29 in the scheme, and 3 who have left
    assert volunteer_records.count_in_scheme(db, clock.today()) == 29
    force = db.scalars(select(Person).where(Person.email == "force@example.org")).one()
    assert len(force.suites) == 3
    assert demo.TWO_STEP_SECRET in result.output
    for email in ("coordinator@example.org", "force@example.org", "volunteer@example.org"):
        person = db.scalars(select(Person).where(Person.email == email)).one()
        response = sign_in(client, db, person, demo.PASSWORD)
        assert response.headers["Location"] == "/", email
        client.post("/sign-out")
    again = runner.invoke(args=["demo"])
    assert "already has data" in again.output
    assert db.scalar(select(func.count()).select_from(Person)) == 34  # 32 volunteers + 2


def test_db_upgrade_reports_the_revision(runner):
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "Database is at" in result.output


def test_retention_purge_removes_old_custody_numbers_only(app, runner, db):
    from datetime import date, timedelta

    from sqlalchemy import select

    from icv.models import AuditEvent, DetaineeEntry

    suite = factories.create_suite(db)
    old = date.today() - timedelta(days=app.config["CUSTODY_NUMBER_DAYS"] + 10)
    recent = date.today() - timedelta(days=3)
    for day in (old, recent):
        factories.create_visit(
            db, suite, day, detainees=[{"outcome": "accepted", "custody_number": "LE/1/17"}]
        )
    result = runner.invoke(args=["retention", "purge"])
    assert result.exit_code == 0, result.output
    assert "Removed 1 custody numbers" in result.output
    kept = db.scalars(select(DetaineeEntry.custody_number).order_by(DetaineeEntry.id)).all()
    assert kept == [None, "LE/1/17"]
    event = db.scalars(
        select(AuditEvent).where(AuditEvent.action == "custody_numbers_removed")
    ).one()
    assert event.after["count"] == 1
