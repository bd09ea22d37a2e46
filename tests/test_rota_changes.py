"""Changing a rota as records change (issue 13's review): a visit both of whose visitors can no
longer go is fixed one visitor at a time; a visitor who cannot go is flagged on the rota, on the
coordinator's home and when publishing; a volunteer adding dates that clash is told, and the
coordinators e-mailed (the coordinator adding them is warned on the spot); a hand-over, a
swap of weeks and publishing e-mail those they concern, a draft's changes no one; a week the
suite was closed throughout raises no 'no report' alert."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from icv import clock
from icv.models import (
    Email,
    Role,
    Rota,
    RotaAssignment,
    RotaStatus,
    Suite,
    SuiteClosure,
    Unavailability,
    VolunteerRecord,
)
from icv.services import Conflict, NotAllowedNow, volunteer_alerts
from icv.services.rota import alerts, changes, planner, plans
from tests import factories
from tests.conftest import page_text, sign_in
from tests.test_rota import MONDAYS, QUARTER, plan_json, scheme


def _away(db, person, monday):
    db.add(Unavailability(person_id=person.id, starts_on=monday, ends_on=monday + timedelta(1)))
    db.commit()


def _free(db, rota, monday, people, but=()):
    busy = {
        p
        for a in db.scalars(
            select(RotaAssignment).where(
                RotaAssignment.rota_id == rota.id, RotaAssignment.week_starting == monday
            )
        )
        for p in a.visitor_ids
    }
    return [p for p in people if p.id not in busy and p.id not in but]


def test_a_visit_neither_visitor_can_go_to_is_flagged_and_fixed_one_visitor_at_a_time(
    client, db, login_as, monkeypatch
):
    _, people = scheme(db, volunteers=8)
    coordinator = login_as(Role.COORDINATOR)
    assert client.post("/rota", data={"period": QUARTER.label, "seed": "4"}).status_code == 302
    rota = db.scalar(select(Rota))
    visit = next(a for a in rota.assignments if a.week_starting == MONDAYS[1])
    first, second = visit.first_visitor, visit.second_visitor
    monday = visit.week_starting
    week = f"week of {monday.day} {monday:%B %Y}"
    for person in (first, second):
        _away(db, person, monday)

    page = page_text(client.get(f"/rota/{rota.id}"))
    assert "Cannot go: replace" in page
    assert f"{first.name} cannot go in the {week}" in page
    refused = client.post(f"/rota/{rota.id}/publish", follow_redirects=True)
    assert "cannot be published while a planned visitor cannot go" in page_text(refused)
    assert f"{second.name} cannot go in the {week}" in page_text(refused)
    db.expire_all()
    assert not db.get(Rota, rota.id).published
    today = MONDAYS[0]
    on_home = [a for a in volunteer_alerts.alerts(db, today) if a["kind"] == "cannot_go"]
    assert [a["date"] for a in on_home] == [monday]
    assert set(on_home[0]) >= {"kind", "person_id", "name", "date", "text"}
    monkeypatch.setattr(clock, "today", lambda: today)
    home = client.get("/")
    assert f"{visit.suite.name} : {first.name} cannot go in the {week}" in page_text(home)
    assert f'href="/rota/{rota.id}"' in home.get_data(as_text=True)

    shown = f"{first.id},{second.id}"
    spare = _free(db, rota, monday, people)
    swapped = client.post(
        f"/rota/visits/{visit.id}/visitor",
        data={"leaving": first.id, "joining": spare[0].id, "based_on": shown},
        follow_redirects=True,
    )
    assert "The visitor is swapped" in page_text(swapped)
    assert f"{second.name} also cannot go in the {week}: replace them too" in page_text(swapped)
    again = client.post(
        f"/rota/visits/{visit.id}/visitor",
        data={
            "leaving": second.id,
            "joining": spare[1].id,
            "based_on": f"{spare[0].id},{second.id}",
        },
    )
    assert again.status_code == 302
    db.expire_all()
    assert set(db.get(RotaAssignment, visit.id).visitor_ids) == {spare[0].id, spare[1].id}
    assert "Cannot go: replace" not in page_text(client.get(f"/rota/{rota.id}"))
    assert client.post(f"/rota/{rota.id}/publish").status_code == 302
    db.expire_all()
    assert db.get(Rota, rota.id).published
    # A draft is the coordinator's alone: its changes e-mail no one; publishing tells each
    # volunteer their visits, the replacements' included.
    assert not db.scalars(select(Email).where(Email.subject.like("Rota change:%"))).all()
    told = db.scalars(select(Email).where(Email.subject == f"Your rota for {QUARTER.label}")).all()
    assert {e.recipient for e in told} >= {spare[0].email, spare[1].email}
    away = next((e for e in told if e.recipient == first.email), None)
    assert away is None or f"in the {week}" not in away.body  # replaced on that visit
    assert all("day and time" in e.body and ":00" not in e.body for e in told)
    assert not [e for e in told if e.recipient == coordinator.email]
    theirs = next(e for e in told if e.recipient == spare[0].email)
    assert f"- {visit.suite.name} in the {week}, with {spare[1].name}" in theirs.body


def test_a_stale_page_is_refused_with_the_conflict_page_not_applied(client, db, login_as):
    _, people = scheme(db, volunteers=8)
    login_as(Role.COORDINATOR)
    client.post("/rota", data={"period": QUARTER.label, "seed": "2"})
    rota = db.scalar(select(Rota))
    visit = rota.assignments[0]
    first, second = visit.visitor_ids
    spare = _free(db, rota, visit.week_starting, people)
    shown = f"{first},{second}"
    assert (
        client.post(
            f"/rota/visits/{visit.id}/visitor",
            data={"leaving": first, "joining": spare[0].id, "based_on": shown},
        ).status_code
        == 302
    )
    stale = client.post(
        f"/rota/visits/{visit.id}/visitor",
        data={"leaving": second, "joining": spare[1].id, "based_on": shown},
    )
    assert stale.status_code == 409
    assert "changed by someone else" in page_text(stale)
    db.expire_all()
    assert set(db.get(RotaAssignment, visit.id).visitor_ids) == {spare[0].id, second}


def test_a_volunteer_who_adds_dates_on_their_planned_week_is_told_and_coordinators_e_mailed(
    runner, app, db
):
    _, people = scheme(db, volunteers=6)
    coordinator = factories.create_person(db, Role.COORDINATOR)
    plan_json(runner, "--seed", "5")
    runner.invoke(args=["rota", "publish", QUARTER.label])
    me = people[0]
    mine = db.scalar(
        select(RotaAssignment)
        .where(
            (RotaAssignment.first_visitor_id == me.id) | (RotaAssignment.second_visitor_id == me.id)
        )
        .order_by(RotaAssignment.week_starting)
    )
    day = mine.week_starting + timedelta(days=2)
    boxes = {
        name: [str(day.day), str(day.month), str(day.year)] for name in ("starts_on", "ends_on")
    }
    with app.test_client() as browser:
        sign_in(browser, db, me)
        page = page_text(browser.post("/account/unavailable", data=boxes, follow_redirects=True))
    week = planner.week_label(mine.week_starting)
    assert f"You are on the rota for the {week} ({mine.suite.name}): the coordinator" in page
    told = db.scalars(select(Email).where(Email.recipient == coordinator.email)).all()
    assert [e.subject for e in told] == [f"{me.name} cannot go on planned visit"]
    assert mine.suite.name in told[0].body


def test_a_volunteers_hand_over_e_mails_the_new_visitor_the_partner_and_the_coordinators(
    runner, app, db
):
    _, people = scheme(db, volunteers=6)
    coordinator = factories.create_person(db, Role.COORDINATOR)
    plan_json(runner, "--seed", "5")
    runner.invoke(args=["rota", "publish", QUARTER.label])
    rota = db.scalar(select(Rota))
    me = people[0]
    visit = next(a for a in rota.assignments if me.id in a.visitor_ids)
    partner = visit.partner_of(me.id)
    free = _free(db, rota, visit.week_starting, people)[0]
    with app.test_client() as browser:
        sign_in(browser, db, me)
        shown = ",".join(str(p) for p in visit.visitor_ids)
        posted = browser.post(
            f"/my-rota/{visit.id}/swap", data={"joining": free.id, "based_on": shown}
        )
    assert posted.status_code == 302
    changed = select(Email).where(Email.subject != f"Your rota for {QUARTER.label}")
    emails = {e.recipient: e for e in db.scalars(changed)}
    assert {free.email, partner.email, coordinator.email} <= set(emails)
    assert me.email not in emails
    assert emails[coordinator.email].subject.startswith("Rota hand-over:")
    assert f"{me.name} has handed their visit to {visit.suite.name}" in (
        emails[coordinator.email].body
    )


def test_no_report_alert_skips_a_week_the_suite_was_closed_throughout(runner, db):
    (beaumont, _), _ = scheme(db)
    plan_json(runner, "--seed", "1")
    runner.invoke(args=["rota", "publish", QUARTER.label])
    db.add(
        SuiteClosure(
            suite_id=beaumont.id,
            starts_on=MONDAYS[0] - timedelta(days=2),
            ends_on=MONDAYS[0] + timedelta(days=6),
            reason="Refurbishment",
        )
    )
    db.commit()
    found = alerts.planned_weeks_without_report(db, today=MONDAYS[1] + timedelta(days=7))
    assert [(a["suite"], a["week_starting"]) for a in found] == [
        ("Keyham Lane", MONDAYS[0]),
        ("Beaumont Leys", MONDAYS[1]),
        ("Keyham Lane", MONDAYS[1]),
    ]


def test_a_week_no_volunteer_can_visit_says_so_in_words():
    monday = MONDAYS[0]
    suite = planner.SuiteWeeks(1, "Keyham Lane", (monday,))
    away = planner.Volunteer(1, "Alex", unavailable=((monday, monday),))
    assert planner.problems([monday], [suite], [away])[0].endswith(
        "no volunteer can visit, and a visit needs a pair"
    )
    free = planner.Volunteer(2, "Sam")
    assert "only 1 volunteer can visit" in planner.problems([monday], [suite], [away, free])[0]


def test_a_swap_making_a_pair_go_two_weeks_running_is_made_and_said(client, db, login_as):
    (beaumont, keyham), people = scheme(db, volunteers=6)
    v = [p.id for p in people]
    rota = Rota(period=QUARTER.label, seed=1, status=RotaStatus.PUBLISHED)
    weeks = [
        (beaumont, MONDAYS[0], v[0], v[1]),
        (keyham, MONDAYS[0], v[2], v[3]),
        (beaumont, MONDAYS[1], v[0], v[4]),
        (keyham, MONDAYS[1], v[2], v[5]),
    ]
    rota.assignments = [
        RotaAssignment(suite_id=s.id, week_starting=m, first_visitor_id=a, second_visitor_id=b)
        for s, m, a, b in weeks
    ]
    db.add(rota)
    db.commit()
    login_as(Role.COORDINATOR)
    visit = rota.assignments[2]
    swapped = client.post(
        f"/rota/visits/{visit.id}/visitor",
        data={"leaving": v[4], "joining": v[1], "based_on": f"{v[0]},{v[4]}"},
        follow_redirects=True,
    )
    text = page_text(swapped)
    assert "The visitor is swapped" in text
    first = MONDAYS[0]
    together = f"{people[0].name} and {people[1].name} also go together in the week of {first.day}"
    assert together in text
    db.expire_all()
    assert db.get(RotaAssignment, visit.id).visitor_ids == (v[0], v[1])


def test_a_stale_hand_over_page_gets_the_conflict_page_not_page_not_found(app, db):
    _, people = scheme(db, volunteers=6)
    coordinator = factories.create_person(db, Role.COORDINATOR)
    rota = Rota(period=QUARTER.label, seed=1, status=RotaStatus.PUBLISHED)
    beaumont, v = db.scalars(select(Suite).order_by(Suite.id)).first(), people
    rota.assignments = [
        RotaAssignment(
            suite_id=beaumont.id,
            week_starting=MONDAYS[0],
            first_visitor_id=v[0].id,
            second_visitor_id=v[1].id,
        )
    ]
    db.add(rota)
    db.commit()
    visit = rota.assignments[0]
    with app.test_client() as office:
        sign_in(office, db, coordinator)
        office.post(
            f"/rota/visits/{visit.id}/visitor", data={"leaving": v[0].id, "joining": v[2].id}
        )
    with app.test_client() as mine:
        sign_in(mine, db, v[0])
        late = mine.post(f"/my-rota/{visit.id}/swap", data={"joining": v[3].id})
    assert late.status_code == 409
    assert "You are no longer on this visit" in page_text(late)


def _published(db, people, weeks):
    """A published rota of Beaumont Leys: a pair of `people` (by index) for each Monday."""
    rota = Rota(period=QUARTER.label, seed=1, status=RotaStatus.PUBLISHED)
    beaumont = db.scalars(select(Suite).order_by(Suite.id)).first()
    rota.assignments = [
        RotaAssignment(
            suite_id=beaumont.id,
            week_starting=monday,
            first_visitor_id=people[a].id,
            second_visitor_id=people[b].id,
        )
        for monday, a, b in weeks
    ]
    db.add(rota)
    db.commit()
    return rota


def _told(db):
    return {e.recipient: e for e in db.scalars(select(Email).order_by(Email.id))}


def test_swapping_two_weeks_tells_each_of_the_four_visitors_their_week_now(client, db, login_as):
    _, v = scheme(db, volunteers=6)
    rota = _published(db, v, [(MONDAYS[0], 0, 1), (MONDAYS[2], 2, 3)])
    coordinator = login_as(Role.COORDINATOR)
    first, third = (f"week of {m.day} {m:%B %Y}" for m in (MONDAYS[0], MONDAYS[2]))
    visit = rota.assignments[0]
    swapped = client.post(
        f"/rota/visits/{visit.id}/week",
        data={"week": MONDAYS[2].isoformat(), "based_on": f"{v[0].id},{v[1].id}"},
    )
    assert swapped.status_code == 302
    told = _told(db)
    assert set(told) == {v[n].email for n in range(4)}  # not the coordinator, no one else
    assert coordinator.email not in told
    assert told[v[0].email].subject == f"Rota change: Beaumont Leys, {first} and {third}"
    assert f"- in the {third}, with {v[1].name}" in told[v[0].email].body
    assert f"- in the {first}, with {v[3].name}" in told[v[2].email].body
    assert all(":00" not in e.body and "day and time" in e.body for e in told.values())


def test_a_draft_rota_changed_e_mails_no_volunteer(client, db, login_as):
    _, v = scheme(db, volunteers=6)
    rota = _published(db, v, [(MONDAYS[0], 0, 1), (MONDAYS[2], 2, 3)])
    rota.status = RotaStatus.DRAFT
    db.commit()
    login_as(Role.COORDINATOR)
    visit = rota.assignments[0]
    shown = f"{v[0].id},{v[1].id}"
    week = {"week": MONDAYS[2].isoformat(), "based_on": shown}
    assert client.post(f"/rota/visits/{visit.id}/week", data=week).status_code == 302
    db.expire_all()
    assert db.get(RotaAssignment, visit.id).visitor_ids == (v[2].id, v[3].id)
    replaced = {"leaving": v[2].id, "joining": v[4].id, "based_on": f"{v[2].id},{v[3].id}"}
    assert client.post(f"/rota/visits/{visit.id}/visitor", data=replaced).status_code == 302
    assert _told(db) == {}


def test_a_volunteer_the_coordinator_takes_off_a_visit_is_told(client, db, login_as):
    _, v = scheme(db, volunteers=6)
    rota = _published(db, v, [(MONDAYS[0], 0, 1)])
    login_as(Role.COORDINATOR)
    visit = rota.assignments[0]
    replaced = {"leaving": v[0].id, "joining": v[4].id, "based_on": f"{v[0].id},{v[1].id}"}
    assert client.post(f"/rota/visits/{visit.id}/visitor", data=replaced).status_code == 302
    told = _told(db)
    assert set(told) == {v[0].email, v[1].email, v[4].email}
    week = f"week of {MONDAYS[0].day} {MONDAYS[0]:%B %Y}"
    assert (
        f"You no longer visit Beaumont Leys in the {week}: {v[4].name} goes in your place, "
        f"with {v[1].name}."
    ) in told[v[0].email].body
    assert f"in place of {v[0].name}, with you" in told[v[1].email].body


def test_publishing_a_rota_e_mails_each_volunteer_on_it_their_visits_once(client, db, login_as):
    _, v = scheme(db, volunteers=6)
    rota = _published(db, v, [(MONDAYS[0], 0, 1), (MONDAYS[1], 2, 3), (MONDAYS[2], 0, 2)])
    rota.status = RotaStatus.DRAFT
    db.commit()
    login_as(Role.COORDINATOR)
    assert client.post(f"/rota/{rota.id}/publish").status_code == 302
    emails = db.scalars(select(Email)).all()
    assert sorted(e.recipient for e in emails) == sorted(v[n].email for n in range(4))
    mine = next(e for e in emails if e.recipient == v[0].email)
    assert mine.subject == f"Your rota for {QUARTER.label}"
    weeks = [f"week of {m.day} {m:%B %Y}" for m in MONDAYS[:3]]
    assert (
        f"- Beaumont Leys in the {weeks[0]}, with {v[1].name}\n"
        f"- Beaumont Leys in the {weeks[2]}, with {v[2].name}\n"
    ) in mine.body
    assert ":00" not in mine.body and "/my-rota" in mine.body


def test_the_coordinator_adding_dates_on_a_planned_week_is_warned_on_the_spot(client, db, login_as):
    _, v = scheme(db, volunteers=6)
    _published(db, v, [(MONDAYS[1], 0, 1)])
    login_as(Role.COORDINATOR)
    day = MONDAYS[1] + timedelta(days=3)
    boxes = {
        name: [str(day.day), str(day.month), str(day.year)] for name in ("starts_on", "ends_on")
    }
    page = client.post(
        f"/manage/people/{v[0].id}/unavailable/new", data=boxes, follow_redirects=True
    )
    week = f"week of {MONDAYS[1].day} {MONDAYS[1]:%B %Y}"
    assert f"{v[0].name} is on the rota for the {week} (Beaumont Leys): replace them" in (
        page_text(page)
    )
    assert _told(db) == {}  # the coordinator knows: no e-mail to anyone


def test_no_one_no_longer_an_active_volunteer_is_e_mailed_a_plan_of_visits(client, db, login_as):
    _, v = scheme(db, volunteers=6)
    rota = _published(db, v, [(MONDAYS[0], 0, 1), (MONDAYS[1], 2, 3)])
    login_as(Role.COORDINATOR)
    left = client.post(f"/manage/people/{v[0].id}/active", data={"active": "false"})
    assert left.status_code == 302
    v[1].active = False  # the partner, deactivated too
    v[2].role = Role.FORCE  # and a volunteer who now works for the force
    db.commit()
    db.execute(Email.__table__.delete())
    db.commit()
    first, second = rota.assignments
    replaced = {"leaving": v[0].id, "joining": v[4].id, "based_on": f"{v[0].id},{v[1].id}"}
    assert client.post(f"/rota/visits/{first.id}/visitor", data=replaced).status_code == 302
    replaced = {"leaving": v[2].id, "joining": v[5].id, "based_on": f"{v[2].id},{v[3].id}"}
    assert client.post(f"/rota/visits/{second.id}/visitor", data=replaced).status_code == 302
    assert set(_told(db)) == {v[4].email, v[5].email, v[3].email}


def test_two_publishing_one_rota_at_once_e_mail_each_volunteer_once(app, db):
    _, v = scheme(db, volunteers=6)
    rota = _published(db, v, [(MONDAYS[0], 0, 1), (MONDAYS[1], 2, 3)])
    rota.status = RotaStatus.DRAFT
    db.commit()
    maker = app.extensions["icv.sessionmaker"]
    first, second = maker(), maker()
    second.expire_on_commit = False  # what it read stays as it was read, as in a request
    try:
        with app.app_context():
            # Both requests loaded the draft before either published it.
            mine, theirs = first.get(Rota, rota.id), second.get(Rota, rota.id)
            assert not mine.published and not theirs.published
            second.commit()
            plans.publish(first, None, mine)
            first.commit()
            assert not theirs.published  # as the second request still holds it
            with pytest.raises(NotAllowedNow, match="already published"):
                plans.publish(second, None, theirs)
            second.rollback()
    finally:
        first.close()
        second.close()
    recipients = db.scalars(select(Email.recipient)).all()
    assert sorted(recipients) == sorted(v[n].email for n in range(4))


def test_publishing_from_the_command_line_says_when_the_e_mails_links_are_paths_only(
    app, runner, db, monkeypatch
):
    scheme(db, volunteers=6)
    plan_json(runner, "--seed", "5")
    bare = runner.invoke(args=["rota", "publish", QUARTER.label])
    assert bare.exit_code == 0
    assert "ICV_BASE_URL is not set, so the links in these e-mails are paths only" in bare.output
    assert db.scalars(select(Email.body)).first().endswith("Your rota: /my-rota\n")

    db.execute(Email.__table__.delete())
    db.delete(db.scalar(select(Rota)))
    db.commit()
    monkeypatch.setitem(app.config, "BASE_URL", "https://icv.example.org")
    plan_json(runner, "--seed", "5")
    whole = runner.invoke(args=["rota", "publish", QUARTER.label])
    assert whole.exit_code == 0 and "ICV_BASE_URL" not in whole.output
    assert (
        db.scalars(select(Email.body))
        .first()
        .endswith("Your rota: https://icv.example.org/my-rota\n")
    )


def test_publishing_a_draft_drawn_again_since_the_page_showed_it_is_refused(client, db, login_as):
    scheme(db, volunteers=8)
    login_as(Role.COORDINATOR)
    client.post("/rota", data={"period": QUARTER.label, "seed": "4"})
    shown = db.scalar(select(Rota))
    page = client.get(f"/rota/{shown.id}").get_data(as_text=True)
    drawn = re.search(r'name="drawn" value="([^"]+)"', page).group(1)
    assert drawn == shown.drawn
    client.post("/rota", data={"period": QUARTER.label, "seed": "5"})  # a colleague draws again
    refused = client.post(f"/rota/{shown.id}/publish", data={"drawn": drawn})
    assert refused.status_code == 409
    assert "Someone else has just drawn the rota of" in page_text(refused)  # same id or not
    db.expire_all()
    assert not db.scalar(select(Rota)).published
    assert db.scalars(select(Email)).all() == []
    now = db.scalar(select(Rota))
    assert client.post(f"/rota/{now.id}/publish", data={"drawn": now.drawn}).status_code == 302
    db.expire_all()
    assert db.scalar(select(Rota)).published


def test_a_change_to_a_visit_of_a_draft_drawn_again_meanwhile_is_a_conflict(app, db):
    _, v = scheme(db, volunteers=6)
    rota = _published(db, v, [(MONDAYS[0], 0, 1)])
    maker = app.extensions["icv.sessionmaker"]
    mine = maker()
    mine.expire_on_commit = False
    try:
        with app.app_context():
            visit = mine.get(RotaAssignment, rota.assignments[0].id)  # its rota not read
            mine.commit()
            db.delete(db.get(Rota, rota.id))  # drawn again by someone else
            db.commit()
            with pytest.raises(Conflict, match="has just drawn the rota"):
                changes.replace_visitor(mine, None, visit, v[0].id, v[4].id)
            mine.rollback()
    finally:
        mine.close()


def test_a_partner_whose_record_says_they_have_left_is_not_told(client, db, login_as):
    _, v = scheme(db, volunteers=6)
    rota = _published(db, v, [(MONDAYS[0], 0, 1)])
    db.get(VolunteerRecord, v[1].id).left_on = clock.today() - timedelta(days=1)
    db.commit()
    login_as(Role.COORDINATOR)
    visit = rota.assignments[0]
    replaced = {"leaving": v[0].id, "joining": v[4].id, "based_on": f"{v[0].id},{v[1].id}"}
    assert client.post(f"/rota/visits/{visit.id}/visitor", data=replaced).status_code == 302
    assert set(_told(db)) == {v[0].email, v[4].email}
