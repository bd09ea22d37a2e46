"""`icv backup` and `icv restore`: a backup restored gives back exactly the data it was taken
with, at its migration; it is consistent while the app writes; it is readable by its owner
only and never half written; a file that is not a backup of this kind is refused.

Each test has a database of its own that really commits: a SQLite file, or a PostgreSQL
database made beside ICV_TEST_DATABASE_URL (tests.conftest.database_of_its_own), so
the PostgreSQL pass round-trips PostgreSQL through pg_dump and pg_restore.
"""

import sqlite3
import stat
import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import column, insert, inspect, select, table, text, update

from icv import backup, create_app, migrate
from icv.models import AuditEvent, DetaineeEntry, Suite
from tests.conftest import TEST_CONFIG, database_of_its_own

BEFORE_IMPORTS = "0009_amended_copy"


@pytest.fixture
def own_database(tmp_path):
    with database_of_its_own(tmp_path / "icv.sqlite", "icv_backup") as url:
        yield url


@pytest.fixture
def scheme(own_database):
    """The app on a database of its own, at the newest migration."""
    app = create_app({**TEST_CONFIG, "DATABASE_URL": own_database})
    migrate.upgrade(app)
    yield app
    app.extensions["icv.engine"].dispose()


def icv(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def everything(app) -> dict:
    """Every row of every table, in an order that does not depend on how they were stored;
    the audit trail without the restores it records."""
    with app.extensions["icv.engine"].connect() as connection:
        tables = {}
        for name in inspect(connection).get_table_names():
            query = f'SELECT * FROM "{name}"'  # noqa: S608 (the database's own table names)
            if name == "audit_events":
                query += " WHERE action != 'database_restored'"
            tables[name] = sorted((tuple(row) for row in connection.execute(text(query))), key=repr)
        return tables


def change_everything(app):
    """What a bad day does: a suite renamed, every detainee entry gone, a suite added."""
    with app.extensions["icv.engine"].begin() as connection:
        connection.execute(update(Suite).values(name=Suite.name + " (renamed)"))
        connection.execute(DetaineeEntry.__table__.delete())
        connection.execute(insert(Suite).values(name="Wrong Suite", active=True))


def test_a_backup_restored_gives_back_exactly_the_data_it_was_taken_with(scheme, tmp_path):
    assert icv(scheme, "demo").exit_code == 0
    taken = everything(scheme)
    assert len(taken["visits"]) > 100 and len(taken["detainee_entries"]) > 1000
    file = tmp_path / "backups" / "icv.backup"
    file.parent.mkdir()
    made = icv(scheme, "backup", str(file))
    assert made.exit_code == 0, made.output
    assert f"at migration {migrate.head(scheme)}, to {file}" in made.output
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert [path.name for path in file.parent.iterdir()] == ["icv.backup"]  # no temporary left
    change_everything(scheme)
    assert everything(scheme) != taken

    restored = icv(scheme, "restore", "--yes", str(file))
    assert restored.exit_code == 0, restored.output
    assert "there is nothing to upgrade" in restored.output
    assert everything(scheme) == taken
    with scheme.extensions["icv.sessionmaker"]() as session:
        [event] = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "database_restored")
        ).all()
        assert event.after == {"file": "icv.backup", "migration": migrate.head(scheme)}
        session.add(Suite(name="Added after the restore"))  # the ids carry on where they were
        session.commit()


def test_a_restore_asks_first_and_changes_nothing_when_told_no(scheme, tmp_path):
    file = tmp_path / "icv.backup"
    assert icv(scheme, "backup", str(file)).exit_code == 0
    change_everything(scheme)
    changed = everything(scheme)
    answer = icv(scheme, "restore", str(file), input="n\n")
    assert answer.exit_code == 1
    assert "will be replaced by the backup" in answer.output and "Aborted!" in answer.output
    assert everything(scheme) == changed


