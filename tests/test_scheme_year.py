"""The scheme's year for the board: volunteers at the period's end, joined and left in it, and
visits in person and remote, completed and attempted."""

from datetime import date

from icv import clock, periods
from icv.models import Role, VisitOutcome, VisitType, VolunteerRecord
from icv.reporting import figure_tables, narrative, statistics
from tests import factories
from tests.conftest import page_text


def volunteer(db, joined_on, left_on=None):
    person = factories.create_person(db, Role.VOLUNTEER)
    record = db.get(VolunteerRecord, person.id)  # every volunteer has one from the start
    record.joined_on, record.left_on = joined_on, left_on
    db.commit()
    return person


def scheme_of_2016_17(db):
    volunteer(db, date(2012, 5, 1))  # in the scheme all year
    volunteer(db, date(2015, 9, 1))  # likewise
    volunteer(db, date(2016, 4, 1))  # joined on the year's first day
    volunteer(db, date(2017, 3, 31))  # joined on its last day: in the scheme at its end
    volunteer(db, date(2014, 1, 1), date(2016, 10, 3))  # left during the year
    volunteer(db, date(2014, 1, 1), date(2017, 3, 31))  # left on its last day: not at its end
    volunteer(db, date(2013, 1, 1), date(2016, 3, 31))  # left before the year
    volunteer(db, date(2017, 4, 1))  # joined after it


def test_volunteers_at_the_years_end_and_joined_and_left_during_it(db):
    scheme_of_2016_17(db)
    stats = statistics.compute(db, periods.parse("2016/17"))
    assert stats["volunteers"] == {
        "active_at_end": 4,
        "joined": 2,
        "left": 2,
        "at": "2017-03-31",
    }
    quarter = statistics.compute(db, periods.parse("2016/17 Q3"))["volunteers"]
    assert (quarter["active_at_end"], quarter["joined"], quarter["left"]) == (4, 0, 1)


def test_the_narrative_and_summary_name_the_volunteers(db):
    scheme_of_2016_17(db)
    suite = factories.create_suite(db)
    factories.create_visit(db, suite, date(2016, 6, 1), wait_minutes=0)
    stats = statistics.compute(db, periods.parse("2016/17"))
    assert (
        "At 31 March 2017 the scheme had 4 volunteers; 2 joined and 2 left during the year."
        in narrative.paragraphs(stats)
    )
    summary = {row[0]: row[1] for row in figure_tables.tables(stats)[0].rows}
    assert summary["Volunteers at 31 March 2017"] == 4
    assert (summary["Volunteers who joined"], summary["Volunteers who left"]) == (2, 2)


def test_without_volunteer_records_the_narrative_says_nothing_of_them(db):
    suite = factories.create_suite(db)
    factories.create_visit(db, suite, date(2016, 6, 1), wait_minutes=0)
    stats = statistics.compute(db, periods.parse("2016/17"))
    assert stats["volunteers"]["active_at_end"] == 0
    assert "volunteer" not in narrative.text(stats)


def test_a_year_in_progress_counts_the_volunteers_in_the_scheme_today(db, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: date(2016, 11, 1))
    scheme_of_2016_17(db)
    figures = statistics.compute(db, periods.parse("2016/17"))["volunteers"]
    # Joined 31 March 2017 has not happened yet; left 3 October 2016 has.
    assert (figures["active_at_end"], figures["at"]) == (4, "2016-11-01")


def test_in_person_remote_completed_and_attempted_visits(client, db, login_as):
    suite = factories.create_suite(db, "Keyham Lane")
    factories.create_visit(db, suite, date(2016, 5, 2), wait_minutes=0)
    factories.create_visit(db, suite, date(2016, 5, 3), wait_minutes=0, visit_type=VisitType.REMOTE)
    factories.create_visit(db, suite, date(2016, 5, 4), outcome=VisitOutcome.ABANDONED)
    factories.create_visit(
        db,
        suite,
        date(2016, 5, 5),
        outcome=VisitOutcome.ABANDONED,
        visit_type=VisitType.REMOTE,
    )
    visits = statistics.compute(db, periods.parse("2016/17"))["visits"]
    assert (visits["total"], visits["in_person"], visits["remote"]) == (4, 2, 2)
    assert (visits["completed"], visits["attempted"], visits["abandoned"]) == (2, 2, 2)
    login_as(Role.COORDINATOR)
    text = page_text(client.get("/reports/?period=2016/17"))
    assert "Remote visits (phone or video) 2" in text
    assert "Visits attempted (abandoned) 2" in text
