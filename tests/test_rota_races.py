"""Changes to one rota at the same moment (issue 13's review): two swaps never put a volunteer
on two suites in one week, a replacement and a hand-over of the same place are not both made
(the second is told, 409), and two drawing the same quarter never see a server error.

These requests really run at once, each in its own thread and connection, on a database that
commits (as tests/test_concurrency.py): a SQLite file, or a PostgreSQL database made for the
test beside ICV_TEST_DATABASE_URL."""

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from icv import periods
from icv.models import AuditEvent, Role, Rota, RotaAssignment, RotaStatus, VolunteerRecord
from icv.services import suites
from tests import conftest as databases
from tests import factories
from tests.conftest import page_text, sign_in
from tests.test_rota import MONDAYS, QUARTER


@pytest.fixture
def rota_scheme(tmp_path):
    """Two suites, a published rota with one week: (1, 2) at the first, (3, 4) at the second;
    volunteers 5 and 6 free; a coordinator."""
    with databases.app_of_its_own(tmp_path / "rota.sqlite", "icv_rota_race") as (app, _url):
        with app.app_context():
            session = app.extensions["icv.sessionmaker"]()
            session.info["app"] = app
            made = [suites.add_suite(session, None, name) for name in ("Beaumont", "Keyham")]
            volunteers = [
                factories._create_person(session, Role.VOLUNTEER, name=f"Volunteer {n}")
                for n in range(1, 7)
            ]
            coordinators = [factories._create_person(session, Role.COORDINATOR) for _ in "ab"]
            session.flush()
            for person in volunteers:
                session.get(VolunteerRecord, person.id).joined_on = date(2020, 1, 1)
            rota = Rota(period=QUARTER.label, seed=1, status=RotaStatus.PUBLISHED)
            v = [p.id for p in volunteers]
            rota.assignments = [
                RotaAssignment(
                    suite_id=made[0].id,
                    week_starting=MONDAYS[0],
                    first_visitor_id=v[0],
                    second_visitor_id=v[1],
                ),
                RotaAssignment(
                    suite_id=made[1].id,
                    week_starting=MONDAYS[0],
                    first_visitor_id=v[2],
                    second_visitor_id=v[3],
                ),
            ]
            session.add(rota)
            session.commit()
            ids = {"volunteers": v, "visits": [a.id for a in rota.assignments]}
            people = {
                "coordinator": coordinators[0],
                "coordinator2": coordinators[1],
                "volunteer1": volunteers[0],
            }
            session.close()
        # Signed in outside the app context: each request then has its own (and its own user).
        session = app.extensions["icv.sessionmaker"]()
        clients = {}
        for key, person in people.items():
            client = app.test_client()
            signed = sign_in(client, session, person)
            assert not signed.headers["Location"].startswith("/sign-in"), page_text(signed)
            clients[key] = client
        session.close()
        yield app, ids, clients


def at_once(*requests) -> list[int]:
    start = threading.Barrier(len(requests))
    statuses = [None] * len(requests)

    def send(number):
        start.wait()
        statuses[number] = requests[number]().status_code

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def read(app, query):
    with app.app_context():
        session = app.extensions["icv.sessionmaker"]()
        try:
            return query(session)
        finally:
            session.close()


def test_two_swaps_at_once_never_put_a_volunteer_on_two_suites_in_a_week(rota_scheme):
    app, ids, clients = rota_scheme
    v, (first, second) = ids["volunteers"], ids["visits"]
    statuses = at_once(
        lambda: clients["coordinator"].post(
            f"/rota/visits/{first}/visitor", data={"leaving": v[0], "joining": v[4]}
        ),
        lambda: clients["coordinator2"].post(
            f"/rota/visits/{second}/visitor", data={"leaving": v[2], "joining": v[4]}
        ),
    )
    assert sorted(statuses) == [200, 302]  # the second told: already visits that week
    visits = read(
        app,
        lambda s: [
            a.visitor_ids for a in s.scalars(select(RotaAssignment).order_by(RotaAssignment.id))
        ],
    )
    assert sum(v[4] in pair for pair in visits) == 1


def test_a_replacement_and_a_hand_over_of_one_place_at_once_are_not_both_made(rota_scheme):
    app, ids, clients = rota_scheme
    v, (first, _) = ids["volunteers"], ids["visits"]
    shown = f"{v[0]},{v[1]}"
    statuses = at_once(
        lambda: clients["coordinator"].post(
            f"/rota/visits/{first}/visitor",
            data={"leaving": v[0], "joining": v[4], "based_on": shown},
        ),
        lambda: clients["volunteer1"].post(
            f"/my-rota/{first}/swap", data={"joining": v[5], "based_on": shown}
        ),
    )
    assert sorted(statuses) == [302, 409]
    swaps = read(
        app,
        lambda s: s.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "rota.visitor_swapped")
        ),
    )
    assert swaps == 1


def test_two_drawing_the_same_quarter_at_once_see_no_server_error(rota_scheme):
    app, _, clients = rota_scheme
    later = periods.quarter_of(QUARTER.end + timedelta(days=1)).label  # no rota yet
    statuses = at_once(
        lambda: clients["coordinator"].post("/rota", data={"period": later, "seed": "1"}),
        lambda: clients["coordinator2"].post("/rota", data={"period": later, "seed": "2"}),
    )
    assert 500 not in statuses and 302 in statuses
    assert set(statuses) <= {302, 409}
    rotas = read(
        app, lambda s: s.scalar(select(func.count()).select_from(Rota).where(Rota.period == later))
    )
    assert rotas == 1