def test_a_restore_leaves_the_database_at_the_backups_migration_to_upgrade(
    own_database,
    tmp_path,
):
    app = create_app({**TEST_CONFIG, "DATABASE_URL": own_database})
    migrate.upgrade(app, BEFORE_IMPORTS)
    with app.extensions["icv.engine"].begin() as connection:
        # The suites table as it was then: the model's later columns (position) are not in it.
        connection.execute(
            insert(table("suites", column("name"), column("active"), column("created_at"))).values(
                name="Keyham Lane", active=True, created_at=datetime.now(UTC)
            )
        )
    file = tmp_path / "old.backup"
    assert f"at migration {BEFORE_IMPORTS}" in icv(app, "backup", str(file)).output
    migrate.upgrade(app)
    assert "imported_rows" in inspect(app.extensions["icv.engine"]).get_table_names()

    restored = icv(app, "restore", "--yes", str(file))
    assert restored.exit_code == 0, restored.output
    assert f"the database is at migration {BEFORE_IMPORTS}, as the backup was" in restored.output
    assert "run `icv db upgrade` before serving it" in restored.output
    assert migrate.current(app) == BEFORE_IMPORTS
    assert "imported_rows" not in inspect(app.extensions["icv.engine"]).get_table_names()
    upgraded = icv(app, "db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    assert migrate.current(app) == migrate.head(app)
    with app.extensions["icv.engine"].connect() as connection:
        assert connection.scalars(select(Suite.name)).all() == ["Keyham Lane"]
    app.extensions["icv.engine"].dispose()


@pytest.fixture
def new_server(tmp_path):
    """An empty database, as on a new server: no SQLite file yet, or a new PostgreSQL one."""
    with database_of_its_own(tmp_path / "new-server" / "icv.sqlite", "icv_new_server") as url:
        yield url


def test_a_backup_is_restored_on_a_new_server_with_no_database_yet(scheme, new_server, tmp_path):
    assert icv(scheme, "suites", "add", "Keyham Lane").exit_code == 0
    file = tmp_path / "icv.backup"
    assert icv(scheme, "backup", str(file)).exit_code == 0
    (tmp_path / "new-server").mkdir()
    app = create_app({**TEST_CONFIG, "DATABASE_URL": new_server})
    restored = icv(app, "restore", "--yes", str(file))
    assert restored.exit_code == 0, restored.output
    assert migrate.current(app) == migrate.head(app)
    assert everything(app) == everything(scheme)
    app.extensions["icv.engine"].dispose()


def refused(app, file, message):
    result = icv(app, "restore", "--yes", str(file))
    assert result.exit_code == 1
    assert message in result.output
    assert isinstance(result.exception, SystemExit)  # said, not a traceback


def test_a_file_that_is_not_a_backup_of_this_kind_is_refused(scheme, tmp_path):
    kind = backup._database(scheme)
    other = next(
        k for k in (backup.SQLiteDatabase, backup.PostgreSQLDatabase) if k is not type(kind)
    )
    taken = everything(scheme)
    junk = tmp_path / "notes.txt"
    junk.write_text("Not a backup")
    refused(scheme, junk, "notes.txt is not a backup made by `icv backup`")
    foreign = tmp_path / "other.backup"
    foreign.write_bytes(other.header + b"\x00" * 100)
    refused(
        scheme,
        foreign,
        f"is a backup of a {other.kind} database, and this icv's database is {kind.kind}",
    )
    damaged = tmp_path / "damaged.backup"
    assert icv(scheme, "backup", str(damaged)).exit_code == 0
    damaged.write_bytes(damaged.read_bytes()[:3000])
    refused(scheme, damaged, "damaged.backup")
    assert everything(scheme) == taken


def test_a_backup_of_a_newer_icv_is_refused(scheme, tmp_path):
    engine = scheme.extensions["icv.engine"]
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
    file = tmp_path / "newer.backup"
    assert icv(scheme, "backup", str(file)).exit_code == 0
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE alembic_version SET version_num = :head"), {"head": migrate.head(scheme)}
        )
    refused(scheme, file, "was taken at migration 0099_future, which this icv does not know")
    assert migrate.current(scheme) == migrate.head(scheme)


