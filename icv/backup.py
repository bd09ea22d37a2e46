"""`icv backup FILE` and `icv restore FILE`: the whole database in one file, and back.

SQLite is copied through its online backup API in one step: a snapshot, consistent however
the app writes meanwhile (in WAL mode writers carry on while it is read), and restored the same
way into the live file, so no open connection is left holding a file that was replaced. SQLite
checks the structure of its pages but not the values in them, so the copy is sealed with a
digest of every row (table icv_backup_seal), checked before a restore: a file damaged after
it was written is refused, not restored. A PostgreSQL dump is sealed likewise, with the
digest of the file written after its end.
PostgreSQL is copied by pg_dump (its custom format, itself a snapshot) and restored by
pg_restore, whose script psql runs in one transaction after dropping every table in the
schema: the database is then exactly the backup, tables of later migrations included, or, if
anything fails, exactly as it was.

A backup holds personal data: it is written to a temporary file beside FILE, readable by its
owner only (0600), and renamed over FILE when whole, so FILE is never half written. A restore
leaves the database at the backup's migration revision; `icv db upgrade` brings it forward.
"""

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import quote

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url

from icv import migrate


class BackupError(click.ClickException):
    """Said as "Error: …", exit 1, with no traceback."""


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(file: Path):
    """Copy the whole database into FILE, while icv runs. FILE holds personal data: it is made
    readable by its owner only. Restore it with `icv restore FILE`."""
    database = _database(current_app)
    database.refuse_itself(file)
    with _written_atomically(file) as partial:
        database.back_up(partial)
        revision = database.revision_of(partial)  # it reads back, before it replaces FILE
    size = file.stat().st_size
    click.echo(f"Backed up the {database.kind} database, at migration {revision}, to {file}")
    click.echo(f"({size / 1024 / 1024:,.1f} MB, readable by its owner only)")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Restore without asking first")
@with_appcontext
def restore(file: Path, yes: bool):
    """Replace everything in the database with the backup FILE made by `icv backup`. The
    database is left at the backup's migration: run `icv db upgrade` afterwards."""
    database = _database(current_app)
    database.refuse_itself(file)
    revision = _checked(database, file)
    if not yes:
        click.confirm(
            f"Everything in the {database.kind} database {database.name} will be replaced by "
            f"the backup {file}, taken at migration {revision}. Restore it?",
            abort=True,
        )
    database.restore(file)
    _audited(file, revision)
    head = migrate.head(current_app)
    click.echo(f"Restored {file}: the database is at migration {revision}, as the backup was.")
    if revision == head:
        click.echo("That is this icv's own migration: there is nothing to upgrade.")
    else:
        click.echo(f"This icv is at migration {head}: run `icv db upgrade` before serving it.")


def _checked(database, file: Path) -> str:
    """The migration revision of the backup `file`, refused unless it is a whole backup of
    this kind of database that this icv can upgrade."""
    with file.open("rb") as opened:
        header = opened.read(16)
    if not header.startswith(database.header):
        for other in (SQLiteDatabase, PostgreSQLDatabase):
            if header.startswith(other.header):
                raise BackupError(
                    f"{file} is a backup of a {other.kind} database, and this icv's database "
                    f"is {database.kind}: restore a backup taken from a {database.kind} "
                    "database"
                )
        raise BackupError(f"{file} is not a backup made by `icv backup`")
    revision = database.revision_of(file)
    if not migrate.knows(current_app, revision):
        raise BackupError(
            f"{file} was taken at migration {revision}, which this icv does not know: it "
            "comes from a newer icv, and is restored by that version"
        )
    return revision


def _audited(file: Path, revision: str):
    """The restored audit trail says it was restored, from what, and when. (Its table is as
    the first migration made it, so this is written whatever the backup's revision.)"""
    from icv.services import audit

    with closing(current_app.extensions["icv.sessionmaker"]()) as session:
        after = {"file": file.name, "migration": revision}
        audit.record(session, None, "database_restored", ("database", None), after=after)
        session.commit()


def _database(app):
    url = make_url(app.config["DATABASE_URL"])
    if url.get_backend_name() == "sqlite":
        return SQLiteDatabase(app)
    if url.get_backend_name() == "postgresql":
        return PostgreSQLDatabase(app)
    raise BackupError(f"icv backs up SQLite and PostgreSQL, not {url.get_backend_name()}")


