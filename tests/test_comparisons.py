"""A quarter beside the quarter before, the same quarter a year earlier and the year to date; a
year beside the year before: each compared period's figures are those the period gives on its
own."""

import csv
import io
import json
from datetime import date, timedelta

import pytest

from icv import periods
from icv.models import Role, VisitOutcome, VisitType
from icv.reporting import comparison, figure_tables, narrative, statistics
from icv.services import imports
from tests import factories
from tests import llr_2016_17 as llr
from tests.conftest import page_text
from tests.test_statistics import import_llr

HEADLINE = ("visits", "access", "detainees")


def second_year_csv() -> str:
    """2017/18: the 2016/17 visits 52 weeks later (the same weekdays), every fourth left out,
    so that the two years differ."""
    rows = []
    for index, row in enumerate(llr.rows()):
        day = date.fromisoformat(row["date"]) + timedelta(weeks=52)
        if index % 4 and day >= date(2017, 4, 1):
            rows.append({**row, "date": day.isoformat()})
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=llr.HEADER.split(","), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return output.getvalue()


@pytest.fixture
def two_years(db):
    import_llr(db)
    with db.info["app"].app_context():
        imports.import_visits(db, None, second_year_csv(), create_suites=False)
    keyham = factories.create_suite(db, "Remote Hub")
    factories.create_visit(
        db, keyham, date(2017, 11, 7), wait_minutes=3, visit_type=VisitType.REMOTE
    )
    factories.create_visit(
        db, keyham, date(2017, 8, 9), outcome=VisitOutcome.ABANDONED, detainees=["accepted"]
    )


def on_its_own(db, text):
    return statistics.compute(db, periods.parse(text))


def headline(stats):
    return {key: stats[key] for key in HEADLINE}


def test_a_quarters_comparisons_are_the_figures_of_those_periods_on_their_own(db, two_years):
    stats = on_its_own(db, "2017/18 Q3")
    compared = stats["comparison"]
    assert set(compared) == {"previous_period", "same_period_last_year", "year_to_date"}
    expected = {
        "previous_period": on_its_own(db, "2017/18 Q2"),
        "same_period_last_year": on_its_own(db, "2016/17 Q3"),
        "year_to_date": on_its_own(db, "2017-04-01..2017-12-31"),
    }
    for key, alone in expected.items():
        assert headline(compared[key]) == headline(alone), key
        assert compared[key]["period"]["start"] == alone["period"]["start"]
        assert compared[key]["period"]["end"] == alone["period"]["end"]
        assert set(compared[key]) == {"period", *HEADLINE}
    assert compared["previous_period"]["period"]["label"] == "2017/18 Q2"
    assert compared["year_to_date"]["period"]["label"] == "2017/18 Q1 to Q3"
    # The years differ, and the new figures are there: a remote visit, an abandoned one.
    assert compared["same_period_last_year"]["visits"]["total"] != stats["visits"]["total"]
    assert stats["visits"]["remote"] == 1
    assert compared["year_to_date"]["visits"]["remote"] == 1
    assert compared["previous_period"]["visits"]["attempted"] == 1
    assert compared["previous_period"]["visits"]["by_suite"]["Remote Hub"] == 1


def test_a_years_previous_period_is_the_year_before(db, two_years):
    stats = on_its_own(db, "2017/18")
    assert set(stats["comparison"]) == {"previous_period"}
    assert headline(stats["comparison"]["previous_period"]) == headline(on_its_own(db, "2016/17"))
    assert stats["comparison"]["previous_period"]["visits"]["total"] == 145


def test_a_first_quarter_is_compared_with_last_years_fourth_and_is_its_own_year_to_date(
    db, two_years
):
    compared = on_its_own(db, "2017/18 Q1")["comparison"]
    assert compared["previous_period"]["period"]["label"] == "2016/17 Q4"
    assert headline(compared["previous_period"]) == headline(on_its_own(db, "2016/17 Q4"))
    assert headline(compared["year_to_date"]) == headline(on_its_own(db, "2017/18 Q1"))


def test_a_range_of_dates_is_compared_with_nothing(db, two_years):
    stats = on_its_own(db, "2017-05-01..2017-06-30")
    assert stats["comparison"] == {}
    assert "comparison" not in [table.key for table in figure_tables.tables(stats)]


def test_differences_are_written_in_words():
    assert comparison.change(12, 8, "Q2") == "up 4 on Q2"
    assert comparison.change(5, 8, "2015/16 Q3") == "down 3 on 2015/16 Q3"
    assert comparison.change(7, 7, "Q2") == "no change"
    assert comparison.change(None, 7, "Q2") == ""


