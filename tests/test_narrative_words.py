"""The narrative names periods and closures as a board paper would: "Between 1 November 2025
and 30 November 2026", "During 2016/17 Q3 (October to December 2016)", closures with their
years."""

from datetime import date

from icv import periods
from icv.models import SuiteClosure
from icv.reporting import exporters, narrative, statistics
from tests import factories


def a_visit_and_a_closure(db, starts_on, ends_on):
    suite = factories.create_suite(db, "Beaumont Leys")
    factories.create_visit(db, suite, date(2025, 11, 3), wait_minutes=0, detainees=["accepted"])
    db.add(SuiteClosure(suite_id=suite.id, starts_on=starts_on, ends_on=ends_on, reason="Works"))
    db.commit()


def test_a_range_of_dates_reads_between_one_day_and_another(db):
    a_visit_and_a_closure(db, date(2025, 12, 20), date(2026, 2, 10))
    stats = statistics.compute(db, periods.parse("2025-11-01..2026-11-30"), date(2026, 12, 5))
    visits, access, *_ = narrative.paragraphs(stats)
    assert visits == (
        "Between 1 November 2025 and 30 November 2026 a total of 1 visit was made as follows: "
        "Beaumont Leys 1 (closed from December 2025 to February 2026 for works)."
    )
    assert access.startswith(
        "Of the 1 visit undertaken between 1 November 2025 and 30 November 2026 immediate"
    )
    assert "During 1 November" not in narrative.text(stats)


def test_a_quarter_is_named_with_its_months_and_a_closure_keeps_its_year(db):
    a_visit_and_a_closure(db, date(2025, 12, 1), date(2025, 12, 20))
    stats = statistics.compute(db, periods.parse("2025/26 Q3"), date(2026, 12, 5))
    assert narrative.paragraphs(stats)[0] == (
        "During 2025/26 Q3 (October to December 2025) a total of 1 visit was made as "
        "follows: Beaumont Leys 1 (closed in December 2025 for works)."
    )


def test_no_visits_in_a_range_says_so_between_its_days(db):
    stats = statistics.compute(db, periods.parse("2024-01-01..2024-02-29"), date(2026, 12, 5))
    assert narrative.paragraphs(stats) == [
        "No visits were made between 1 January 2024 and 29 February 2024."
    ]


def test_the_csv_export_says_its_charset_once(client, db, login_as):
    from icv.models import Role

    login_as(Role.COORDINATOR)
    for fmt in ("csv", "html"):
        response = client.get(f"/reports/export/{fmt}?period=2016/17")
        assert response.headers["Content-Type"] == exporters.FORMATS[fmt]
        assert response.headers["Content-Type"].count("charset") == 1
    assert exporters.FORMATS["csv"] == "text/csv; charset=utf-8"


def test_one_abandoned_visit_reads_in_the_singular(db):
    from icv.models import VisitOutcome

    suite = factories.create_suite(db, "Keyham Lane")
    factories.create_visit(db, suite, date(2016, 5, 2), wait_minutes=0)
    factories.create_visit(db, suite, date(2016, 5, 3), outcome=VisitOutcome.ABANDONED)
    words = narrative.text(statistics.compute(db, periods.parse("2016/17")))
    assert "Keyham Lane 2. One of these visits was abandoned." in words


def test_a_running_quarters_year_to_date_is_so_far_and_a_future_one_has_not_started(db):
    from icv.reporting import comparison

    suite = factories.create_suite(db, "Beaumont Leys")
    for day in (date(2026, 5, 4), date(2026, 10, 5), date(2026, 11, 2)):
        factories.create_visit(db, suite, day, wait_minutes=0, detainees=["accepted"])
    db.commit()
    running = statistics.compute(db, periods.parse("2026/27 Q3"), date(2026, 12, 5))
    words = comparison.paragraph(running, "quarter")
    assert (
        "So far in the first three quarters of 2026/27 (from 1 April 2026 to date) 3 visits "
        "have been made and 3 detainees were in detention at the time of the visits." in words
    )
    assert "31 December" not in words

    future = statistics.compute(db, periods.parse("2026/27 Q4"), date(2026, 12, 5))
    said = comparison.paragraph(future, "quarter")
    assert said == "2026/27 Q4 has not started yet: it has no figures to compare."
    assert "down" not in narrative.text(future)
    visits = next(row for row in comparison.tables(future)[0].rows if row[0] == "Visits")
    assert visits[1:4] == [0, 2, ""]  # Q3's 2 beside it, and no "down 2 on Q3"


def test_one_issue_referred_and_not_answered_reads_naturally():
    from icv.reporting.narrative import _issues

    stats = {
        "period": {"label": "2016/17", "start": "2016-04-01", "end": "2017-03-31"},
        "complete": True,
        "visits": {"total": 3},
        "issues": {"total": 1, "by_level": {"1": 0, "2": 1, "3": 0}},
        "force_answers": {
            "referred": 1,
            "answered_by_due_date": 0,
            "answered_late": 0,
            "awaiting": 0,
        },
    }
    words = _issues(stats)
    assert "The force did not answer the one issue referred to it within the due date." in words
    assert "0 of the one" not in words
    stats["force_answers"] |= {"referred": 3, "answered_late": 2}
    assert (
        "The force answered none of the 3 issues referred to it within the due date and 2 after it."
        in _issues(stats)
    )


def test_a_chart_of_one_visit_says_visit():
    from icv.reporting import charts

    chart = charts.bars("chart-x", "Visits", [("Immediate", 1, ""), ("Later", 2, "")], "visits")
    assert "Immediate: 1 visit;" in str(chart.svg) and "Later: 2 visits." in str(chart.svg)
