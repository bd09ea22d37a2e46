"""The rota from the command line and the pages: a coordinator draws a quarter, publishes it and
swaps people and weeks; a volunteer sees only their own planned visits and may swap one."""

import json
from datetime import date, timedelta

from sqlalchemy import Date, DateTime, Time, func, inspect, select

from icv import clock, periods
from icv.models import (
    AuditEvent,
    Role,
    Rota,
    RotaAssignment,
    SuiteClosure,
    Unavailability,
    VolunteerRecord,
)
from icv.services import volunteer_alerts
from icv.services.rota import alerts, plans
from tests import factories
from tests.conftest import page_text

# A quarter that has not begun: its visits are still to come whatever day the tests run.
QUARTER = periods.quarter_of(clock.today() + timedelta(days=95))
MONDAYS = plans.mondays(QUARTER)


def scheme(db, volunteers=8, suites=("Beaumont Leys", "Keyham Lane")):
    made_suites = [factories.create_suite(db, name) for name in suites]
    people = [
        factories.create_person(db, Role.VOLUNTEER, name=f"Volunteer {n}")
        for n in range(1, volunteers + 1)
    ]
    for person in people:
        db.get(VolunteerRecord, person.id).joined_on = date(2020, 1, 1)
    db.commit()
    return made_suites, people


def plan_json(runner, *extra):
    return runner.invoke(args=["rota", "plan", QUARTER.label, "--format", "json", *extra])


def test_the_cli_draws_a_pair_for_every_open_suite_week_and_prints_json(runner, db):
    (beaumont, _), people = scheme(db)
    db.add(
        SuiteClosure(
            suite_id=beaumont.id,
            starts_on=MONDAYS[0],
            ends_on=MONDAYS[1] + timedelta(days=6),
            reason="Refurbishment",
        )
    )
    away = people[0]
    db.add(Unavailability(person_id=away.id, starts_on=MONDAYS[2], ends_on=MONDAYS[2]))
    db.commit()
    result = plan_json(runner, "--seed", "7")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {(row["suite"], row["week_starting"]) for row in rows} == {
        (suite, monday.isoformat())
        for monday in MONDAYS
        for suite in ("Beaumont Leys", "Keyham Lane")
        if suite == "Keyham Lane" or monday >= MONDAYS[2]
    }
    assert all(len(set(row["visitors"])) == 2 for row in rows)
    week_away = [row for row in rows if row["week_starting"] == MONDAYS[2].isoformat()]
    assert all(away.name not in row["visitors"] for row in week_away)
    again = plan_json(runner, "--seed", "7")
    assert json.loads(again.output) == rows  # the same seed, the same rota; the draft replaced
    assert db.scalar(select(func.count()).select_from(Rota)) == 1


def test_an_impossible_quarter_is_reported_and_nothing_is_saved(runner, db):
    _, people = scheme(db, volunteers=3)
    for person in people[:2]:
        db.add(
            Unavailability(
                person_id=person.id, starts_on=MONDAYS[3], ends_on=MONDAYS[3] + timedelta(days=1)
            )
        )
    db.commit()
    result = plan_json(runner)
    assert result.exit_code == 1
    assert (
        f"Week of {MONDAYS[3].day} {MONDAYS[3]:%B %Y} (Beaumont Leys, Keyham Lane): "
        "only 1 volunteer can visit" in result.output
    )
    assert "Nothing was saved" in result.output
    assert db.scalar(select(func.count()).select_from(RotaAssignment)) == 0
    assert db.scalar(select(func.count()).select_from(Rota)) == 0


def test_no_day_or_time_of_day_is_stored_for_a_planned_visit(db):
    columns = inspect(db.get_bind()).get_columns("rota_assignments")
    kinds = {column["name"]: column["type"] for column in columns}
    assert not [name for name, kind in kinds.items() if isinstance(kind, (Time, DateTime))]
    assert [name for name, kind in kinds.items() if isinstance(kind, Date)] == ["week_starting"]
    assert not [name for name in kinds if "time" in name or "day" in name]


