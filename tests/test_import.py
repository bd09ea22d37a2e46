"""Importing past visits from CSV: all or nothing, every bad line named, on the console and on
the coordinator's upload page."""

import io

import pytest
from sqlalchemy import func, select

from icv.models import (
    AuditEvent,
    DetaineeEntry,
    ReportStatus,
    Role,
    Suite,
    Visit,
    VisitSource,
    VisitVisitor,
)
from icv.services import imports
from tests import factories
from tests import llr_2016_17 as llr
from tests.conftest import page_text

HEADER = llr.HEADER


def count(db, model):
    return db.scalar(select(func.count()).select_from(model))


def run_import(db, text, **kwargs):
    """The import as `icv import visits` runs it: one unit of work, rolled back if it fails."""
    with db.info["app"].app_context():
        try:
            result = imports.import_visits(db, None, text.encode(), **kwargs)
        except Exception:
            db.rollback()
            raise
        db.commit()
        return result


def test_a_good_file_is_imported_as_reviewed_visits_with_anonymous_detainees(db):
    factories.create_suite(db, "Keyham Lane")
    volunteer = factories.create_person(db, name="Margaret Ashby", email="margaret@example.org")
    text = (
        f"{HEADER}\n"
        "2016-04-05,keyham lane,10:02,10:09,,MARGARET@example.org;Walter Gone,2,1,3,0\n"
        "2016-04-12,Keyham Lane,,,4,margaret ashby,0,0,0,0\n"
    )
    result = run_import(db, text)
    assert (result.visits, result.detainees, result.suites_created) == (2, 6, [])
    first, second = db.scalars(select(Visit).order_by(Visit.visit_date)).all()
    assert first.source is VisitSource.IMPORT and first.status is ReportStatus.REVIEWED
    assert first.wait_minutes == 7 and second.wait_minutes == 4
    assert first.suite.name == "Keyham Lane"
    assert [(v.person_id, v.name) for v in first.visitors] == [
        (volunteer.id, "Margaret Ashby"),
        (None, "Walter Gone"),
    ]
    assert first.lead_id == volunteer.id
    assert [(v.person_id, v.name) for v in second.visitors] == [(volunteer.id, "Margaret Ashby")]
    assert sorted(d.outcome.value for d in first.detainees) == [
        "accepted",
        "accepted",
        "declined",
        "not_available",
        "not_available",
        "not_available",
    ]
    assert all(d.custody_number is None and d.age_group is None for d in first.detainees)
    [event] = db.scalars(select(AuditEvent).where(AuditEvent.action == "visits_imported")).all()
    assert event.after["visits"] == 2 and event.after["detainees"] == 6


def test_suites_are_created_only_when_asked(db):
    text = f"{HEADER}\n2016-04-05,Euston Street,,,0,,1,0,0,0\n"
    with pytest.raises(imports.ImportRefused) as refused:
        run_import(db, text)
    assert refused.value.bad_lines[0].message == (
        "Line 2: no suite is called “Euston Street” (add it first, or create suites)"
    )
    assert count(db, Suite) == 0
    result = run_import(db, text, create_suites=True)
    assert result.suites_created == ["Euston Street"]
    assert db.scalar(select(Suite.name)) == "Euston Street"


BAD_FILE = (
    f"{HEADER}\n"
    "2016-04-05,Keyham Lane,10:00,10:05,,,1,0,0,0\n"  # line 2: good
    "2016-13-01,Keyham Lane,10:00,10:05,,,1,0,0,0\n"  # line 3: no such month
    "2016-04-06,,10:00,9:05,,,1,0,0,0\n"  # line 4: no suite; admitted before arrived
    "2016-04-07,Keyham Lane,,,,,1,0,0,0\n"  # line 5: no wait at all
    "2016-04-08,Keyham Lane,10:00,10:05,9,,x,-1,,2\n"  # line 6: wait disagrees; bad counts
    "\n"  # line 7: blank, skipped
    '2016-04-09,"Keyham\nLane",noon,,5,,1,0,0,0\n'  # lines 8-9: unknown suite; bad time
    "2016-04-10,Keyham Lane,10:00\n"  # line 10: too few columns
    "2016-04-11,Keyham Lane,10:00,10:05,,A;B,0,0,0,0\n"  # line 11: good
)


