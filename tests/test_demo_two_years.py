"""The demo scheme covers the previous financial year in full and this one to date, so the
board's comparisons, the volunteers and the visit splits have something to show."""

import time

from icv import clock, periods
from icv.reporting import narrative, statistics


def test_the_demo_covers_two_financial_years_with_comparisons_to_show(runner, db):
    started = time.monotonic()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert time.monotonic() - started < 60  # `make run` loads it in reasonable time
    db.expire_all()
    this_year = periods.year_of(clock.today())
    last_year = periods.financial_year(this_year.start.year - 1)
    stats = statistics.compute(db, last_year)
    assert stats["visits"]["total"] >= 140  # a whole year, as LLR's 145
    assert all(month["total"] for month in stats["months"])  # every month has visits
    assert stats["visits"]["remote"] > 0 and stats["visits"]["attempted"] > 0
    assert stats["volunteers"]["joined"] == 1 and stats["volunteers"]["left"] == 2
    now = statistics.compute(db, this_year)
    assert now["complete"] is False
    assert now["comparison"]["previous_period"]["visits"] == stats["visits"]
    assert now["volunteers"] == {**now["volunteers"], "active_at_end": 29, "joined": 2, "left": 1}
    words = narrative.text(now)
    assert f"Compared to the previous year ({last_year.label})" in words
    assert "the scheme had 29 volunteers; 2 joined and one left during the year" in words
    assert "The year is not over yet: these are its figures so far." in words
    # The suites in the order the annual report lists them, set as a coordinator would.
    assert list(stats["visits"]["by_suite"]) == ["Beaumont Leys", "Keyham Lane", "Euston Street"]
    quarter = statistics.compute(db, periods.quarter_of(clock.today()))
    compared = quarter["comparison"]
    assert compared["same_period_last_year"]["visits"]["total"] > 0
    assert compared["year_to_date"]["visits"]["total"] >= quarter["visits"]["total"]