def test_volunteers_see_only_their_own_published_visits(runner, client, db, login_as):
    _, people = scheme(db, volunteers=6)
    assert plan_json(runner, "--seed", "3").exit_code == 0
    me = people[0]
    login_as(me)
    assert "Week of" not in page_text(client.get("/my-rota"))  # a draft is not shown
    assert runner.invoke(args=["rota", "publish", QUARTER.label]).exit_code == 0
    page = page_text(client.get("/my-rota"))
    rota = db.scalar(select(Rota))
    mine = [a for a in rota.assignments if me.id in a.visitor_ids]
    others = [a for a in rota.assignments if me.id not in a.visitor_ids]
    assert mine and others
    for assignment in mine:
        monday = assignment.week_starting
        partner = assignment.partner_of(me.id).name
        assert (
            f"Week of {monday.day} {monday:%B %Y}: {assignment.suite.name}, with {partner}" in page
        )
    for assignment in others:
        monday = assignment.week_starting
        assert f"Week of {monday.day} {monday:%B %Y}: {assignment.suite.name}" not in page
    someone_elses = others[0]
    assert client.get(f"/my-rota/{someone_elses.id}/swap").status_code == 404
    assert (
        client.post(f"/my-rota/{someone_elses.id}/swap", data={"joining": me.id}).status_code == 404
    )
    assert client.get(f"/rota/{rota.id}").status_code == 404  # the coordinator's rota


def test_a_volunteer_swaps_a_visit_and_the_other_volunteer_and_the_coordinator_see_it(
    runner, app, db, login_as
):
    _, people = scheme(db, volunteers=6)
    plan_json(runner, "--seed", "5")
    runner.invoke(args=["rota", "publish", QUARTER.label])
    me = people[0]
    assignment = db.scalar(
        select(RotaAssignment)
        .where(
            (RotaAssignment.first_visitor_id == me.id) | (RotaAssignment.second_visitor_id == me.id)
        )
        .order_by(RotaAssignment.week_starting)
    )
    busy_that_week = {
        p
        for a in db.scalars(
            select(RotaAssignment).where(RotaAssignment.week_starting == assignment.week_starting)
        )
        for p in a.visitor_ids
    }
    free = next(p for p in people if p.id not in busy_that_week)
    with app.test_client() as mine:
        from tests.conftest import sign_in

        sign_in(mine, db, me)
        response = mine.post(f"/my-rota/{assignment.id}/swap", data={"joining": str(free.id)})
        assert response.status_code == 302
        page = page_text(mine.get("/my-rota"))
        assert f"{free.name} goes in your place" in page
    with app.test_client() as theirs:
        from tests.conftest import sign_in

        sign_in(theirs, db, free)
        assert f"You go in place of {me.name}" in page_text(theirs.get("/my-rota"))
    db.expire_all()
    assert free.id in db.get(RotaAssignment, assignment.id).visitor_ids
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "rota.visitor_swapped"))
    assert event.actor_id == me.id
    coordinator = factories.create_person(db, Role.COORDINATOR)
    with app.test_client() as office:
        from tests.conftest import sign_in

        sign_in(office, db, coordinator)
        page = page_text(office.get(f"/rota/{assignment.rota_id}"))
        assert f"Swapped: {free.name} goes in place of {me.name}" in page


def test_the_coordinator_draws_publishes_and_swaps_with_the_rules_checked(client, db, login_as):
    _, people = scheme(db, volunteers=6)
    login_as(Role.COORDINATOR)
    response = client.post("/rota", data={"period": QUARTER.label, "seed": "11"})
    assert response.status_code == 302
    rota = db.scalar(select(Rota))
    assert rota.seed == 11 and not rota.published
    by_week = page_text(client.get(f"/rota/{rota.id}"))
    monday = MONDAYS[0]
    assert f"Week of {monday.day} {monday:%B %Y} Beaumont Leys :" in by_week
    by_suite = page_text(client.get(f"/rota/{rota.id}?by=suite"))
    assert f"Beaumont Leys Week of {monday.day} {monday:%B %Y} :" in by_suite
    first = rota.assignments[0]
    away = next(p for p in people if p.id not in first.visitor_ids)
    db.add(
        Unavailability(
            person_id=away.id, starts_on=first.week_starting, ends_on=first.week_starting
        )
    )
    db.commit()
    leaving = first.first_visitor_id
    refused = client.post(
        f"/rota/visits/{first.id}/visitor", data={"leaving": leaving, "joining": away.id}
    )
    assert refused.status_code == 200
    assert f"{away.name} cannot visit in the week of" in page_text(refused)
    db.expire_all()
    assert db.get(RotaAssignment, first.id).first_visitor_id == leaving
    blank = client.post(f"/rota/visits/{first.id}/visitor", data={"leaving": leaving})
    assert "Choose who goes in their place" in page_text(blank)

    later = next(
        a
        for a in rota.assignments
        if a.suite_id == first.suite_id and a.week_starting == MONDAYS[-1]
    )
    pairs = (first.visitor_ids, later.visitor_ids)
    db.query(Unavailability).delete()
    db.commit()
    swapped = client.post(
        f"/rota/visits/{first.id}/week", data={"week": later.week_starting.isoformat()}
    )
    db.expire_all()
    if swapped.status_code == 302:
        assert db.get(RotaAssignment, first.id).visitor_ids == pairs[1]
        assert db.get(RotaAssignment, later.id).visitor_ids == pairs[0]
    else:  # a pair already visits another suite that week: refused, with the reason
        assert "already visits" in page_text(swapped)
    no_week = client.post(f"/rota/visits/{first.id}/week", data={"week": "2000-01-03"})
    assert "has no other visit planned in the week of 3 January 2000" in page_text(no_week)

    assert client.post(f"/rota/{rota.id}/publish").status_code == 302
    db.expire_all()
    assert db.get(Rota, rota.id).published
    again = client.post("/rota", data={"period": QUARTER.label}, follow_redirects=True)
    assert "is published: change it by swapping people or weeks" in page_text(again)