def test_a_file_with_bad_rows_writes_nothing_and_names_every_bad_line(db):
    factories.create_suite(db, "Keyham Lane")
    before = (count(db, Visit), count(db, DetaineeEntry), count(db, VisitVisitor))
    with pytest.raises(imports.ImportRefused) as refused:
        run_import(db, BAD_FILE)
    messages = [bad.message for bad in refused.value.bad_lines]
    assert [bad.line for bad in refused.value.bad_lines] == [3, 4, 5, 6, 8, 10]
    assert messages[0] == (
        "Line 3: date “2016-13-01” is not a real date written YYYY-MM-DD, like 2016-04-01"
    )
    assert messages[1] == "Line 4: suite is empty; admitted 9:05 is before arrived 10:00"
    assert messages[2] == (
        "Line 5: arrived and admitted are empty: give both times, or wait_minutes"
    )
    assert (
        "wait_minutes 9 does not match arrived 10:00 and admitted 10:05 (5 minutes)"
        in (messages[3])
    )
    assert "accepted “x” is not a whole number 0 or more" in messages[3]
    assert "declined “-1” is not a whole number 0 or more" in messages[3]
    assert "not_available is empty (write 0 if there were none)" in messages[3]
    assert "arrived “noon” is not a time written HH:MM" in messages[4]
    assert messages[5] == "Line 10: has 3 columns, the header has 10"
    assert (count(db, Visit), count(db, DetaineeEntry), count(db, VisitVisitor)) == before
    assert count(db, AuditEvent) == 1  # only the suite being added, before the import


def test_an_unknown_suite_is_reported_with_the_other_bad_lines(db):
    with pytest.raises(imports.ImportRefused) as refused:
        run_import(db, f"{HEADER}\n2016-04-05,Nowhere,,,1,,0,0,0,0\n2016-04-05,,,,1,,0,0,0,0\n")
    assert [bad.line for bad in refused.value.bad_lines] == [2, 3]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("date,suite\n2016-04-05,Keyham Lane\n", "the header has no column arrived, admitted"),
        (HEADER + ",notes\n", "the header has unknown columns notes"),
        (HEADER + "\n", "the file has no visits in it"),
    ],
)
def test_a_file_that_is_not_a_file_of_visits_is_refused(db, text, message):
    with pytest.raises(imports.ImportRefused) as refused:
        run_import(db, text)
    assert message in refused.value.bad_lines[0].message
    assert refused.value.bad_lines[0].line == 1


def test_icv_import_visits_imports_the_145_visits(runner, db, tmp_path):
    path = tmp_path / "llr-2016-17.csv"
    path.write_text(llr.csv_text())
    result = runner.invoke(args=["import", "visits", str(path), "--create-suites"])
    assert result.exit_code == 0, result.output
    assert (
        "Imported 145 visits with 1,083 detainees, from 1 April 2016 to 31 March 2017."
        in result.output
    )
    assert "Suites added: Beaumont Leys, Keyham Lane, Euston Street" in result.output
    assert count(db, Visit) == 145
    assert [s.name for s in db.scalars(select(Suite).order_by(Suite.id))] == list(llr.SUITES)


def test_icv_import_visits_with_bad_lines_exits_1_and_writes_nothing(runner, db, tmp_path):
    factories.create_suite(db, "Keyham Lane")
    path = tmp_path / "bad.csv"
    path.write_text(BAD_FILE)
    result = runner.invoke(args=["import", "visits", str(path)])
    assert result.exit_code == 1
    assert "bad.csv: Line 3: date “2016-13-01”" in result.output
    assert "bad.csv: Line 10: has 3 columns" in result.output
    assert "Nothing was imported: 6 bad lines." in result.output
    assert count(db, Visit) == 0


def test_one_bad_row_among_145_good_ones_writes_none_of_them(db):
    bad = {name: "" for name in HEADER.split(",")} | {"date": "2016-04-31", "suite": "Keyham Lane"}
    with pytest.raises(imports.ImportRefused) as refused:
        run_import(db, llr.csv_text([bad]), create_suites=True)
    assert [line.line for line in refused.value.bad_lines] == [147]
    assert count(db, Visit) == 0
    assert count(db, Suite) == 0


