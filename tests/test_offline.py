"""The pages and the service worker for working with no signal (icv.offline); the browser
tests (tests/browser/test_offline.py) work them."""

import re

from icv.models import Role
from icv.templating import asset_url
from tests import factories
from tests.conftest import page_text


def test_the_service_worker_keeps_the_current_files_and_the_volunteers_pages(app, client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"  # a new version is found at once
    script = response.get_data(as_text=True)
    with app.test_request_context():
        for path in ("icv.css", "icv.js", "offline.js"):
            assert f'"{asset_url(path)}"' in script
    assert '["/visits/on-this-phone", "/visits/outbox"]' in script
    assert re.search(r"const SHELL = 'icv-shell-[0-9a-f]{12}'", script)


def test_the_page_for_no_signal_names_nobody(client, login_as):
    login_as(Role.VOLUNTEER)
    page = client.get("/offline").get_data(as_text=True)
    assert "No signal" in page
    assert "csrf-token" not in page and "data-person" not in page and "Sign out" not in page


def test_the_report_on_the_phone_asks_every_question_of_the_steps(client, db, login_as):
    me = login_as(Role.VOLUNTEER)
    partner = factories.create_person(db, Role.VOLUNTEER, name="Priya Mistry")
    factories.create_suite(db, "Keyham Lane")
    response = client.get("/visits/on-this-phone")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for name in (
        "suite_id",
        "visit_date",
        "visit_type",
        "partner",
        "second_partner",
        "outcome",
        "arrived_at",
        "admitted_at",
        "delay_reason",
        "detainees-0-outcome",
        "detainees-0-not_available_reason",
        "cctv-state",
        "cctv-note",
        "issues-999-description",
        "observations",
    ):
        assert f'name="{name}"' in page, name
    assert "raise_issue" not in page  # on the phone, an issue is written on the page itself
    assert 'name="csrf_token"' not in page.split("data-phone-report")[1]  # the outbox sends
    text = page_text(response)
    assert "Keyham Lane" in text and partner.name in text
    partners = page.split('name="partner"')[1].split("</select>")[0]
    assert f'value="{partner.id}"' in partners
    assert f'value="{me.id}"' not in partners  # nobody is their own partner
    assert "needs JavaScript" in text


def test_the_outbox_says_it_needs_javascript(client, login_as):
    login_as(Role.VOLUNTEER)
    assert "It needs JavaScript" in page_text(client.get("/visits/outbox"))


def test_only_volunteers_get_the_offline_layer(client, login_as):
    login_as(Role.COORDINATOR)
    assert "offline.js" not in client.get("/").get_data(as_text=True)
    client.post("/sign-out")
    login_as(Role.VOLUNTEER)
    assert "offline.js" in client.get("/").get_data(as_text=True)
