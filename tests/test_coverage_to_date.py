"""Weekly coverage counts only the weeks that have ended: a week whose Sunday is today or later
is neither visited nor missed, and a period in progress says "to date"."""

from datetime import date, timedelta

import pytest

from icv import clock, periods
from icv.models import Role, SuiteClosure
from icv.reporting import coverage, exporters, figure_tables, narrative, statistics
from tests import factories
from tests.conftest import page_text

# Wednesday 25 November 2026, as in the issue: 2026/27 Q3 has 14 weeks (Monday 28 September
# to Sunday 3 January), of which the 8 up to Sunday 22 November have ended.
WEDNESDAY = date(2026, 11, 25)


@pytest.fixture
def today(monkeypatch):
    def frozen(day: date):
        monkeypatch.setattr(clock, "today", lambda: day)
        return day

    return frozen


def keyham_lane_q3(db):
    """Visits in 5 of the 8 ended weeks, and one on Monday 23 November, in a week not ended."""
    suite = factories.create_suite(db, "Keyham Lane")
    for monday in (date(2026, 9, 28), date(2026, 10, 5), date(2026, 10, 19), date(2026, 11, 2)):
        factories.create_visit(db, suite, monday + timedelta(days=3), wait_minutes=0)
    factories.create_visit(db, suite, date(2026, 11, 22), wait_minutes=0)  # a Sunday
    factories.create_visit(db, suite, date(2026, 11, 23), wait_minutes=0)  # this week
    return suite


def test_a_quarter_in_progress_counts_only_the_weeks_that_have_ended(db, today):
    keyham_lane_q3(db)
    today(WEDNESDAY)
    stats = statistics.compute(db, periods.parse("2026/27 Q3"))
    [suite] = stats["suites"]
    assert stats["complete"] is False
    assert suite["visits"] == 6  # every visit counts; only coverage waits for the week's end
    assert (suite["weeks"], suite["weeks_elapsed"]) == (14, 8)
    assert (suite["weeks_visited"], suite["weeks_missed"]) == (5, 3)
    assert suite["weeks_visited_percent"] == 63  # 5 of 8 is 62.5%, rounded half up


def test_a_week_ends_on_its_sunday_and_counts_from_the_monday_after(db, today):
    keyham_lane_q3(db)
    today(date(2026, 11, 29))  # Sunday: the week of 23 November has not ended
    [suite] = statistics.compute(db, periods.parse("2026/27 Q3"))["suites"]
    assert (suite["weeks_elapsed"], suite["weeks_visited"], suite["weeks_missed"]) == (8, 5, 3)
    today(date(2026, 11, 30))  # Monday: it has, and was visited
    [suite] = statistics.compute(db, periods.parse("2026/27 Q3"))["suites"]
    assert (suite["weeks_elapsed"], suite["weeks_visited"], suite["weeks_missed"]) == (9, 6, 3)


def test_a_period_not_yet_begun_has_no_weeks_to_count(db, today):
    keyham_lane_q3(db)
    today(WEDNESDAY)
    stats = statistics.compute(db, periods.parse("2026/27 Q4"))
    [suite] = stats["suites"]
    assert (suite["weeks"], suite["weeks_elapsed"], suite["weeks_missed"]) == (12, 0, 0)
    assert suite["weeks_visited_percent"] is None


def test_a_year_in_progress_no_longer_shows_52_weeks_and_says_to_date(db, today):
    keyham_lane_q3(db)
    today(WEDNESDAY)
    stats = statistics.compute(db, periods.parse("2026/27"))
    [suite] = stats["suites"]
    # Monday 30 March 2026 (the week of Thursday 2 April) to Sunday 22 November: 34 weeks.
    assert (suite["weeks"], suite["weeks_elapsed"], suite["weeks_missed"]) == (52, 34, 29)
    assert narrative.paragraphs(stats)[0].startswith(
        "During 2026/27 to date a total of 6 visits were made"
    )
    suites_table = next(t for t in figure_tables.tables(stats) if t.key == "suites")
    assert suites_table.columns[6] == "Weeks ended to date"
    assert suites_table.rows[0][6] == 34
    assert "Custody visiting statistics 2026/27 to date" in exporters.to_csv(stats)


def test_a_period_that_has_ended_is_complete_with_every_week_counted(db, today):
    keyham_lane_q3(db)
    today(date(2027, 1, 4))  # the Monday after the quarter's last week
    stats = statistics.compute(db, periods.parse("2026/27 Q3"))
    [suite] = stats["suites"]
    assert stats["complete"] is True
    assert (suite["weeks"], suite["weeks_elapsed"], suite["weeks_missed"]) == (14, 14, 8)
    assert "to date" not in narrative.text(stats)


def test_the_page_says_the_figures_are_to_date(client, db, login_as, today):
    keyham_lane_q3(db)
    today(WEDNESDAY)
    login_as(Role.COORDINATOR)
    text = page_text(client.get("/reports/?period=2026/27+Q3"))
    assert "Statistics for 2026/27 Q3 to date" in text
    assert "a week not yet ended is neither visited nor missed" in text
    finished = page_text(client.get("/reports/?period=2025/26+Q3"))
    assert "Statistics for 2025/26 Q3" in finished
    assert "2025/26 Q3 to date" not in finished
    assert "is not over yet" not in finished


@pytest.mark.parametrize(
    ("closures", "closed"),
    [
        # Monday to Wednesday, then Thursday to Sunday: together the whole week of 9 January.
        ([(date(2017, 1, 9), date(2017, 1, 11)), (date(2017, 1, 12), date(2017, 1, 15))], 1),
        # Overlapping: 9 to 22 January and 16 to 29 January close three weeks, not four.
        ([(date(2017, 1, 9), date(2017, 1, 22)), (date(2017, 1, 16), date(2017, 1, 29))], 3),
        # A day apart: the week of 9 January is open on Thursday 12th.
        ([(date(2017, 1, 9), date(2017, 1, 11)), (date(2017, 1, 13), date(2017, 1, 15))], 0),
    ],
)
def test_back_to_back_and_overlapping_closures_are_merged(db, closures, closed):
    suite = factories.create_suite(db, "Beaumont Leys")
    for starts_on, ends_on in closures:
        db.add(
            SuiteClosure(suite_id=suite.id, starts_on=starts_on, ends_on=ends_on, reason="Works")
        )
    db.commit()
    [figures] = statistics.compute(db, periods.parse("2016/17 Q4"))["suites"]
    assert figures["weeks_closed"] == closed
    assert figures["weeks_missed"] == 13 - closed


def test_the_coverage_helpers_the_rota_and_the_grid_share(db):
    quarter = periods.parse("2016/17 Q4")
    first, last = coverage.weeks_of(quarter)
    assert last - first + 1 == 13
    closure = {"starts_on": date(2017, 1, 9), "ends_on": date(2017, 1, 15)}
    assert coverage.closed_weeks([closure], first, last) == {first + 1}
    assert coverage.weeks_ended_of(quarter, date(2017, 1, 11)) == (first, first)
    assert coverage.visited_weeks(db, first, last) == {}
