"""The coordinator's home counts the volunteers in the scheme from their records, and alerts:
vetting expiring within 60 days, a term ending within 90, no visit in 8 weeks."""

from datetime import date, timedelta

import pytest

from icv import clock
from icv.models import ReportStatus, Role, VisitVisitor, VolunteerRecord
from icv.services.volunteer_alerts import alerts
from icv.services.volunteer_records import count_in_scheme, scheme_numbers
from tests import factories
from tests.conftest import page_text

TODAY = date(2026, 12, 5)


def volunteer(db, name="Helen Cartwright", joined=date(2020, 4, 1), **dates):
    person = factories.create_person(db, name=name)
    record = db.get(VolunteerRecord, person.id)
    record.joined_on, record.term_ends_on = joined, date(2030, 1, 1)
    for column, value in dates.items():
        setattr(record, column, value)
    db.commit()
    return person


def visited(db, person, day, status=ReportStatus.REVIEWED, suite=None):
    visit = factories.create_visit(db, suite or factories.create_suite(db), day, status=status)
    db.add(VisitVisitor(visit_id=visit.id, position=1, person_id=person.id, name=person.name))
    db.commit()
    return visit


def kinds(db, today=TODAY) -> list[tuple[str, str]]:
    return [(alert["kind"], alert["name"]) for alert in alerts(db, today)]


@pytest.mark.parametrize(("days", "alerted"), [(-3, True), (0, True), (60, True), (61, False)])
def test_vetting_is_alerted_from_60_days_before_it_expires(db, days, alerted):
    person = volunteer(db, vetting_expires_on=TODAY + timedelta(days=days))
    visited(db, person, TODAY - timedelta(days=3))
    found = [a for a in alerts(db, TODAY) if a["kind"] == "vetting"]
    assert bool(found) is alerted
    if found:
        [alert] = found
        assert alert["person_id"] == person.id
        assert alert["name"] == "Helen Cartwright"
        assert alert["date"] == TODAY + timedelta(days=days)
        verb = "expired" if days < 0 else "expires"
        assert alert["text"].startswith(f"Vetting {verb} on ")


@pytest.mark.parametrize(("days", "alerted"), [(-1, True), (90, True), (91, False)])
def test_a_term_is_alerted_from_90_days_before_it_ends(db, days, alerted):
    person = volunteer(db, term_ends_on=TODAY + timedelta(days=days))
    visited(db, person, TODAY - timedelta(days=3))
    assert (("term", "Helen Cartwright") in kinds(db)) is alerted


@pytest.mark.parametrize(("days_ago", "alerted"), [(0, False), (56, False), (57, True)])
def test_no_visit_in_8_weeks_is_alerted(db, days_ago, alerted):
    person = volunteer(db)
    visited(db, person, TODAY - timedelta(days=days_ago))
    found = [a for a in alerts(db, TODAY) if a["kind"] == "no_visit"]
    assert bool(found) is alerted
    if found:
        assert found[0]["date"] == TODAY - timedelta(days=days_ago)
        assert "none in 8 weeks" in found[0]["text"]


def test_a_draft_or_a_visit_not_yet_made_is_no_visit(db):
    person = volunteer(db)
    visited(db, person, TODAY - timedelta(days=3), status=ReportStatus.DRAFT)
    visited(db, person, TODAY + timedelta(days=1))
    [alert] = alerts(db, TODAY)
    assert (alert["kind"], alert["date"], alert["text"]) == (
        "no_visit",
        None,
        "No visit recorded: none in 8 weeks",
    )


def test_a_volunteer_who_joined_within_8_weeks_is_not_alerted_for_no_visit(db):
    volunteer(db, joined=TODAY - timedelta(days=55))
    assert kinds(db) == []
    volunteer(db, name="Brian Hollis", joined=TODAY - timedelta(days=57))
    assert kinds(db) == [("no_visit", "Brian Hollis")]


def test_no_alert_names_someone_who_has_left_or_is_not_a_volunteer(db):
    volunteer(db, left_on=TODAY, vetting_expires_on=TODAY)
    factories.create_person(db, Role.COORDINATOR)
    assert kinds(db) == []


def test_the_alerts_come_most_pressing_first(db):
    late = volunteer(db, name="Angela Brookes", vetting_expires_on=TODAY + timedelta(days=50))
    soon = volunteer(db, name="Colin Fairbairn", term_ends_on=TODAY + timedelta(days=10))
    for person in (late, soon):
        visited(db, person, TODAY - timedelta(days=1))
    assert kinds(db) == [("term", "Colin Fairbairn"), ("vetting", "Angela Brookes")]


def test_the_count_in_the_scheme_is_from_records_not_sign_ins(db):
    volunteer(db, name="Joined long ago")
    volunteer(db, name="Joins tomorrow", joined=TODAY + timedelta(days=1))
    volunteer(db, name="Left today", left_on=TODAY)
    volunteer(db, name="Leaves tomorrow", left_on=TODAY + timedelta(days=1))
    invited = volunteer(db, name="Invited, no password yet")
    invited.password_hash = None
    db.commit()
    factories.create_person(db, Role.FORCE)
    assert count_in_scheme(db, TODAY) == 3
    assert scheme_numbers(db, TODAY) == {"in_scheme": 3, "no_password": 1}


def test_the_coordinators_home_shows_the_count_and_the_alerts(client, db, login_as):
    login_as(Role.COORDINATOR)
    today = clock.today()
    person = volunteer(db, vetting_expires_on=today + timedelta(days=20))
    visited(db, person, today - timedelta(days=1))
    volunteer(db, name="Gone", left_on=today - timedelta(days=1))
    invited = volunteer(db, name="Invited")
    invited.password_hash = None
    db.commit()
    response = client.get("/")
    text = page_text(response)
    assert "2 volunteers in the scheme; 1 of them has not yet set a password." in text
    expires = today + timedelta(days=20)
    assert f"Helen Cartwright : Vetting expires on {expires.day} {expires:%B %Y}" in text
    assert f'href="/manage/people/{person.id}/record"' in response.get_data(as_text=True)
    assert "Gone" not in text