def test_the_comparison_table_and_paragraph(db, two_years):
    stats = on_its_own(db, "2017/18 Q3")
    table = next(table for table in figure_tables.tables(stats) if table.key == "comparison")
    assert table.columns == [
        "Figure",
        "2017/18 Q3",
        "2017/18 Q2",
        "Change",
        "2016/17 Q3",
        "Change",
        "Year to date (2017/18 Q1 to Q3)",
    ]
    visits = table.rows[0]
    now, before, last_year = (
        stats["visits"]["total"],
        stats["comparison"]["previous_period"]["visits"]["total"],
        stats["comparison"]["same_period_last_year"]["visits"]["total"],
    )
    assert visits[:3] == ["Visits", now, before]
    assert visits[3] == comparison.change(now, before, "Q2")
    assert visits[5] == comparison.change(now, last_year, "2016/17 Q3")
    assert visits[5].startswith("down ") and visits[5].endswith(" on 2016/17 Q3")
    assert visits[6] == stats["comparison"]["year_to_date"]["visits"]["total"]
    text = narrative.text(stats)
    assert "Compared to the same quarter a year earlier (2016/17 Q3), visits were down" in text
    assert "In the first three quarters of 2017/18 (1 April to 31 December 2017)" in text
    year = narrative.text(on_its_own(db, "2017/18"))
    assert "Compared to the previous year (2016/17), visits were down" in year


def test_the_json_csv_and_page_hold_the_comparison(client, db, login_as, two_years, runner):
    result = runner.invoke(args=["report", "quarter", "2017/18 Q3", "--format", "json"])
    figures = json.loads(result.output)
    assert figures["comparison"]["year_to_date"]["period"]["label"] == "2017/18 Q1 to Q3"
    login_as(Role.COORDINATOR)
    api = client.get("/api/v1/statistics?period=2017/18+Q3").get_json()
    assert api["comparison"] == figures["comparison"]
    assert api["complete"] is True
    exported = client.get("/reports/export/csv?period=2017/18+Q3")
    assert exported.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "Comparison\r\nFigure,2017/18 Q3,2017/18 Q2,Change" in exported.get_data(as_text=True)
    text = page_text(client.get("/reports/?period=2017/18+Q3"))
    assert "Comparison" in text and "on 2016/17 Q3" in text


def test_the_comparisons_cost_one_query_however_many_periods(app, db, two_years):
    from sqlalchemy import event

    engine = db.get_bind().engine
    statements = []

    def count(*_args):
        statements.append(1)

    def queries(text):
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        try:
            on_its_own(db, text)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(statements)

    queries("2017/18 Q3")  # the first statistics of a session begin its transaction
    alone = queries("2017-05-01..2017-06-30")
    # three periods compared, one query; and one for those of them the board was given
    assert queries("2017/18 Q3") == alone + 2
    assert queries("2017/18") == alone + 2


def test_a_compared_quarter_the_board_was_given_is_compared_as_published(client, db, login_as):
    """Q2 published with its figures, then one more Q2 visit imported: Q3's comparison uses
    Q2's published figures, says so, and says Q2's figures have changed since."""
    from icv.services import publishing
    from tests.test_board_paper import text_of

    import_llr(db)
    q2 = periods.parse("2016/17 Q2")
    with db.info["app"].app_context():
        publication = publishing.publish(db, None, q2)
    db.commit()
    as_published = publication.figures["visits"]["total"]
    factories.create_report(db, status="reviewed", visit_date=date(2016, 8, 3))
    db.commit()
    assert statistics.compute(db, q2)["visits"]["total"] == as_published + 1

    stats = statistics.compute(db, periods.parse("2016/17 Q3"))
    previous = stats["comparison"]["previous_period"]
    assert previous["visits"]["total"] == as_published
    assert previous["published"]["revision"] == 1
    assert previous["published"]["published_at"] == publication.published_at.isoformat()
    assert previous["changed_since_published"] is True
    assert "published" not in stats["comparison"]["same_period_last_year"]
    day = f"{publication.published_at:%-d %B %Y}"
    words = narrative.text(stats)
    assert f"Compared to the previous quarter (2016/17 Q2 as published on {day})" in words
    assert "Q2's figures have changed since they were published." in words
    assert "The year to date is counted from the live figures." in words
    table = comparison.tables(stats)[0]
    assert f"2016/17 Q2 as published on {day}" in table.columns
    assert "Q2's figures have changed since they were published." in table.caption

    login_as(Role.COORDINATOR)
    page = page_text(client.get("/reports/", query_string={"period": "2016/17 Q3"}))
    assert f"2016/17 Q2 as published on {day}" in page
    assert "Q2's figures have changed since they were published" in page
    paper = client.get("/reports/export/docx", query_string={"period": "2016/17 Q3"})
    from docx import Document

    assert "Q2's figures have changed since they were published" in text_of(
        Document(io.BytesIO(paper.data))
    )
    out = json.loads(client.get("/reports/export/json?period=2016/17+Q3").get_data(as_text=True))
    assert out["comparison"]["previous_period"]["changed_since_published"] is True


def test_a_compared_period_with_no_visits_shows_no_figures(db):
    import_llr(db)
    stats = statistics.compute(db, periods.parse("2016/17 Q3"))
    table = comparison.tables(stats)[0]
    visits = next(row for row in table.rows if row[0] == "Visits")
    same_quarter = table.columns.index("2015/16 Q3")
    assert visits[same_quarter] == comparison.NO_FIGURES and visits[same_quarter + 1] == ""
    assert "2015/16 Q3" not in narrative.text(stats)
