"""Migrations reach head on an empty database, and describe exactly what the models do."""

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from icv import create_app, migrate
from icv.db import Base
from tests.conftest import TEST_CONFIG


def differences(app):
    with app.extensions["icv.engine"].connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)


def upgrade_and_compare(url):
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url})
    migrate.upgrade(app)
    tables = set(inspect(app.extensions["icv.engine"]).get_table_names())
    diff = differences(app)
    head = migrate.current(app)
    app.extensions["icv.engine"].dispose()
    return tables, diff, head


def test_an_empty_sqlite_database_upgrades_to_head_matching_the_models(tmp_path):
    tables, diff, head = upgrade_and_compare(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    assert set(Base.metadata.tables) <= tables
    assert diff == []
    assert head is not None


@pytest.fixture
def empty_postgresql_url():
    base = os.environ["ICV_TEST_DATABASE_URL"]
    name = f"icv_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield make_url(base).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.mark.postgresql
def test_an_empty_postgresql_database_upgrades_to_head_matching_the_models(empty_postgresql_url):
    tables, diff, head = upgrade_and_compare(empty_postgresql_url)
    assert set(Base.metadata.tables) <= tables
    assert diff == []
    assert head is not None


def test_the_test_database_matches_the_models(app):
    assert differences(app) == []


def test_invitation_links_already_stored_in_emails_are_masked(tmp_path):
    from sqlalchemy import text

    app = create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite'}"})
    migrate.upgrade(app, "0009_amended_copy")
    engine = app.extensions["icv.engine"]
    insert = text(
        "INSERT INTO emails (created_at, recipient, subject, body, private) "
        "VALUES (CURRENT_TIMESTAMP, 'priya@example.org', :subject, :body, :private)"
    )
    link = "Open this link:\n\nhttp://icv.test/invitation/aWQtdGhhdC1zdGlsbC13b3Jrcw\n"
    with engine.begin() as connection:
        connection.execute(insert, {"subject": "Set your password", "body": link, "private": 1})
        connection.execute(insert, {"subject": "Issue", "body": "No link\n", "private": 0})
    migrate.upgrade(app)
    with engine.connect() as connection:
        bodies = connection.execute(text("SELECT body FROM emails ORDER BY id")).scalars().all()
    engine.dispose()
    assert bodies == ["Open this link:\n\nhttp://icv.test/invitation/…\n", "No link\n"]
