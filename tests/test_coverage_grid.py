"""The coverage grid shows each suite week by week, and its visited, missed and closed weeks
agree with the statistics' weekly coverage of the same period."""

from datetime import date, timedelta

from icv import periods
from icv.models import ReportStatus, Role, SuiteClosure, VolunteerRecord
from icv.reporting import coverage_grid, statistics
from tests import factories
from tests.conftest import page_text

PERIOD = periods.parse("2016/17 Q4")  # 2 January to 2 April 2017: 13 weeks


def visits_and_closures(db):
    beaumont = factories.create_suite(db, "Beaumont Leys")
    keyham = factories.create_suite(db, "Keyham Lane")
    euston = factories.create_suite(db, "Euston Street")
    db.add(
        SuiteClosure(
            suite_id=beaumont.id,
            starts_on=date(2017, 1, 1),
            ends_on=date(2017, 1, 18),
            reason="Refurbishment",
        )
    )
    db.commit()
    monday = date(2017, 1, 2)
    for week in range(13):
        day = monday + timedelta(weeks=week, days=week % 7)
        if week % 3:
            factories.create_visit(db, keyham, day)
        if week % 2:
            factories.create_visit(db, euston, day)
            factories.create_visit(db, euston, day + timedelta(days=1 if week % 7 < 6 else -1))
        if week > 5:
            factories.create_visit(db, beaumont, day)
    factories.create_visit(db, keyham, monday, status=ReportStatus.DRAFT)  # never counted
    factories.create_visit(db, euston, date(2017, 4, 3))  # the week after the period
    return beaumont, keyham, euston


def test_the_grid_agrees_with_the_statistics_weekly_coverage(db):
    visits_and_closures(db)
    grid = coverage_grid.grid(db, PERIOD, today=date(2017, 6, 1))
    figures = {row["name"]: row for row in statistics.compute(db, PERIOD)["suites"]}
    assert [row.name for row in grid.suites] == ["Beaumont Leys", "Euston Street", "Keyham Lane"]
    assert len(grid.mondays) == 13
    for row in grid.suites:
        expected = figures[row.name]
        assert row.count("visited") == expected["weeks_visited"], row.name
        assert row.count("missed") == expected["weeks_missed"], row.name
        assert row.count("closed") == expected["weeks_closed"], row.name
    beaumont = grid.suites[0]
    assert beaumont.cells[:2] == ["closed", "closed"]  # closed 1 to 18 January: two whole weeks
    assert beaumont.cells[2] == "missed"  # open from Thursday 19 January, and not visited


def test_weeks_not_yet_ended_are_planned_or_to_come(db, runner):
    keyham = factories.create_suite(db, "Keyham Lane")
    for number in range(1, 4):
        person = factories.create_person(db, Role.VOLUNTEER, name=f"Volunteer {number}")
        db.get(VolunteerRecord, person.id).joined_on = date(2016, 1, 1)
    db.commit()
    assert runner.invoke(args=["rota", "plan", "2016/17 Q4", "--seed", "1"]).exit_code == 0
    grid = coverage_grid.grid(db, PERIOD, today=date(2017, 2, 1))
    assert grid.suites[0].cells[3:5] == ["missed", "to_come"]  # a draft is not a plan yet
    runner.invoke(args=["rota", "publish", "2016/17 Q4"])
    factories.create_visit(db, keyham, date(2017, 2, 2))
    grid = coverage_grid.grid(db, PERIOD, today=date(2017, 2, 1))
    assert grid.suites[0].cells[3:6] == ["missed", "visited_so_far", "planned"]


def test_the_coordinator_reads_the_grid_and_a_bad_period_is_a_message(client, db, login_as):
    visits_and_closures(db)
    login_as(Role.COORDINATOR)
    text = page_text(client.get("/rota/coverage?period=2016/17 Q4"))
    assert "Coverage: 2016/17 Q4" in text
    assert "Beaumont Leys : 7 visited, 4 missed, 2 closed" in text
    bad = client.get("/rota/coverage?period=sometime")
    assert bad.status_code == 200
    assert "Enter a period like" in page_text(bad)


def test_the_grid_agrees_with_the_statistics_while_the_period_is_in_progress(db):
    _, _, euston = visits_and_closures(db)
    for starts_on, ends_on in (
        (date(2017, 1, 23), date(2017, 1, 25)),
        (date(2017, 1, 26), date(2017, 1, 29)),
    ):
        db.add(
            SuiteClosure(suite_id=euston.id, starts_on=starts_on, ends_on=ends_on, reason="Flood")
        )
    db.commit()
    today = date(2017, 2, 8)  # a Wednesday: five weeks of the quarter have ended
    grid = coverage_grid.grid(db, PERIOD, today=today)
    stats = statistics.compute(db, PERIOD, today=today)
    assert stats["complete"] is False
    figures = {row["name"]: row for row in stats["suites"]}
    for row in grid.suites:
        expected = figures[row.name]
        assert expected["weeks_elapsed"] == 5
        assert row.count("visited") == expected["weeks_visited"], row.name
        assert row.count("missed") == expected["weeks_missed"], row.name
        assert row.count("closed") == expected["weeks_closed"], row.name
    euston_row = next(row for row in grid.suites if row.name == "Euston Street")
    # Closed 23 to 25 and 26 to 29 January: the week of the 23rd is closed, once.
    assert euston_row.cells[3] == "closed"
    keyham = next(row for row in grid.suites if row.name == "Keyham Lane")
    assert keyham.cells[5] == "visited_so_far"  # the week of 6 February has a visit, not over
