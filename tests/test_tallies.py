"""The per-visit tallies the statistics add up always equal a count of the detainee entries."""

from datetime import date

from sqlalchemy import func, select

from icv import periods
from icv.models import DetaineeEntry, ReportStatus, Role, detainee_tallies
from icv.reporting import statistics
from icv.services import tallies, visit_reports
from tests import factories

YEAR = periods.financial_year(2016)


def counted_from_entries(db):
    """Detainees by outcome, straight from the entries: what the tallies must add up to."""
    rows = db.execute(
        select(DetaineeEntry.outcome, func.count()).group_by(DetaineeEntry.outcome)
    ).all()
    return {outcome.value: count for outcome, count in rows}


def tally_of(db, visit):
    return db.execute(
        select(detainee_tallies).where(detainee_tallies.c.visit_id == visit.id)
    ).first()


def test_saving_detainees_tallies_them_and_changing_them_retallies(app, db):
    lead = factories.create_person(db, Role.VOLUNTEER)
    visit = factories.create_report(
        db,
        lead,
        visit_date=date(2016, 6, 1),
        detainees=("accepted", "accepted", "not_available", "not_offered"),
        status="submitted",
    )
    first = statistics.compute(db, YEAR)["detainees"]
    assert first["present"] == 4 and first["accepted"]["count"] == 2
    assert tally_of(db, visit).not_available_asleep == 1
    visit.status = ReportStatus.RETURNED  # sent back: the lead changes a copy
    db.commit()
    factories.save_draft(
        db,
        lead,
        visit,
        detainees=[
            {"outcome": "declined", "age_group": "juvenile"},
            {"outcome": "not_available", "reason": "in_interview", "vulnerable": True},
        ],
    )
    assert statistics.compute(db, YEAR)["detainees"] == first  # until submitted again
    with app.app_context():
        visit_reports.submit(db, lead, visit)
        db.commit()
    again = statistics.compute(db, YEAR)
    assert again["detainees"]["present"] == 2
    assert again["detainees"]["declined"]["count"] == 1
    assert again["reasons"]["not_available"]["in_interview"] == 1
    assert again["reasons"]["not_available"]["asleep"] == 0
    assert again["juveniles"]["declined"] == 1
    assert again["needs"]["vulnerable"]["count"] == 1


def test_removing_every_detainee_removes_the_tally(app, db):
    lead = factories.create_person(db, Role.VOLUNTEER)
    visit = factories.create_report(db, lead, detainees=("accepted",))
    assert tally_of(db, visit) is not None
    factories.save_draft(db, lead, visit, detainees=[])
    assert tally_of(db, visit) is None


def test_imported_visits_are_tallied(app, db, tmp_path):
    from icv.services import imports

    factories.create_suite(db, "Keyham Lane")
    csv = tmp_path / "visits.csv"
    csv.write_text(
        "date,suite,arrived,admitted,wait_minutes,visitors,accepted,declined,not_available,"
        "not_offered\n2016-05-03,Keyham Lane,10:00,10:02,,,3,1,5,2\n"
    )
    with app.app_context():
        imports.import_visits(db, None, csv.read_text())
    figures = statistics.compute(db, YEAR)
    assert figures["detainees"]["present"] == 11
    assert figures["reasons"]["not_available"]["not_recorded"] == 5
    assert counted_from_entries(db) == {
        "accepted": 3,
        "declined": 1,
        "not_available": 5,
        "not_offered": 2,
    }


def test_recounting_everything_gives_the_same_tallies(db):
    suite = factories.create_suite(db)
    for day, detainees in (
        (date(2016, 4, 1), ["accepted", "declined"]),
        (date(2017, 3, 31), [{"outcome": "not_offered", "reason": "staff_advised_risk"}]),
    ):
        factories.create_visit(db, suite, day, detainees=detainees)
    before = statistics.compute(db, YEAR)
    tallies.recount_all(db)
    db.commit()
    assert statistics.compute(db, YEAR) == before
    assert before["detainees"]["present"] == 3
    assert before["reasons"]["not_offered"]["staff_advised_risk"] == 1
