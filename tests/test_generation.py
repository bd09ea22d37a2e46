"""What a request need not read again while the database is unchanged (icv.db.Generation,
icv.kept): the signed-in person, a volunteer's home and the session cookie's contents. Each is
read again the moment anything is written, by this process or by another, so nothing shown is
ever out of date and nobody signed out stays signed in.

The changes here are made through a connection of their own that really commits, as another
process (an `icv` command, a second `icv serve`) would: on a SQLite file, or on a PostgreSQL
database made for the test beside ICV_TEST_DATABASE_URL (which has no generation, so there
the rows are read at every request: the same pages must come out)."""

import mmap
import sqlite3
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text

from icv.db import make_engine
from icv.models import Role
from icv.services import suites
from tests import conftest as databases
from tests import factories
from tests.conftest import page_text, sign_in

BROWSER = {"Sec-Fetch-Site": "same-origin"}


@pytest.fixture
def sqlite_engine(tmp_path):
    """An engine of the app's kind on a SQLite file with one table, whatever the test pass."""
    engine = make_engine(f"sqlite:///{tmp_path / 'generation.sqlite'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY, words TEXT)")
    yield engine
    engine.dispose()


def test_reading_leaves_the_generation_as_it_is(sqlite_engine):
    generation = sqlite_engine.icv_generation
    before = generation()
    for _ in range(3):
        with sqlite_engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM notes")).scalar()
            connection.rollback()
    assert generation() == before


def test_a_commit_by_another_connection_or_process_is_a_new_generation(sqlite_engine, tmp_path):
    generation = sqlite_engine.icv_generation
    first = generation()
    with sqlite_engine.begin() as connection:  # another connection of this process
        connection.execute(text("INSERT INTO notes (words) VALUES ('one')"))
    second = generation()
    other = sqlite3.connect(tmp_path / "generation.sqlite")  # as another process would
    other.execute("INSERT INTO notes (words) VALUES ('two')")
    other.commit()
    other.close()
    third = generation()
    assert len({first, second, third}) == 3


def test_a_write_not_yet_committed_and_its_undoing_are_each_a_new_generation(sqlite_engine):
    generation = sqlite_engine.icv_generation
    with sqlite_engine.connect() as connection:
        before = generation()
        connection.execute(text("INSERT INTO notes (words) VALUES ('maybe')"))
        written = generation()
        connection.rollback()
        undone = generation()
    assert len({before, written, undone}) == 3


def test_a_database_in_memory_or_named_by_a_uri_has_no_generation(tmp_path):
    for url in ("sqlite://", f"sqlite:///file:{tmp_path / 'uri.sqlite'}?mode=rwc&uri=true"):
        engine = make_engine(url)
        assert engine.icv_generation() is None
        engine.dispose()
    assert getattr(create_engine("sqlite://"), "icv_generation", None) is None


def test_the_generation_is_read_from_sqlites_wal_index_in_memory_not_by_a_query(sqlite_engine):
    """A query would let the server's other threads run while this one waits to go on."""
    generation = sqlite_engine.icv_generation
    first = generation()
    queries = []
    generation._reader.set_trace_callback(queries.append)
    assert generation() == first
    with sqlite_engine.begin() as connection:
        connection.execute(text("INSERT INTO notes (words) VALUES ('one')"))
    assert generation() != first
    assert queries == []
    assert isinstance(first[1], bytes)


def test_a_wal_index_header_being_rewritten_is_not_trusted(sqlite_engine, tmp_path):
    """A writer changes the header's second copy, then its first: while they differ, SQLite
    is asked (and, finding them different, puts the header right itself)."""
    generation = sqlite_engine.icv_generation
    before = generation()
    with (
        open(tmp_path / "generation.sqlite-shm", "r+b") as shm,
        mmap.mmap(shm.fileno(), 96) as header,
    ):
        header[52] ^= 1  # the second copy's padding
        queries = []
        generation._reader.set_trace_callback(queries.append)
        asked = generation()
    assert queries == ["PRAGMA data_version"]
    assert isinstance(asked[1], int)
    assert isinstance(generation()[1], bytes)
    with sqlite_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM notes")).scalar() == 0
    assert before != asked


def test_the_wal_index_stays_this_processs_while_another_commits_checkpoints_and_opens_it(
    sqlite_engine, tmp_path
):
    """Mapping the header must not drop the locks SQLite holds on the -shm file (closing any
    descriptor of a file drops them all): a process opening the database next would take the
    WAL-index for nobody's and build it again from an empty WAL, the same bytes as before a
    commit (review: the generation stayed the same and the engine read stale rows)."""
    path = tmp_path / "generation.sqlite"
    sqlite_engine.dispose()
    sqlite3.connect(path).close()  # the last to close: the WAL is emptied, as after a restart
    generation = sqlite_engine.icv_generation
    before = generation()
    for statements in (
        "INSERT INTO notes (words) VALUES ('elsewhere'); PRAGMA wal_checkpoint(TRUNCATE);",
        "SELECT count(*) FROM notes;",
    ):
        script = f"import sqlite3; sqlite3.connect({str(path)!r}).executescript({statements!r})"
        subprocess.run([sys.executable, "-c", script], check=True)
    assert generation() != before
    with sqlite_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM notes")).scalar() == 1


