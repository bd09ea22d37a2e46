"""The quality-assurance evidence pack: volunteer numbers and turnover, training, visit
frequency per suite, time from visit to report and issue answer times, as XLSX; the
coordinator's alone, audited, never cached, and holding no detainee data."""

import io
from datetime import UTC, date, datetime

import openpyxl
import pytest
from sqlalchemy import select

from icv import periods
from icv.models import (
    AttendanceKind,
    AuditEvent,
    IssueStatus,
    Role,
    VolunteerAttendance,
    VolunteerRecord,
)
from icv.reporting import qa_pack, statistics
from tests import factories

YEAR = periods.parse("2025/26")


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def volunteer(db, name, joined, left=None):
    person = factories.create_person(db, name=name)
    record = db.get(VolunteerRecord, person.id)
    record.joined_on, record.left_on = joined, left
    record.training_completed_on = joined
    db.commit()
    return person


@pytest.fixture
def scheme(db):
    ashby = volunteer(db, "Margaret Ashby", date(2020, 1, 1))
    volunteer(db, "Rajesh Patel", date(2025, 5, 10))
    volunteer(db, "Helen Cartwright", date(2019, 6, 1), left=date(2025, 11, 15))
    volunteer(db, "David Okafor", date(2026, 6, 1))  # joins after the year
    volunteer(db, "Susan Whitmore", date(2018, 1, 1), left=date(2024, 1, 1))  # left before
    factories.create_person(db, Role.COORDINATOR)
    db.add_all(
        [
            VolunteerAttendance(
                person_id=ashby.id,
                kind=AttendanceKind.TRAINING,
                held_on=date(2025, 6, 1),
                title="Mental health awareness",
            ),
            VolunteerAttendance(
                person_id=ashby.id,
                kind=AttendanceKind.MEETING,
                held_on=date(2025, 9, 1),
                title="Quarterly meeting",
            ),
            VolunteerAttendance(
                person_id=ashby.id,
                kind=AttendanceKind.MEETING,
                held_on=date(2024, 12, 1),
                title="Before the year",
            ),
        ]
    )
    db.commit()
    keyham = factories.create_suite(db, "Keyham Lane")
    secret = {"outcome": "accepted", "welfare_notes": "SECRET WELFARE", "custody_number": "CN 999"}
    factories.create_visit(
        db,
        keyham,
        date(2025, 5, 1),
        submitted_at=at("2025-05-01", 20),
        detainees=[secret],
        issues=[
            _issue(2, "2025-05-02", "2025-05-05", date(2025, 5, 9)),
            _issue(2, "2025-05-02", "2025-05-12", date(2025, 5, 9)),
            _issue(1, "2025-05-02", "2025-05-03", date(2025, 5, 30)),
            {"level": 3, "area": "cctv"},
        ],
    )
    factories.create_visit(db, keyham, date(2025, 5, 8), submitted_at=at("2025-05-10"))
    factories.create_visit(db, keyham, date(2025, 5, 15), submitted_at=at("2025-05-25"))
    factories.create_visit(db, keyham, date(2025, 6, 3))  # imported: never submitted in icv
    # Made after midnight and filed at 00:30 in summer time, 23:30 UTC the day before: 0 days.
    factories.create_visit(db, keyham, date(2025, 7, 2), submitted_at=at("2025-07-01", 23))
    return keyham


def _issue(level, referred, responded, due) -> dict:
    return {
        "area": "cctv",
        "level": level,
        "status": IssueStatus.RESPONDED,
        "referred_at": at(referred),
        "responded_at": at(responded),
        "due_on": due,
    }


