"""The database: declarative Base, one engine per app, one session per request on `g`.

The session is opened lazily by get_session() and closed at teardown, which rolls back
anything left uncommitted, so a request that fails half way never leaves a half-saved record.
"""

import itertools
import mmap
import os
import sqlite3
import sys
import threading
from datetime import UTC, datetime

from flask import current_app, g, has_app_context, has_request_context, request
from sqlalchemy import DateTime, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite keeps no zone, so without this a value read back would be naive and compare
    wrongly with datetime.now(UTC).
    """

    impl = DateTime(timezone=True)
    cache_ok = True
    python_type = datetime

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given; use datetime.now(UTC)")
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def make_engine(url: str):
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15})
        _configure_sqlite(engine)
        engine.icv_generation = Generation(engine)
        return engine
    # No server-side prepared statements: psycopg prepares a query run five times, and
    # PostgreSQL may then use a generic plan that ignores the dates asked for: the statistics
    # of ten years ran 2x slower that way.
    return create_engine(url, pool_pre_ping=True, connect_args={"prepare_threshold": None})


def _configure_sqlite(engine):
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Hand transaction control to SQLAlchemy (pysqlite's own BEGIN handling breaks
        # SAVEPOINT), then switch on what SQLite leaves off by default.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        # A transaction that will write takes the write lock as it begins (IMMEDIATE), so two
        # writers wait their turn (busy_timeout) instead of failing with "database is locked"
        # when a reader tries to become a writer. Pages that only read begin DEFERRED and read
        # alongside a writer, as WAL allows.
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _may_write() else "BEGIN")


class Generation:
    """What the database holds, as one value that changes whenever that may have changed: a
    page made from rows read after the value was taken is still true while the value stays
    the same (icv.kept). SQLite only.

    Two parts. What SQLite itself notes at every commit by any connection, in this process or
    in another (an `icv` command, a restore): the header of its WAL-index, the "-shm" file
    every connection to a database in WAL mode maps into memory, whose 48 bytes hold a count
    of transactions, the WAL's last frame and its checksum (https://sqlite.org/walformat.html,
    "The WAL-Index Header"). It is read from memory as SQLite's own readers read it, holding
    Python's lock between threads: a query (PRAGMA data_version, used where there is no such
    header) would let the other threads run and make this one wait its turn again, which
    cost a third of a busy home page's rate. And a count of this process's own writes, taken
    as each is sent, before it commits, and again when one is rolled back: so a page kept
    beside a write not yet committed, or one undone, is not taken for the committed state.
    The value also names the connection that keeps the header mapped (and so in place),
    which starts again when opened again (as in a forked process).

    A request's transaction notes the generation as it begins, before its first read fixes
    what it sees (generation(), below): rows read in it are of that generation or a later
    one, never an earlier one."""

    _opened = itertools.count(1)

    def __init__(self, engine):
        database = engine.url.database
        # A database in memory is each connection's own; one named with options (a URI) is
        # not opened here as the engine opens it: neither has a generation.
        in_file = database and database != ":memory:" and not engine.url.query
        self._path = database if in_file else None
        self._lock = threading.Lock()
        self._reader = self._pid = self._name = self._header = None
        self._writes = 0
        event.listen(engine, "before_cursor_execute", self._on_statement)
        event.listen(engine, "rollback", self._on_rollback)
        event.listen(engine, "rollback_savepoint", self._on_rollback)
        event.listen(engine, "commit", self._on_commit)
        event.listen(engine, "begin", self._on_begin)

    def __call__(self):
        """The generation now, or None where it cannot be known (an in-memory database)."""
        if self._path is None:
            return None
        if self._pid != os.getpid() or self._header is None:
            self._open()
        if self._header is not None:
            # Both copies, as SQLite reads them: a writer changes the second, then the first,
            # so two that differ are a commit being noted (ask SQLite, below).
            both = self._header[: WAL_INDEX_HEADER * 2]
            first = both[:WAL_INDEX_HEADER]
            if first == both[WAL_INDEX_HEADER:] and first[:4] == WAL_INDEX_VERSION:
                return (self._name, first, self._writes)
        with self._lock:
            (version,) = self._reader.execute("PRAGMA data_version").fetchone()
            return (self._name, version, self._writes)

    def _open(self):
        """The reading connection (again, in a forked process), and the WAL-index header it
        keeps in place, where the database is in WAL mode."""
        with self._lock:
            if self._pid != os.getpid():
                self._reader = sqlite3.connect(
                    self._path, isolation_level=None, check_same_thread=False
                )
                self._pid, self._name, self._header = os.getpid(), next(self._opened), None
            if self._header is None:
                self._header = self._map_header()

    def _map_header(self):
        self._reader.execute("PRAGMA data_version").fetchone()  # a read: maps the -shm file
        (mode,) = self._reader.execute("PRAGMA journal_mode").fetchone()
        if mode != "wal":
            return None  # not yet switched (icv.db's connections do) or never: ask SQLite
        return _wal_index_header(f"{self._path}-shm")

    def _wrote(self, connection):
        connection.info["icv_wrote"] = True
        with self._lock:
            self._writes += 1

    def _on_statement(self, connection, _cursor, statement, *_args):
        # Anything but a read counts as a write, DDL and ROLLBACK TO SAVEPOINT included.
        if not statement.lstrip()[:9].upper().startswith(_READS):
            self._wrote(connection)

    def _on_rollback(self, connection, *_args):
        if connection.info.get("icv_wrote"):
            self._wrote(connection)

    def _on_commit(self, connection):
        connection.info.pop("icv_wrote", None)

    def _on_begin(self, _connection):
        if has_request_context():
            g.icv_generation_at_begin = self()


# The WAL-index header: two copies of 48 bytes, each starting with its format's version in the
# machine's byte order (https://sqlite.org/walformat.html).
WAL_INDEX_HEADER = 48
WAL_INDEX_VERSION = (3007000).to_bytes(4, sys.byteorder)
# Descriptors of -shm files opened here, and their maps, are never closed: closing any
# descriptor of a file drops every POSIX lock the process holds on it, SQLite's own included,
# and another process would then take the WAL-index for nobody's and build it again from the
# WAL (stale pages, stale reads). SQLite keeps its own descriptors open for the same reason.
_SHM_DESCRIPTORS: dict[tuple[int, str], int] = {}
_SHM_MAPS: list[mmap.mmap] = []  # each map holds a copy of its descriptor


def _wal_index_header(shm_path: str) -> mmap.mmap | None:
    """The first 96 bytes of the -shm file, mapped read-only, or None where they cannot be."""
    key = (os.getpid(), shm_path)
    if key not in _SHM_DESCRIPTORS:
        try:
            _SHM_DESCRIPTORS[key] = os.open(shm_path, os.O_RDONLY)
        except OSError:
            return None
    try:
        header = mmap.mmap(_SHM_DESCRIPTORS[key], WAL_INDEX_HEADER * 2, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    _SHM_MAPS.append(header)
    return header


_READS = ("SELECT", "PRAGMA", "BEGIN", "SAVEPOINT", "RELEASE")


def generation():
    """The generation of what the request reads (Generation): the one its transaction began
    in, or, before it has begun one, the generation now. None where it is not known: on
    PostgreSQL, whose commits by other processes this one cannot see without a query."""
    reader = getattr(current_app.extensions["icv.engine"], "icv_generation", None)
    if reader is None:
        return None
    at_begin = g.get("icv_generation_at_begin") if has_request_context() else None
    return reader() if at_begin is None else at_begin


def writes(view):
    """Mark a view that writes though it is read with GET (it audits who read what), so that
    on SQLite its transaction takes the write lock as it begins, like a POST's."""
    view.icv_writes = True
    return view


def _may_write() -> bool:
    """A request that may change something (not GET, HEAD or OPTIONS, unless it takes back a
    post held over a sign-in, icv.held_posts, or its view `writes`), or an `icv` command run
    as a unit of work (icv.unit_of_work.command)."""
    if has_request_context():
        view = current_app.view_functions.get(request.endpoint)
        return (
            request.method not in ("GET", "HEAD", "OPTIONS")
            or "held" in request.args
            or getattr(view, "icv_writes", False)
        )
    return has_app_context() and g.get("icv_writes", False)


def init_app(app):
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["icv.engine"] = engine
    app.extensions["icv.sessionmaker"] = sessionmaker(bind=engine, expire_on_commit=False)
    app.teardown_appcontext(close_session)


def get_session() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions["icv.sessionmaker"]()
    return g.db_session


def close_session(_exc=None):
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def get_or_404(model, ident):
    """The record with this primary key, or a 404 page."""
    from flask import abort

    record = get_session().get(model, ident)
    if record is None:
        abort(404)
    return record