def test_before_the_database_is_in_wal_mode_sqlite_is_asked_and_then_its_header_read(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'new.sqlite'}")
    generation = engine.icv_generation
    first = generation()  # before the engine's first connection: a new file, not in WAL mode
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    second = generation()
    third = generation()
    engine.dispose()
    assert isinstance(first[1], int)
    assert isinstance(second[1], bytes)
    assert first != second == third


@pytest.fixture
def scheme(tmp_path):
    """An app on a database that commits, a volunteer with a report at Keyham Lane, signed in,
    and the database's address for changes made beside the app."""
    with databases.app_of_its_own(tmp_path / "kept.sqlite", "icv_kept") as (app, url):
        with app.app_context():
            session = app.extensions["icv.sessionmaker"]()
            session.info["app"] = app
            suite = suites.add_suite(session, None, "Keyham Lane")
            volunteer = factories._create_person(session, Role.VOLUNTEER, name="Ada Shepherd")
            session.flush()
            factories.create_report(session, volunteer, suite=suite, status="confirmed")
            session.commit()
            client = app.test_client()
            assert sign_in(client, session, volunteer).status_code == 302
            session.close()
        yield app, client, url


def elsewhere(url: str, statement: str):
    """A change committed by a connection of its own, not the app's."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(statement))
    engine.dispose()


def home(client):
    return client.get("/", headers=BROWSER)


def test_a_change_committed_by_another_process_shows_on_the_kept_home_at_once(scheme):
    _app, client, url = scheme
    assert "Keyham Lane" in page_text(home(client))
    assert "Keyham Lane" in page_text(home(client))  # kept
    elsewhere(url, "UPDATE suites SET name = 'Euston Road'")
    page = page_text(home(client))
    assert "Euston Road" in page and "Keyham Lane" not in page


def test_a_person_deactivated_by_another_process_is_signed_out_at_their_next_request(scheme):
    _app, client, url = scheme
    assert home(client).status_code == 200
    assert home(client).status_code == 200  # the person kept
    elsewhere(url, "UPDATE people SET active = false WHERE name = 'Ada Shepherd'")
    answer = home(client)
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/sign-in")


def test_a_password_changed_elsewhere_ends_the_session_though_the_person_was_kept(scheme):
    _app, client, url = scheme
    assert home(client).status_code == 200
    elsewhere(url, "UPDATE people SET session_token = 'rotated' WHERE name = 'Ada Shepherd'")
    answer = home(client)
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/sign-in")


def test_a_kept_session_cookie_still_expires_as_flask_says(scheme, monkeypatch):
    app, client, _url = scheme
    assert home(client).status_code == 200
    assert home(client).status_code == 200  # the cookie's contents kept
    lifetime = app.permanent_session_lifetime + timedelta(seconds=5)
    import icv.security

    later = icv.security.time.time() + lifetime.total_seconds()
    monkeypatch.setattr(icv.security.time, "time", lambda: later)
    answer = home(client)
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/sign-in")


def test_a_kept_session_cookie_changed_by_a_byte_is_refused(scheme):
    _app, client, _url = scheme
    assert home(client).status_code == 200
    cookie = client.get_cookie("icv_session", domain="icv.test").value
    tampered = cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB")
    client.set_cookie("icv_session", tampered, domain="icv.test")
    answer = home(client)
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/sign-in")


def test_a_change_committed_while_a_home_is_being_made_is_shown_at_the_next_request(
    scheme, monkeypatch
):
    """The review's race: the request has begun reading (the signed-in person) when another
    process commits; the page made from what the request sees is not kept as the new state."""
    import icv.home

    _app, client, url = scheme
    assert home(client).status_code == 200
    elsewhere(url, "UPDATE suites SET name = 'Keyham Lane'")  # the person is read again next
    making = icv.home.render_kept

    def renamed_meanwhile(*args, **kwargs):
        monkeypatch.setattr(icv.home, "render_kept", making)
        elsewhere(url, "UPDATE suites SET name = 'Euston Road'")
        return making(*args, **kwargs)

    monkeypatch.setattr(icv.home, "render_kept", renamed_meanwhile)
    assert home(client).status_code == 200  # either name is true for this request
    page = page_text(home(client))
    assert "Euston Road" in page and "Keyham Lane" not in page