def sheets(content: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


def keyed(rows) -> dict:
    return {row[0]: row[1:] for row in rows[1:]}


def test_the_pack_counts_volunteers_and_their_turnover_by_quarter(app, db, scheme):
    with app.app_context():
        book = sheets(qa_pack.workbook(db, YEAR))
    assert list(book) == [
        "About",
        "Volunteer numbers",
        "Training",
        "Visit frequency",
        "Visits by month",
        "Visit to report",
        "Issue answer times",
    ]
    numbers = keyed(book["Volunteer numbers"])
    assert numbers["2025/26 Q1"] == (2, 1, 0, 3, 0)
    assert numbers["2025/26 Q2"] == (3, 0, 0, 3, 0)
    assert numbers["2025/26 Q3"] == (3, 0, 1, 2, 33)
    assert numbers["2025/26 Q4"] == (2, 0, 0, 2, 0)
    assert numbers["The whole of 2025/26"] == (2, 1, 1, 2, 50)


def test_the_training_sheet_names_each_volunteer_of_the_period(app, db, scheme):
    with app.app_context():
        training = keyed(sheets(qa_pack.workbook(db, YEAR))["Training"])
    assert list(training) == ["Helen Cartwright", "Margaret Ashby", "Rajesh Patel"]
    ashby = training["Margaret Ashby"]
    assert ashby[0] == "2020-01-01"  # joined
    assert ashby[6:] == (1, 1, "2025-06-01")  # training days, meetings, latest training
    assert training["Helen Cartwright"][1] == "2025-11-15"  # left


def test_visit_frequency_agrees_with_the_statistics_weekly_coverage(app, db, scheme):
    with app.app_context():
        frequency = keyed(sheets(qa_pack.workbook(db, YEAR))["Visit frequency"])
        stats = statistics.compute(db, YEAR)
    [suite] = stats["suites"]
    row = frequency["Keyham Lane"]
    assert row[:6] == (
        suite["visits"],
        suite["weeks"],
        suite["weeks_closed"],
        suite["weeks_visited"],
        suite["weeks_missed"],
        suite["weeks_visited_percent"],
    )
    assert row[0] == 5 and row[3] == 5
    assert row[6] == round(5 / suite["weeks"], 1)  # visits per open week
    assert row[7] == 0.4  # visits per month: 5 in 12 months


def test_time_from_visit_to_report_is_a_distribution_and_a_median(app, db, scheme):
    with app.app_context():
        report = keyed(sheets(qa_pack.workbook(db, YEAR))["Visit to report"])
    assert report["Reports filed"][0] == 4  # the imported visit has no submission
    assert report["The same day"] == (2, 50)
    assert report["The next day"] == (0, 0)
    assert report["2 to 3 days"] == (1, 25)
    assert report["8 to 14 days"] == (1, 25)
    assert report["Median days from visit to report"][0] == 1  # 0, 0, 2, 10


def test_issue_answer_times_by_level(app, db, scheme):
    with app.app_context():
        answers = keyed(sheets(qa_pack.workbook(db, YEAR))["Issue answer times"])
    # raised, referred, answered, answered by the due date, median days, longest days
    assert answers["Level 1 – easily fixed"] == (1, 1, 1, 1, 1.0, 1.0)
    assert answers["Level 2 – urgent"] == (2, 2, 2, 1, 6.5, 10.0)
    assert answers["Level 3 – unacceptable"] == (1, 0, 0, 0, None, None)
    assert answers["All levels"] == (4, 3, 3, 2, 3.0, 10.0)


def test_the_pack_holds_no_detainee_data(app, db, scheme):
    with app.app_context():
        book = sheets(qa_pack.workbook(db, YEAR))
    cells = [str(cell) for rows in book.values() for row in rows for cell in row if cell]
    assert not [cell for cell in cells if "SECRET" in cell or "CN 999" in cell]
    assert "No detainee details" in " ".join(cells)


def test_the_coordinator_downloads_it_audited_and_never_cached(client, db, login_as, scheme):
    coordinator = login_as(Role.COORDINATOR)
    response = client.get("/reports/qa-evidence.xlsx?period=2025/26")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "icv-qa-evidence-2025-26.xlsx" in response.headers["Content-Disposition"]
    assert keyed(sheets(response.data)["Volunteer numbers"])["2025/26 Q3"][2] == 1
    [event] = db.scalars(select(AuditEvent).where(AuditEvent.action == "qa_pack_downloaded")).all()
    assert event.actor_id == coordinator.id
    assert event.after == {"period": "2025/26"}
    assert client.get("/reports/qa-evidence.xlsx?period=nonsense").status_code == 404


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.FORCE])
def test_no_one_else_gets_the_pack(client, db, login_as, role):
    login_as(role)
    assert client.get("/reports/qa-evidence.xlsx?period=2025/26").status_code == 404


def test_icv_report_qa_writes_the_workbook(runner, db, scheme, tmp_path):
    path = tmp_path / "qa.xlsx"
    result = runner.invoke(args=["report", "qa", "2025/26", "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert keyed(sheets(path.read_bytes())["Volunteer numbers"])["2025/26 Q1"][1] == 1
    refused = runner.invoke(args=["report", "qa", "2025/27", "-o", str(path)])
    assert refused.exit_code == 1
    assert "is not a financial year" in refused.output


def test_a_range_is_counted_by_the_quarters_it_touches(app, db, scheme):
    period = periods.parse("2025-05-01..2025-08-31")
    with app.app_context():
        numbers = keyed(sheets(qa_pack.workbook(db, period))["Volunteer numbers"])
    assert list(numbers) == [
        "1 May 2025 to 30 June 2025",
        "1 July 2025 to 31 August 2025",
        "The whole of 1 May 2025 to 31 August 2025",
    ]
    assert numbers["1 May 2025 to 30 June 2025"][:4] == (2, 1, 0, 3)
