"""Fixtures: the app on a real database (SQLite, or PostgreSQL when ICV_TEST_DATABASE_URL is
set), one transaction per test rolled back at the end, a client, and login_as(role)."""

import os
import re
import uuid
from contextlib import contextmanager
from html import unescape

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from icv import create_app, migrate
from icv.extensions import limiter
from icv.models import Role
from tests import factories
from tests.smtp_server import SmtpServer

TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test secret key",
    "WTF_CSRF_ENABLED": False,  # tests/test_security.py checks CSRF with it switched on
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast; production uses scrypt
    "SERVER_NAME": "icv.test",
}


def reset_postgresql(url: str):
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


@contextmanager
def database_of_its_own(sqlite_path, prefix: str):
    """The address of a database that really commits, made for one test: a SQLite file at
    `sqlite_path`, or a PostgreSQL database beside ICV_TEST_DATABASE_URL, dropped after."""
    base = os.environ.get("ICV_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{sqlite_path}"
        return
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.dispose()


@contextmanager
def app_of_its_own(sqlite_path, prefix: str):
    """The app, as the tests configure it, on a database of its own (database_of_its_own),
    migrated: (app, the database's address)."""
    with database_of_its_own(sqlite_path, prefix) as url:
        app = create_app({**TEST_CONFIG, "DATABASE_URL": url})
        migrate.upgrade(app)
        try:
            yield app, url
        finally:
            app.extensions["icv.engine"].dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("ICV_TEST_DATABASE_URL")
    if url:
        reset_postgresql(url)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'icv-test.sqlite'}"


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app(
        {
            **TEST_CONFIG,
            "DATABASE_URL": database_url,
        }
    )
    migrate.upgrade(app)
    return app


@pytest.fixture
def db(app):
    """A session in a transaction that is rolled back after the test; the app's requests join it."""
    connection = app.extensions["icv.engine"].connect()
    transaction = connection.begin()
    original = app.extensions["icv.sessionmaker"]
    app.extensions["icv.sessionmaker"] = sessionmaker(
        bind=connection,
        expire_on_commit=False,
        join_transaction_mode="create_savepoint",
        info={"app": app},
    )
    limiter.reset()
    session = app.extensions["icv.sessionmaker"]()
    yield session
    session.close()
    app.extensions["icv.sessionmaker"] = original
    transaction.rollback()
    connection.close()


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture
def runner(app, db):
    return app.test_cli_runner()


@pytest.fixture
def smtp_server(app, monkeypatch):
    """A real SMTP server on a loopback port, which the app sends its e-mails to."""
    with SmtpServer() as server:
        for key, value in server.config().items():
            monkeypatch.setitem(app.config, key, value)
        yield server


@pytest.fixture
def login_as(client, db):
    """Sign in through the real sign-in form as a new person with `role` (or as `person`)."""

    def signed_in(role_or_person, **kwargs):
        if isinstance(role_or_person, (Role, str)):
            person = factories.create_person(db, role_or_person, **kwargs)
        else:
            person = role_or_person
        response = sign_in(client, db, person)
        assert response.status_code == 302, "sign-in failed"
        assert not response.headers["Location"].startswith("/sign-in"), "sign-in unfinished"
        return person

    return signed_in


def sign_in(client, db, person, password=factories.PASSWORD, **request):
    """Sign in through the real pages: the password, then, when asked, the two-step code of
    the person's authenticator app. The last answer."""
    response = client.post(
        "/sign-in", data={"email": person.email, "password": password}, **request
    )
    if response.status_code == 302 and response.headers["Location"] == "/sign-in/code":
        code = factories.two_step_code(db, person)
        response = client.post("/sign-in/code", data={"code": code}, **request)
    return response


def page_text(response) -> str:
    """The visible words of a page, whitespace folded, for asserting what a person reads."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def columns_holding(session, text: str) -> list[str]:
    """Every table.column of the database in which `text` is found, whatever the column's
    type: for proving a secret or a removed value is kept nowhere."""
    from sqlalchemy import Text, cast, func, select

    from icv.db import Base

    found = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            held = cast(column, Text).contains(text, autoescape=True)
            if session.scalar(select(func.count()).select_from(table).where(held)):
                found.append(f"{table.name}.{column.name}")
    return found


def pytest_collection_modifyitems(config, items):
    """Tests marked postgresql run in the PostgreSQL pass only (CI runs both passes)."""
    if os.environ.get("ICV_TEST_DATABASE_URL", "").startswith("postgresql"):
        return
    kept = [item for item in items if item.get_closest_marker("postgresql") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    """With ICV_FAIL_ON_SKIP=1 (CI), a skipped test fails the run: nothing is quietly left out."""
    if os.environ.get("ICV_FAIL_ON_SKIP") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"ICV_FAIL_ON_SKIP=1 and {len(skipped)} tests were skipped", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
