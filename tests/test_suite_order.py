"""The coordinator sets the order the scheme lists its suites in: the statistics, exports,
narrative and lists follow it (then the name)."""

from datetime import date

from sqlalchemy import select

from icv import periods
from icv.models import AuditEvent, Role, Suite
from icv.reporting import figure_tables, narrative, statistics
from tests import factories
from tests.conftest import page_text


def three_suites(db):
    names = ("Euston Street", "Beaumont Leys", "Keyham Lane")
    suites = {name: factories.create_suite(db, name) for name in names}
    for day, name in enumerate(names, start=1):
        factories.create_visit(db, suites[name], date(2016, 5, day), wait_minutes=0)
    return suites


def suite_order(stats):
    return [suite["name"] for suite in stats["suites"]]


def test_without_an_order_the_suites_are_listed_by_name(db):
    three_suites(db)
    stats = statistics.compute(db, periods.parse("2016/17"))
    assert suite_order(stats) == ["Beaumont Leys", "Euston Street", "Keyham Lane"]
    assert list(stats["visits"]["by_suite"]) == suite_order(stats)


def test_moving_a_suite_changes_the_order_everywhere_and_is_audited(client, db, login_as):
    suites = three_suites(db)
    login_as(Role.COORDINATOR)
    keyham = suites["Keyham Lane"]
    response = client.post(f"/manage/suites/{keyham.id}/move", data={"direction": "up"})
    assert response.status_code == 302
    response = client.post(f"/manage/suites/{keyham.id}/move", data={"direction": "up"})
    assert "Keyham Lane is moved up" in page_text(client.get("/manage/suites"))
    stats = statistics.compute(db, periods.parse("2016/17"))
    assert suite_order(stats) == ["Keyham Lane", "Beaumont Leys", "Euston Street"]
    assert list(stats["visits"]["by_suite"]) == suite_order(stats)
    assert list(stats["months"][1]["by_suite"]) == suite_order(stats)
    suites_table = next(table for table in figure_tables.tables(stats) if table.key == "suites")
    assert [row[0] for row in suites_table.rows] == suite_order(stats)
    assert "as follows: Keyham Lane 1, Beaumont Leys 1, Euston Street 1." in narrative.text(stats)
    moves = db.scalars(select(AuditEvent).where(AuditEvent.action == "suite_moved")).all()
    assert len(moves) == 2
    assert (moves[-1].before, moves[-1].after) == ({"position": 2}, {"position": 1})
    listed = page_text(client.get("/manage/suites"))
    assert listed.index("Keyham Lane") < listed.index("Beaumont Leys") < listed.index("Euston")


def test_the_first_cannot_go_up_nor_a_direction_be_made_up(client, db, login_as):
    suites = three_suites(db)
    login_as(Role.COORDINATOR)
    first = suites["Beaumont Leys"]
    client.post(f"/manage/suites/{first.id}/move", data={"direction": "up"})
    assert "Beaumont Leys is already first" in page_text(client.get("/manage/suites"))
    client.post(f"/manage/suites/{first.id}/move", data={"direction": "sideways"})
    text = page_text(client.get("/manage/suites"))
    assert "Choose whether to move the suite up or down" in text
    assert db.scalar(select(Suite.position).where(Suite.id == first.id)) == 0
    assert client.post("/manage/suites/999999/move", data={"direction": "up"}).status_code == 404


def test_only_the_coordinator_may_move_a_suite(client, db, login_as):
    suites = three_suites(db)
    login_as(Role.VOLUNTEER)
    response = client.post(
        f"/manage/suites/{suites['Keyham Lane'].id}/move", data={"direction": "up"}
    )
    assert response.status_code in (403, 404)
    assert db.scalar(select(Suite.position).where(Suite.name == "Keyham Lane")) == 0
