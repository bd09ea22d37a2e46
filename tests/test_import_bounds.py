"""What an import of past visits may not do: count a visit twice when a file is imported again,
make a coordinator or force user the visitor of a visit, record a wait no visit report could,
or ask for work without bound (finding 14)."""

import io
import threading
from datetime import time

import pytest
from sqlalchemy import func, select

from icv import create_app, migrate
from icv.models import AuditEvent, DetaineeEntry, ImportedRow, Role, Visit
from icv.schemas.visit_reports import LONGEST_WAIT_MINUTES, MOST_DETAINEES, wait_minutes
from icv.services import import_file, imports, suites
from tests import factories
from tests import llr_2016_17 as llr
from tests.conftest import TEST_CONFIG, database_of_its_own, page_text, sign_in
from tests.test_import import HEADER, count, run_import


def row(wait="4", visitors="", counts="1,0,0,0", day="2016-04-05", times=",") -> str:
    return f"{day},Keyham Lane,{times},{wait},{visitors},{counts}"


def a_file(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


@pytest.fixture
def keyham(db):
    return factories.create_suite(db, "Keyham Lane")


# -- The wait ---------------------------------------------------------------------------------


def test_a_wait_is_at_most_the_longest_a_visit_report_can_record(db, keyham):
    assert wait_minutes(time(0, 0), time(23, 59)) == LONGEST_WAIT_MINUTES == 1439
    assert run_import(db, a_file(row(wait="1439"))).visits == 1
    for wait in ("1440", str(2**31), "9" * 40):
        with pytest.raises(imports.ImportRefused) as refused:
            run_import(db, a_file(row(wait=wait, day="2016-04-06")))
        assert f"wait_minutes {wait[:40]} is more than 1,439" in refused.value.bad_lines[0].message
    assert count(db, Visit) == 1


# -- Visitors ---------------------------------------------------------------------------------


def test_a_coordinator_or_force_user_named_by_email_is_refused_as_a_visitor(db, keyham):
    coordinator = factories.create_person(db, Role.COORDINATOR, email="sam@example.org")
    force = factories.create_person(db, Role.FORCE, email="claire@example.org")
    with pytest.raises(imports.ImportRefused) as refused:
        run_import(
            db,
            a_file(
                row(visitors=f"{force.email};Walter Gone"),
                row(visitors=f"Walter Gone;{coordinator.email.upper()}"),
            ),
        )
    assert [bad.message for bad in refused.value.bad_lines] == [
        "Line 2: the visitor claire@example.org is a force user, not a volunteer: "
        "only volunteers visit",
        "Line 3: the visitor SAM@EXAMPLE.ORG is a coordinator user, not a volunteer: "
        "only volunteers visit",
    ]
    assert count(db, Visit) == 0


def test_a_name_matches_only_a_volunteer_and_only_a_volunteer_leads(db, keyham):
    factories.create_person(db, Role.COORDINATOR, name="Sam Rivers")
    volunteer = factories.create_person(db, Role.VOLUNTEER, name="Ann Lee")
    factories.create_person(db, Role.FORCE, name="Ann Lee")  # a namesake in the force
    run_import(db, a_file(row(visitors="Sam Rivers;ann lee")))
    visit = db.scalars(select(Visit)).one()
    assert [(v.person_id, v.name) for v in visit.visitors] == [
        (None, "Sam Rivers"),
        (volunteer.id, "Ann Lee"),
    ]
    assert visit.lead_id is None


# -- Bounded work -----------------------------------------------------------------------------


def never_checked(monkeypatch):
    def check(*_):
        raise AssertionError("a row was checked")

    monkeypatch.setattr(import_file, "_check", check)


def test_a_file_over_two_megabytes_is_refused_before_any_row_is_read(db, keyham, monkeypatch):
    never_checked(monkeypatch)
    line = row(visitors="Margaret Ashby;Rajesh Patel;Walter Gone")
    text = a_file(*[line] * (import_file.MOST_BYTES // len(line) + 1))
    assert len(text.encode()) > 2 * 1024 * 1024
    with pytest.raises(imports.ImportRefused) as refused:
        run_import(db, text)
    assert refused.value.bad_lines[0].message.startswith(
        "Line 1: the file is more than 2 MB: a file may be at most 2 MB and 20,000 visits"
    )
    assert count(db, Visit) == 0


def test_a_file_of_more_than_20000_visits_is_refused_before_any_row_is_checked(
    db, keyham, monkeypatch
):
    never_checked(monkeypatch)
    with pytest.raises(imports.ImportRefused) as refused:
        run_import(db, a_file(*[row(counts="0,0,0,0")] * 20_001))
    assert [bad.message for bad in refused.value.bad_lines] == [
        "Line 20002: a file can hold at most 20,000 visits"
    ]
    assert count(db, Visit) == 0


def test_a_row_makes_at_most_as_many_detainees_as_a_visit_report_lists(db, keyham):
    # The finding: 100 rows of 4,000 detainees each made 400,000 entries from 4.5 KB.
    with pytest.raises(imports.ImportRefused) as refused:
        run_import(db, a_file(*[row(counts="1000,1000,1000,1000")] * 100))
    assert len(refused.value.bad_lines) == 100
    assert "accepted 1000 is more than 200" in refused.value.bad_lines[0].message
    assert MOST_DETAINEES == 200
    assert count(db, DetaineeEntry) == 0


def test_a_file_makes_at_most_100000_detainees(db, keyham):
    full = row(counts="50,50,50,50")  # 200 a visit, the most
    text = a_file(*[full.replace("04-05", f"04-{day:02d}") for day in range(1, 29)] * 18)
    with pytest.raises(imports.ImportRefused) as refused:
        run_import(db, text)
    assert refused.value.bad_lines[0].message == (
        "Line 1: the file counts 100,800 detainees: a file may count at most 100,000"
    )
    assert count(db, DetaineeEntry) == 0


def test_an_upload_too_big_is_said_beside_the_file_field(client, db, login_as, keyham):
    login_as(Role.COORDINATOR)
    line = row(visitors="Margaret Ashby;Rajesh Patel;Walter Gone")
    text = a_file(*[line] * (import_file.MOST_BYTES // len(line) + 1))
    response = client.post(
        "/reports/import",
        data={"file": (io.BytesIO(text.encode()), "big.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "a file may be at most 2 MB" in page_text(response)
    assert 'href="#file"' in response.get_data(as_text=True)
    assert count(db, Visit) == 0


# -- Importing again --------------------------------------------------------------------------


def test_the_same_file_imported_twice_counts_its_visits_once(runner, db, tmp_path):
    path = tmp_path / "llr.csv"
    path.write_text(llr.csv_text())
    first = runner.invoke(args=["import", "visits", str(path), "--create-suites"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(args=["import", "visits", str(path), "--create-suites"])
    assert again.exit_code == 0, again.output
    assert again.output == (
        "Already imported: the file's 145 visits were imported before, so nothing was added.\n"
    )
    assert (count(db, Visit), count(db, DetaineeEntry), count(db, ImportedRow)) == (145, 1083, 145)
    imported = db.scalars(select(AuditEvent).where(AuditEvent.action == "visits_imported")).all()
    assert len(imported) == 1  # nothing changed the second time


def test_a_spreadsheet_imported_again_with_rows_added_adds_only_those(db, keyham):
    first = [row(day="2016-04-05", times="10:02,10:09", wait=""), row(day="2016-04-12")]
    run_import(db, a_file(*first))
    # The same visits written another way (a time typed 10.02, a name in capitals) are the same.
    again = [
        row(day="2016-04-05", times="10.02,10.09", wait="7"),
        row(day="2016-04-12"),
        row(day="2016-04-19", visitors="Walter Gone"),
    ]
    result = run_import(db, a_file(*again))
    assert (result.visits, result.already_imported) == (1, 2)
    assert result.summary == (
        "Imported 1 visit with 1 detainee, from 19 April 2016 to 19 April 2016. "
        "2 rows were already imported and left out."
    )
    assert count(db, Visit) == 3


def test_two_identical_rows_are_two_visits_and_stay_two(db, keyham):
    twice = a_file(row(), row())
    assert run_import(db, twice).visits == 2
    assert run_import(db, twice).visits == 0
    assert run_import(db, a_file(row(), row(), row())).visits == 1  # a third that day
    assert count(db, Visit) == 3


def test_a_row_of_a_visit_deleted_since_can_be_imported_again(db, keyham):
    run_import(db, a_file(row()))
    db.delete(db.scalars(select(Visit)).one())
    db.commit()
    assert count(db, ImportedRow) == 0
    assert run_import(db, a_file(row())).visits == 1


def test_an_upload_of_a_file_already_imported_says_so(client, db, login_as):
    login_as(Role.COORDINATOR)
    for _ in range(2):
        response = client.post(
            "/reports/import",
            data={"file": (io.BytesIO(llr.csv_text().encode()), "llr.csv"), "create_suites": "y"},
            content_type="multipart/form-data",
        )
        assert response.status_code == 302
    text = page_text(client.get(response.location))
    assert "Already imported: the file's 145 visits were imported before" in text
    assert count(db, Visit) == 145


@pytest.fixture
def own_database(tmp_path):
    with database_of_its_own(tmp_path / "imports.sqlite", "icv_imports") as url:
        yield url


def test_one_file_uploaded_twice_at_once_is_imported_once(own_database):
    """A double click on Import visits: two requests at the same moment, each in its own
    thread and connection, on a database that really commits."""
    app = create_app({**TEST_CONFIG, "DATABASE_URL": own_database})
    migrate.upgrade(app)
    with app.app_context():
        session = app.extensions["icv.sessionmaker"]()
        suites.add_suite(session, None, "Keyham Lane")
        session.info["app"] = app
        coordinator = factories.create_person(session, Role.COORDINATOR, name="Sam Rivers")
        session.close()
    clients = [app.test_client(), app.test_client()]
    session = app.extensions["icv.sessionmaker"]()
    for client in clients:  # both signed in first, one after the other (a code is used once)
        assert sign_in(client, session, coordinator).headers["Location"] == "/"
        session.rollback()  # the next code is read afresh, after the one just taken
    session.close()
    text = a_file(*[row(day=f"2016-04-{day:02d}") for day in range(1, 29)]).encode()
    start, answers = threading.Barrier(2), []

    def upload(client):
        start.wait()
        response = client.post(
            "/reports/import",
            data={"file": (io.BytesIO(text), "april.csv")},
            content_type="multipart/form-data",
        )
        answers.append((response.status_code, page_text(client.get("/reports/import"))))

    threads = [threading.Thread(target=upload, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(status for status, _ in answers) == [302, 302]
    said = sorted("Already imported" in text for _, text in answers)
    assert said == [False, True]
    with app.extensions["icv.engine"].connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Visit)) == 28
        assert connection.scalar(select(func.count()).select_from(ImportedRow)) == 28
    app.extensions["icv.engine"].dispose()