def test_a_backup_that_fails_leaves_the_file_it_would_replace_as_it_was(
    scheme, tmp_path, monkeypatch
):
    file = tmp_path / "backups" / "icv.backup"
    file.parent.mkdir()
    file.write_text("yesterday's backup")

    def fail_half_way(self, partial):
        partial.write_bytes(b"half a backup")
        raise backup.BackupError("the disk is full")

    monkeypatch.setattr(type(backup._database(scheme)), "back_up", fail_half_way)
    result = icv(scheme, "backup", str(file))
    assert result.exit_code == 1
    assert "Error: the disk is full" in result.output
    assert file.read_text() == "yesterday's backup"
    assert [path.name for path in file.parent.iterdir()] == ["icv.backup"]


def test_a_postgresql_address_is_given_to_its_tools_in_libpqs_form_without_the_password():
    app = create_app(
        {
            **TEST_CONFIG,
            "DATABASE_URL": "postgresql+psycopg://icv:s3cret@db.example.org:5433/icv?sslmode=require",
        }
    )
    database = backup.PostgreSQLDatabase(app)
    assert database.address == "postgresql://icv@db.example.org:5433/icv?sslmode=require"
    assert database.environment["PGPASSWORD"] == "s3cret"
    with pytest.raises(backup.BackupError, match="not-a-tool is not on PATH: install"):
        backup._tool("not-a-tool")


def test_a_sqlite_backup_taken_while_the_app_writes_is_consistent(tmp_path):
    """Each change the writer makes adds two suites in one transaction; every backup taken
    meanwhile holds both of a pair or neither, and reads as a whole database."""
    app = create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite'}"})
    migrate.upgrade(app)
    engine = app.extensions["icv.engine"]
    stop, written = threading.Event(), []

    def write():
        number = 0
        while not stop.is_set():
            number += 1
            with engine.begin() as connection:
                connection.execute(insert(Suite).values(name=f"A {number}", active=True))
                connection.execute(insert(Suite).values(name=f"B {number}", active=True))
            written.append(number)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        copies = []
        for number in range(5):
            while len(written) < 20 * (number + 1):
                stop.wait(0.01)
            file = tmp_path / f"copy-{number}.sqlite"
            assert icv(app, "backup", str(file)).exit_code == 0
            copies.append(file)
    finally:
        stop.set()
        writer.join()
    for file in copies:
        with sqlite3.connect(file) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            names = {name for (name,) in copy.execute("SELECT name FROM suites")}
        pairs = {name.split()[1] for name in names}
        assert names == {f"{side} {number}" for number in pairs for side in "AB"}
        assert len(pairs) >= 20
    assert len(written) > max(len(pairs) for _ in copies)  # the writer carried on meanwhile
    engine.dispose()


def test_a_backup_damaged_after_it_was_written_is_refused_and_changes_nothing(scheme, tmp_path):
    """Stranger review: four bytes overwritten inside a SQLite backup's rows passed SQLite's
    own check, were restored, and pages then failed on the text they broke."""
    assert icv(scheme, "demo").exit_code == 0
    file = tmp_path / "damaged.backup"
    assert icv(scheme, "backup", str(file)).exit_code == 0
    taken = everything(scheme)
    data = bytearray(file.read_bytes())
    sqlite = isinstance(backup._database(scheme), backup.SQLiteDatabase)
    for damage in ("in a row", "in a table's definition"):
        broken = bytearray(data)
        if sqlite:  # a detainee's reason; the first time the words are written, a column's name
            find = broken.rfind if damage == "in a row" else broken.find
            at = find(b"with_legal_adviser") + 5
        else:  # pg_dump's custom format is compressed: anywhere in it
            at = len(broken) // (2 if damage == "in a row" else 3)
        broken[at : at + 4] = b"\xff\xff\xff\xff"
        file.write_bytes(bytes(broken))
        result = icv(scheme, "restore", "--yes", str(file))
        assert result.exit_code == 1, damage
        if sqlite:
            assert "damaged.backup is damaged: what it holds is not" in result.output, damage
        assert everything(scheme) == taken