@contextmanager
def _written_atomically(file: Path):
    """A new file beside `file`, readable by its owner only, put in its place when the block
    ends and removed if it fails."""
    try:
        handle, name = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".partial", dir=file.parent)
    except OSError as error:
        raise BackupError(f"Cannot write in {file.parent or '.'}: {error.strerror}") from error
    os.close(handle)  # mkstemp made it 0600
    partial = Path(name)
    try:
        yield partial
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(partial, file)
    finally:
        partial.unlink(missing_ok=True)
    directory = os.open(file.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename, too, survives a power cut
    finally:
        os.close(directory)


class SQLiteDatabase:
    kind = "SQLite"
    header = b"SQLite format 3\x00"

    def __init__(self, app):
        self.engine = app.extensions["icv.engine"]
        database = self.engine.url.database
        if not database or database == ":memory:" or "mode=memory" in str(self.engine.url):
            raise BackupError("A database in memory cannot be backed up")
        self.path = Path(database)
        self.name = str(self.path)

    def refuse_itself(self, file: Path):
        if file.resolve() in {
            self.path.resolve().with_name(self.path.name + suffix)
            for suffix in ("", "-wal", "-shm")
        }:
            raise BackupError(f"{file} is the database itself: name another file")

    def back_up(self, partial: Path):
        if not self.path.is_file():  # (a restore may make it: a new server)
            raise BackupError(f"There is no database at {self.path}")
        with self._raw() as live, closing(sqlite3.connect(partial)) as copy:
            live.backup(copy)  # in one step: a snapshot, while writers carry on
            copy.execute("PRAGMA journal_mode=DELETE")  # the copy is one file, on its own
            copy.text_factory = bytes
            copy.execute(f"CREATE TABLE {SEAL} (digest TEXT NOT NULL)")
            copy.execute(f"INSERT INTO {SEAL} VALUES (?)", (_digest(copy),))  # noqa: S608
            copy.commit()

    def revision_of(self, file: Path) -> str:
        try:
            with closing(_read_only(file)) as copy:
                copy.text_factory = bytes  # a damaged text is a value to check, not an error
                if copy.execute("PRAGMA quick_check").fetchone()[0] != b"ok":
                    raise BackupError(f"{file} is damaged: SQLite's check of it fails")
                _check_seal(copy, file)
                has_revision = copy.execute(
                    "SELECT count(*) FROM sqlite_master WHERE name = 'alembic_version'"
                ).fetchone()[0]
                row = has_revision and copy.execute("SELECT version_num FROM alembic_version")
                revision = row and row.fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{file} cannot be read as a backup ({error})") from error
        except UnicodeDecodeError as error:  # a name in its tables' definitions is broken
            raise BackupError(DAMAGED.format(file=file)) from error
        if not revision:
            raise BackupError(f"{file} is a SQLite database but not a backup of icv")
        return revision[0].decode()

    def restore(self, file: Path):
        try:
            with closing(_read_only(file)) as copy, self._raw() as live:
                copy.backup(live)  # waits its turn for the write lock, then replaces every page
                live.execute(f"DROP TABLE IF EXISTS {SEAL}")  # the backup's, not the app's
        except sqlite3.DatabaseError as error:
            raise BackupError(f"The restore failed, and nothing was changed ({error})") from error
        self.engine.dispose()

    @contextmanager
    def _raw(self):
        """The app's own connection, with its settings (WAL, busy timeout)."""
        connection = self.engine.raw_connection()
        try:
            yield connection.driver_connection
        finally:
            connection.close()


SEAL = "icv_backup_seal"
DAMAGED = "{file} is damaged: what it holds is not what was backed up. Restore another backup"


def _digest(copy: sqlite3.Connection) -> str:
    """SHA-256 of every row of every table but the seal, table by table in name order."""
    digest = hashlib.sha256()
    tables = copy.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name != ? ORDER BY name",
        (SEAL,),
    ).fetchall()
    for (name,) in tables:  # bytes: the copy's text_factory
        table = name.decode()
        digest.update(name + b"\x00")
        rows = copy.execute(f'SELECT * FROM "{table}" ORDER BY rowid')  # noqa: S608
        for row in rows:
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _check_seal(copy: sqlite3.Connection, file: Path):
    """Refuse a backup whose rows are not those it was sealed with. One made before backups
    were sealed is taken as it is."""
    sealed = copy.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (SEAL,)
    ).fetchone()[0]
    if not sealed:
        return
    stored = copy.execute(f"SELECT digest FROM {SEAL}").fetchone()  # noqa: S608
    if stored is None or stored[0].decode() != _digest(copy):
        raise BackupError(DAMAGED.format(file=file))


PG_SEAL = b"ICVSEAL1"
PG_SEALED_LENGTH = len(PG_SEAL) + 64  # and the SHA-256 of what comes before, in hex


