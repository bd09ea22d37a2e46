"""The coordinator's figures, exactly as PRODUCT.md defines them, on SQLite and PostgreSQL."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import event

from icv import periods
from icv.models import ReportStatus, Suite, SuiteClosure, VisitOutcome
from icv.reporting import narrative, statistics
from icv.services import imports
from tests import factories
from tests import llr_2016_17 as llr


def compute(db, text):
    return statistics.compute(db, periods.parse(text))


def import_llr(db):
    with db.info["app"].app_context():
        imports.import_visits(db, None, llr.csv_text(), create_suites=True)
    for position, name in enumerate(llr.SUITES, start=1):
        db.query(Suite).filter_by(name=name).one().position = position
    beaumont = db.query(Suite).filter_by(name="Beaumont Leys").one()
    starts_on, ends_on, reason = llr.CLOSURE
    db.add(SuiteClosure(suite_id=beaumont.id, starts_on=starts_on, ends_on=ends_on, reason=reason))
    db.commit()


def test_the_145_visits_of_2016_17_give_the_annual_reports_figures_and_words(db):
    import_llr(db)
    stats = compute(db, "2016/17")
    assert {key: stats[key] for key in llr.EXPECTED_JSON} == llr.EXPECTED_JSON
    assert narrative.paragraphs(stats) == llr.NARRATIVE


def test_weekly_coverage_of_2016_17_does_not_count_the_closed_weeks_as_missed(db):
    import_llr(db)
    coverage = {suite["name"]: suite for suite in compute(db, "2016/17")["suites"]}
    beaumont = coverage["Beaumont Leys"]
    # 52 weeks; closed for refurbishment from Sunday 1 January to Friday 31 March 2017, which
    # is 12 whole Monday–Sunday weeks (the week of 27 March was open on its Monday).
    assert (beaumont["weeks"], beaumont["weeks_closed"]) == (52, 12)
    assert (beaumont["weeks_visited"], beaumont["weeks_missed"]) == (39, 1)
    assert beaumont["weeks_visited_percent"] == 98  # 39 of 40 is 97.5%, rounded half up
    assert (coverage["Keyham Lane"]["weeks_visited"], coverage["Keyham Lane"]["weeks_missed"]) == (
        52,
        0,
    )


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(1, 8, 13), (1, 200, 1), (3, 8, 38), (5, 8, 63), (2, 8, 25), (0, 5, 0), (5, 5, 100)],
)
def test_percentages_are_rounded_half_up(part, whole, expected):
    # Python's round() gives 12, 0, 38, 62 for the halves: not what a board paper says.
    assert statistics.percent(part, whole) == expected


def test_no_denominator_gives_no_percentage():
    assert statistics.percent(0, 0) is None
    assert statistics.share(0, 0) == {"count": 0, "percent": None}


def test_a_half_per_cent_is_rounded_up_in_the_report(db):
    suite = factories.create_suite(db)
    # 1 of 8 offered (12.5% → 13%); 7 of 8 not available (87.5% → 88%).
    factories.create_visit(
        db, suite, date(2016, 5, 2), wait_minutes=0, detainees=["accepted"] + ["not_available"] * 7
    )
    detainees = compute(db, "2016/17")["detainees"]
    assert detainees["offered"] == {"count": 1, "percent": 13}
    assert detainees["not_available"] == {"count": 7, "percent": 88}
    assert detainees["accepted"] == {"count": 1, "percent": 100}
    assert detainees["declined"] == {"count": 0, "percent": 0}


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("2016/17", [date(2016, 4, 1), date(2017, 3, 31)], [date(2016, 3, 31), date(2017, 4, 1)]),
        (
            "2016/17 Q3",
            [date(2016, 10, 1), date(2016, 12, 31)],
            [date(2016, 9, 30), date(2017, 1, 1)],
        ),
        (
            "2016/17 Q4",
            [date(2017, 1, 1), date(2017, 3, 31)],
            [date(2016, 12, 31), date(2017, 4, 1)],
        ),
    ],
)
def test_a_visit_on_the_first_or_last_day_belongs_to_the_period(db, text, inside, outside):
    suite = factories.create_suite(db, "Keyham Lane")
    for day in inside + outside:
        factories.create_visit(db, suite, day, wait_minutes=0, detainees=["accepted"])
    stats = compute(db, text)
    assert stats["visits"]["total"] == 2
    assert stats["visits"]["by_suite"] == {"Keyham Lane": 2}
    assert stats["detainees"]["present"] == 2


def test_drafts_never_count_and_every_submitted_report_does(db):
    suite = factories.create_suite(db)
    for status in ReportStatus:
        factories.create_visit(db, suite, date(2016, 6, 1), status=status, wait_minutes=1)
    stats = compute(db, "2016/17")
    assert stats["visits"]["total"] == len(ReportStatus) - 1
    assert stats["access"]["immediate"] == len(ReportStatus) - 1


def test_access_bands_have_their_edges_at_5_and_15_minutes(db):
    suite = factories.create_suite(db)
    for wait in (0, 5, 6, 15, 16, 240):
        factories.create_visit(db, suite, date(2016, 6, 1), wait_minutes=wait)
    assert compute(db, "2016/17")["access"] == {
        "immediate": 2,
        "wait_6_to_15": 2,
        "wait_16_plus": 2,
    }


def test_an_abandoned_visit_counts_in_the_visits_but_in_no_band_unless_admitted(db):
    suite = factories.create_suite(db, "Euston Street")
    abandoned = VisitOutcome.ABANDONED
    factories.create_visit(db, suite, date(2016, 6, 1), outcome=abandoned, arrived_at=time(9))
    factories.create_visit(
        db,
        suite,
        date(2016, 6, 2),
        outcome=abandoned,
        arrived_at=time(9),
        admitted_at=time(9, 20),
        wait_minutes=20,
    )
    factories.create_visit(db, suite, date(2016, 6, 3), wait_minutes=2)
    factories.create_visit(db, suite, date(2016, 6, 4))  # no wait recorded
    stats = compute(db, "2016/17")
    assert stats["visits"] == {
        "total": 4,
        "abandoned": 2,
        "by_suite": {"Euston Street": 4},
        "in_person": 4,
        "remote": 0,
        "completed": 2,
        "attempted": 2,
    }
    assert stats["access"] == {"immediate": 1, "wait_6_to_15": 0, "wait_16_plus": 1}
    assert stats["access_not_banded"] == {"abandoned_before_admission": 1, "wait_not_recorded": 1}
    [suite_figures] = stats["suites"]
    assert suite_figures["abandoned"] == 2
    words = narrative.text(stats)
    assert "a total of 4 visits were made as follows: Euston Street 4. Two" not in words
    assert "Euston Street 4. 2 of these visits were abandoned." in words
    assert "provided on one occasion, no visits incurred a wait" in words
    assert "and one a wait of 16+ minutes." in words
    assert "One visit was abandoned before the visitors were admitted." in words
    assert "No access time was recorded for one visit." in words


def test_a_period_with_no_visits_has_no_percentages_and_says_so(db):
    factories.create_suite(db)
    stats = compute(db, "2016/17 Q2")
    assert stats["visits"]["total"] == 0
    assert stats["detainees"]["present"] == 0
    assert all(
        stats["detainees"][key]["percent"] is None
        for key in ("offered", "not_available", "not_offered", "accepted", "declined")
    )
    assert narrative.paragraphs(stats) == [
        "No visits were made during 2016/17 Q2 (July to September 2016)."
    ]


def test_detainees_none_offered_gives_no_acceptance_percentage(db):
    suite = factories.create_suite(db)
    factories.create_visit(db, suite, date(2016, 6, 1), wait_minutes=0)
    factories.create_visit(db, suite, date(2016, 6, 2), wait_minutes=0, detainees=["not_offered"])
    stats = compute(db, "2016/17")
    assert stats["detainees"]["not_offered"] == {"count": 1, "percent": 100}
    assert stats["detainees"]["accepted"] == {"count": 0, "percent": None}
    assert "of those offered" not in narrative.text(stats)


def test_a_closure_spanning_weeks_excludes_only_the_whole_weeks_it_covers(db):
    closed = factories.create_suite(db, "Beaumont Leys")
    open_suite = factories.create_suite(db, "Keyham Lane")
    # 2016/17 Q4 has the 13 weeks from Monday 2 January to Sunday 2 April 2017 (a week belongs
    # to the quarter holding its Thursday). Closed Wednesday 4 January to Friday 31 March:
    # the 11 weeks from 9 January to 26 March are closed throughout; the first and last are not.
    db.add(
        SuiteClosure(
            suite_id=closed.id,
            starts_on=date(2017, 1, 4),
            ends_on=date(2017, 3, 31),
            reason="Refurbishment",
        )
    )
    db.commit()
    factories.create_visit(db, closed, date(2017, 1, 3), wait_minutes=0)
    factories.create_visit(db, closed, date(2017, 2, 1), wait_minutes=0)  # while closed
    factories.create_visit(db, open_suite, date(2017, 1, 2), wait_minutes=0)
    factories.create_visit(db, open_suite, date(2017, 1, 8), wait_minutes=0)  # same week
    draft = factories.create_visit(
        db, open_suite, date(2017, 1, 9), wait_minutes=0, status=ReportStatus.DRAFT
    )
    assert draft.status is ReportStatus.DRAFT
    coverage = {suite["name"]: suite for suite in compute(db, "2016/17 Q4")["suites"]}
    assert coverage["Beaumont Leys"] | {"closures": None} == coverage["Beaumont Leys"] | {
        "name": "Beaumont Leys",
        "weeks": 13,
        "weeks_closed": 11,
        "weeks_visited": 1,
        "weeks_missed": 1,
        "weeks_visited_percent": 50,
        "closures": None,
    }
    keyham = coverage["Keyham Lane"]
    assert (keyham["weeks_closed"], keyham["weeks_visited"], keyham["weeks_missed"]) == (0, 1, 12)
    assert keyham["weeks_visited_percent"] == 8  # 1 of 13 is 7.7%
    assert (
        "Beaumont Leys 2 (closed from January 2017 to March 2017 for refurbishment)"
        in narrative.text(compute(db, "2016/17 Q4"))
    )


def test_a_suite_closed_for_the_whole_period_is_not_expected_to_be_visited(db):
    suite = factories.create_suite(db)
    db.add(
        SuiteClosure(
            suite_id=suite.id, starts_on=date(2016, 9, 1), ends_on=date(2017, 1, 31), reason="Flood"
        )
    )
    db.commit()
    [figures] = compute(db, "2016/17 Q3")["suites"]
    assert (figures["weeks"], figures["weeks_closed"], figures["weeks_missed"]) == (13, 13, 0)
    assert figures["weeks_visited_percent"] is None


def test_reasons_juveniles_needs_days_and_times(db):
    suite = factories.create_suite(db)
    factories.create_visit(
        db,
        suite,
        date(2016, 6, 4),  # a Saturday
        arrived_at=time(22, 30),
        wait_minutes=0,
        detainees=[
            {"outcome": "not_available", "reason": "asleep", "age_group": "juvenile"},
            {"outcome": "not_available", "reason": "asleep"},
            {"outcome": "not_offered", "reason": "staff_advised_risk", "vulnerable": True},
            {"outcome": "accepted", "age_group": "juvenile", "needs_interpreter": True},
        ],
    )
    factories.create_visit(db, suite, date(2016, 6, 6), arrived_at=time(5, 59), wait_minutes=0)
    stats = compute(db, "2016/17")
    assert stats["reasons"]["not_available"]["asleep"] == 2
    assert stats["reasons"]["not_offered"]["staff_advised_risk"] == 1
    assert stats["juveniles"]["present"] == {"count": 2, "percent": 50}
    assert (stats["juveniles"]["accepted"], stats["juveniles"]["not_available"]) == (1, 1)
    assert stats["needs"]["vulnerable"] == {"count": 1, "percent": 25}
    assert stats["needs"]["needs_interpreter"] == {"count": 1, "percent": 25}
    assert stats["days_of_week"]["saturday"] == 1
    assert stats["days_of_week"]["monday"] == 1
    assert sum(stats["days_of_week"].values()) == 2
    assert stats["times_of_day"]["evening"] == 1
    assert stats["times_of_day"]["night"] == 1


def test_issues_by_area_level_status_and_the_forces_answer_times(db):
    suite = factories.create_suite(db)
    referred = datetime(2016, 6, 2, 9, 0, tzinfo=UTC)
    factories.create_visit(
        db,
        suite,
        date(2016, 6, 1),
        wait_minutes=0,
        issues=[
            {
                "area": "cells_and_bedding",
                "level": 2,
                "status": "closed",
                "referred_at": referred,
                "responded_at": referred + timedelta(days=3),
                "due_on": date(2016, 6, 9),
            },
            {
                "area": "cells_and_bedding",
                "level": 1,
                "status": "responded",
                "referred_at": referred,
                "responded_at": referred + timedelta(days=10, hours=6),
                "due_on": date(2016, 6, 9),
            },
            {"area": "cctv", "level": 3, "status": "referred", "referred_at": referred},
            {"area": "showers", "level": 1, "status": "open"},
        ],
    )
    stats = compute(db, "2016/17")
    assert stats["issues"] == {
        "total": 4,
        "by_area": {"cells_and_bedding": 2, "showers": 1, "cctv": 1},
        "by_level": {"1": 2, "2": 1, "3": 1},
        "by_status": {"open": 1, "referred": 1, "responded": 1, "closed": 1},
    }
    assert stats["force_answers"] == {
        "referred": 3,
        "answered": 2,
        "awaiting": 1,
        "answered_by_due_date": 1,
        "answered_late": 1,
        "mean_days": 6.6,  # (3 + 10.25) / 2 = 6.625
        "longest_days": 10.3,  # 10.25, rounded half up to one place
    }


def test_the_forces_detentions_put_the_visits_in_context(db, runner):
    import_llr(db)
    result = runner.invoke(args=["detentions", "set", "2016/17", "13168"])
    assert result.exit_code == 0, result.output
    stats = compute(db, "2016/17")
    assert stats["force_detentions"] == 13168
    assert narrative.paragraphs(stats)[2].startswith(
        "1,083 detainees were in police cells at the time of custody visits, out of 13,168 "
        "persons detained during the year: 437 (40%) were offered a visit"
    )
    assert compute(db, "2016/17 Q1")["force_detentions"] is None


def test_a_year_without_its_own_detentions_adds_up_its_quarters(db, runner):
    for number, count in enumerate((3000, 3100, 3200, 3300), start=1):
        assert (
            runner.invoke(args=["detentions", "set", f"2016/17 Q{number}", str(count)]).exit_code
            == 0
        )
    assert compute(db, "2016/17")["force_detentions"] == 12600
    assert compute(db, "2016/17 Q2")["force_detentions"] == 3100
    runner.invoke(args=["detentions", "set", "2016/17 Q2", "3150"])
    assert compute(db, "2016/17")["force_detentions"] == 12650


def test_the_statistics_take_the_same_few_queries_however_many_visits_there_are(app, db):
    suite = factories.create_suite(db)
    engine = db.get_bind().engine
    statements = []

    def count(*_args):
        statements.append(1)

    def queries():
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        try:
            compute(db, "2016/17")
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(statements)

    factories.create_visit(db, suite, date(2016, 5, 1), wait_minutes=0, detainees=["accepted"])
    few = queries()
    for day in range(60):
        factories.create_visit(
            db,
            suite,
            date(2016, 5, 2) + timedelta(days=day),
            wait_minutes=day % 20,
            detainees=["accepted", "declined", "not_available"],
        )
    assert queries() == few
    # the period's own 10, 1 for the periods compared, 1 for those published, 1 for volunteers
    assert few <= 13