def test_the_coordinator_uploads_a_file_and_sees_what_was_imported(client, db, login_as):
    login_as(Role.COORDINATOR)
    assert "Import past visits" in page_text(client.get("/reports/import"))
    response = client.post(
        "/reports/import",
        data={
            "file": (io.BytesIO(llr.csv_text().encode()), "llr.csv"),
            "create_suites": "y",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    text = page_text(client.get(response.location))
    assert "Imported 145 visits with 1,083 detainees, from 1 April 2016 to 31 March 2017." in text
    assert count(db, Visit) == 145


def test_an_upload_with_bad_lines_lists_each_in_the_error_summary(client, db, login_as):
    login_as(Role.COORDINATOR)
    factories.create_suite(db, "Keyham Lane")
    response = client.post(
        "/reports/import",
        data={"file": (io.BytesIO(BAD_FILE.encode()), "bad.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = page_text(response)
    assert text.startswith("Error: Import past visits")
    assert "There is a problem" in text
    for line in (3, 4, 5, 6, 8, 10):
        assert f"Line {line}:" in text
    assert html.count('href="#file"') >= 6
    assert count(db, Visit) == 0


def test_an_upload_without_a_file_asks_for_one(client, db, login_as):
    login_as(Role.COORDINATOR)
    response = client.post("/reports/import", data={})
    assert "Select a CSV file of visits" in page_text(response)


@pytest.mark.postgresql
def test_on_postgresql_a_failure_while_writing_leaves_nothing_behind(db, monkeypatch):
    """All or nothing holds on the database too: a row the database refuses part way through
    the write takes every earlier row of the file with it."""
    factories.create_suite(db, "Keyham Lane")
    real_write = imports._write

    def write_then_fail(session, *args):
        result = real_write(session, *args)
        session.execute(select(func.cast("not a number", Visit.wait_minutes.type)))
        return result

    monkeypatch.setattr(imports, "_write", write_then_fail)
    with pytest.raises(Exception, match="invalid input syntax"):
        run_import(db, f"{HEADER}\n2016-04-05,Keyham Lane,,,1,,1,1,1,1\n")
    assert count(db, Visit) == 0
    assert count(db, DetaineeEntry) == 0


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("2016-04-05,Keyham Lane,,,4,,150,50,1,0", "the counts add up to 201 detainees"),
        ("2016-04-05,Keyham Lane,,,4,,201,0,0,0", "accepted 201 is more than 200"),
        ("2016-04-05,Keyham Lane,,,99999,,1,0,0,0", "wait_minutes 99999 is more than 1,439"),
        ("2016-04-05,Keyham Lane,,,4,Ann\x00Bob,1,0,0,0", "has a control character"),
        ("2016-04-05,Keyham Lane,,,4," + ";".join(["A"] * 11) + ",1,0,0,0", "at most 10"),
        ("3016-04-05,Keyham Lane,,,4,,1,0,0,0", "date 3016-04-05 is not a year of visits"),
    ],
)
def test_a_row_is_bounded_as_a_visit_is(db, row, problem):
    factories.create_suite(db, "Keyham Lane")
    with pytest.raises(imports.ImportRefused) as refused:
        run_import(db, f"{HEADER}\n{row}\n")
    assert problem in refused.value.bad_lines[0].message
    assert count(db, Visit) == 0


def test_a_file_counts_at_most_a_million_detainees(db, monkeypatch):
    factories.create_suite(db, "Keyham Lane")
    monkeypatch.setattr(imports, "MOST_DETAINEES_A_FILE", 5)
    with pytest.raises(imports.ImportRefused) as refused:
        run_import(db, f"{HEADER}\n2016-04-05,Keyham Lane,,,4,,3,3,0,0\n")
    assert "the file counts 6 detainees" in refused.value.bad_lines[0].message


def test_a_suite_is_found_by_its_name_in_any_case_and_alphabet(db):
    factories.create_suite(db, "Ärztehaus")
    result = run_import(db, f"{HEADER}\n2016-04-05,ärztehaus,,,4,,1,0,0,0\n")
    assert result.visits == 1 and result.suites_created == []


def test_a_file_saved_as_unicode_text_is_read(db):
    factories.create_suite(db, "Keyham Lane")
    with db.info["app"].app_context():
        result = imports.import_visits(
            db, None, f"{HEADER}\n2016-04-05,Keyham Lane,,,4,,1,0,0,0\n".encode("utf-16")
        )
    assert result.visits == 1