def _file_digest(file: Path, length: int) -> str:
    """SHA-256, in hex, of the first `length` bytes of `file`."""
    digest = hashlib.sha256()
    with file.open("rb") as opened:
        while length > 0 and (chunk := opened.read(min(length, 1 << 20))):
            digest.update(chunk)
            length -= len(chunk)
    return digest.hexdigest()


def _check_file_seal(file: Path):
    """Refuse a dump whose bytes are not those it was sealed with. One made before backups
    were sealed is taken as it is."""
    size = file.stat().st_size
    with file.open("rb") as opened:
        opened.seek(max(0, size - PG_SEALED_LENGTH))
        tail = opened.read()
    if not tail.startswith(PG_SEAL):
        return
    if _file_digest(file, size - len(tail)) != tail[len(PG_SEAL) :].decode(errors="replace"):
        raise BackupError(DAMAGED.format(file=file))


def _read_only(file: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{quote(str(file.resolve()))}?mode=ro", uri=True)


class PostgreSQLDatabase:
    kind = "PostgreSQL"
    header = b"PGDMP"

    def __init__(self, app):
        self.engine = app.extensions["icv.engine"]
        url = make_url(app.config["DATABASE_URL"])
        # libpq's form of the address; the password goes by the environment, not the command
        # line, where anyone on the machine could read it.
        self.address = URL.create(
            "postgresql", url.username, None, url.host, url.port, url.database, url.query
        ).render_as_string(hide_password=False)
        self.environment = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
        self.name = f"{url.database} on {url.host or 'localhost'}"

    def refuse_itself(self, file: Path):
        """A file is never the database itself."""

    def back_up(self, partial: Path):
        with partial.open("wb") as out:
            self._run(
                "pg_dump", "--format=custom", connect=True, stdout=out, failed="The backup failed"
            )
        # Sealed after its end, where pg_restore does not read: pg_restore does not notice
        # every damage to a dump (a broken byte in a definition it skips, say).
        digest = _file_digest(partial, partial.stat().st_size)
        with partial.open("ab") as out:
            out.write(PG_SEAL + digest.encode())

    def revision_of(self, file: Path) -> str:
        _check_file_seal(file)
        script = self._run(
            "pg_restore",
            "--data-only",
            "--table=alembic_version",
            "--file=-",
            file,
            failed=f"{file} cannot be read as a backup",
        )
        found = re.search(
            rb"^COPY \S*alembic_version \(version_num\) FROM stdin;\n(.+?)\n\\\.$", script, re.M
        )
        if not found:
            raise BackupError(f"{file} is a PostgreSQL backup but not a backup of icv")
        return found[1].decode()

    def restore(self, file: Path):
        with self.engine.connect() as connection:
            tables = connection.scalar(
                text(
                    "SELECT string_agg(format('%I.%I', schemaname, tablename), ', ') "
                    "FROM pg_tables WHERE schemaname = current_schema()"
                )
            )
        # Tables of later migrations are not in the backup, and would outlive it.
        drop = f"DROP TABLE IF EXISTS {tables} CASCADE" if tables else "SELECT 1"
        # The whole script first (a file only its owner reads, gone when closed), so a backup
        # that cannot be read to its end is never half restored.
        with tempfile.TemporaryFile() as script:
            self._run(
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--file=-",
                file,
                stdout=script,
                failed=f"{file} cannot be read to its end, and nothing was changed",
            )
            script.seek(0)
            self._run(
                "psql",
                "--no-psqlrc",
                "--quiet",
                "--single-transaction",
                "--set=ON_ERROR_STOP=1",
                f"--command={drop}",
                "--file=-",
                connect=True,
                stdin=script,
                failed="The restore failed, and nothing was changed",
            )
        self.engine.dispose()

    def _run(
        self, tool: str, *args, failed: str, connect=False, stdin=None, stdout=subprocess.PIPE
    ) -> bytes:
        """Run one of PostgreSQL's tools (on this database when `connect`); its output, or
        BackupError saying what `failed` and the tool's own words."""
        if connect:
            args = (*args, "--no-password", f"--dbname={self.address}")
        finished = subprocess.run(  # noqa: S603 (no shell; the tools found on PATH)
            [_tool(tool), *args],
            stdin=stdin,
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=self.environment,
            check=False,
        )
        if finished.returncode != 0:
            message = finished.stderr.decode(errors="replace").strip() or f"{tool} failed"
            raise BackupError(f"{failed}: {message}")
        return finished.stdout or b""


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not on PATH: install PostgreSQL's client tools (on Debian, the package "
            "postgresql-client), of the server's version or later"
        )
    return found