def test_the_plan_page_says_why_a_quarter_cannot_be_planned(client, db, login_as):
    scheme(db, volunteers=1)
    login_as(Role.COORDINATOR)
    response = client.post("/rota", data={"period": QUARTER.label})
    text = page_text(response)
    assert response.status_code == 200
    assert "There is a problem" in text and "only 1 volunteer can visit" in text
    bad = page_text(client.post("/rota", data={"period": "next week"}))
    assert "Enter a period like" in bad or "Enter the quarter" in bad
    assert db.scalar(select(func.count()).select_from(Rota)) == 0


def test_planned_weeks_passed_with_no_report_are_alerted(runner, db):
    (_, keyham), _ = scheme(db)
    plan_json(runner, "--seed", "1")
    runner.invoke(args=["rota", "publish", QUARTER.label])
    first, second = MONDAYS[0], MONDAYS[1]
    factories.create_visit(db, keyham, first + timedelta(days=3))
    after_two_weeks = second + timedelta(days=7)
    found = alerts.planned_weeks_without_report(db, today=after_two_weeks)
    assert [(a["suite"], a["week_starting"]) for a in found] == [
        ("Beaumont Leys", first),
        ("Beaumont Leys", second),
        ("Keyham Lane", second),
    ]
    assert all(len(a["visitors"]) == 2 for a in found)
    assert alerts.planned_weeks_without_report(db, today=second + timedelta(days=6)) == [
        a for a in found if a["week_starting"] == first
    ]


def test_the_demo_has_a_published_rota_of_the_current_quarter(runner, client, db):
    from icv import demo
    from icv.models import Person
    from tests.conftest import sign_in

    assert runner.invoke(args=["demo"]).exit_code == 0
    rota, following = db.scalars(select(Rota).order_by(Rota.period)).all()
    assert rota.period == plans.current_quarter().label and rota.published
    assert following.published and following.period > rota.period
    weeks = plans.mondays(plans.current_quarter())
    assert len(rota.assignments) == 3 * len(weeks)
    volunteer = db.scalar(select(Person).where(Person.email == "volunteer@example.org"))
    sign_in(client, db, volunteer, demo.PASSWORD)
    assert "Week of" in page_text(client.get("/my-rota"))


def test_a_planned_week_passed_with_no_report_is_on_the_coordinators_home(
    runner, client, db, login_as, monkeypatch
):
    scheme(db)
    plan_json(runner, "--seed", "1")
    runner.invoke(args=["rota", "publish", QUARTER.label])
    first = MONDAYS[0]
    week = f"the week of {first.day} {first:%B %Y}"
    with_the_week_ended = first + timedelta(days=8)
    planned = [
        a for a in volunteer_alerts.alerts(db, with_the_week_ended) if a["kind"] == "planned_week"
    ]
    assert [alert["name"] for alert in planned] == ["Beaumont Leys", "Keyham Lane"]
    assert all(alert["text"].startswith(f"no report for {week}") for alert in planned)
    login_as(Role.COORDINATOR)
    monkeypatch.setattr(clock, "today", lambda: with_the_week_ended)
    response = client.get("/")
    assert f"Beaumont Leys : no report for {week}" in page_text(response)
    assert 'href="/rota"' in response.get_data(as_text=True)
    # Eight weeks after, the coordinator is no longer told of that week.
    later = volunteer_alerts.alerts(db, first + timedelta(weeks=9))
    assert not [alert for alert in later if week in alert["text"]]
