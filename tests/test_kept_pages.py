"""A volunteer's home is kept, rendered and compressed, while what it shows is the same
(icv.kept): it still changes the moment what it shows changes, and is nobody else's."""

import brotli
from werkzeug import Response

from icv.models import Suite
from tests import factories
from tests.conftest import page_text, sign_in

BROWSER = {"Accept-Encoding": "br", "Sec-Fetch-Site": "same-origin"}


def home_html(client) -> str:
    response = client.get("/", headers=BROWSER)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    return brotli.decompress(response.data).decode()


def home(client) -> str:
    """The words a volunteer reads on their home."""
    return page_text(Response(home_html(client), mimetype="text/html"))


def test_the_home_shows_a_report_waiting_for_the_partner_as_soon_as_it_is_filed(
    client, db, login_as
):
    partner = login_as("volunteer")
    before = home(client)
    assert home(client) == before  # the kept page, the same as a fresh one
    assert "Waiting for you to confirm" not in before
    suite = factories.create_suite(db, "Keyham Lane")
    factories.create_report(db, partners=[partner], suite=suite, status="submitted")
    after = home(client)
    assert "Waiting for you to confirm" in after and "Keyham Lane" in after


def test_the_home_shows_a_suite_renamed_since_it_was_kept(client, db, login_as):
    volunteer = login_as("volunteer")
    suite = factories.create_suite(db, "Keyham Lane")
    factories.create_report(db, volunteer, suite=suite, status="confirmed")
    assert "Keyham Lane" in home(client) and "Keyham Lane" in home(client)
    db.get(Suite, suite.id).name = "Euston Road"
    db.commit()
    page = home(client)
    assert "Euston Road" in page and "Keyham Lane" not in page


def test_two_volunteers_with_nothing_yet_each_see_their_own_home(app, db):
    first = factories.create_person(db, "volunteer", name="Ada Shepherd")
    second = factories.create_person(db, "volunteer", name="Bola Okafor")
    pages = {}
    for person in (first, second, first):
        with app.test_client() as client:
            assert sign_in(client, db, person).status_code == 302
            pages.setdefault(person.name, set()).add(home(client))
    assert all(len(seen) == 1 for seen in pages.values())
    assert "Ada Shepherd" in next(iter(pages["Ada Shepherd"]))
    assert "Bola Okafor" in next(iter(pages["Bola Okafor"]))
    assert "Ada Shepherd" not in next(iter(pages["Bola Okafor"]))


def test_a_message_is_shown_once_and_not_kept(client, db, login_as):
    volunteer = login_as("volunteer")
    visit = factories.create_report(db, volunteer, status="draft")
    home(client)
    deleted = client.post(f"/visits/{visit.id}/delete", data={"version": visit.lock_version})
    assert deleted.status_code == 302
    assert "The draft is deleted" in home(client)
    assert "The draft is deleted" not in home(client)


def test_the_forms_on_a_kept_home_carry_a_token_that_still_works(
    app, client, db, login_as, monkeypatch
):
    login_as("volunteer")
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    first, kept = home_html(client), home_html(client)
    assert kept == first
    token = kept.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    started = client.post("/visits/new", data={"csrf_token": token})
    assert started.status_code == 302 and "/visits/" in started.headers["Location"]
    assert "New report" in home(client)
