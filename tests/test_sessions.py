"""How long a session lasts, and that a step posted after it has ended is kept and saved once
its person signs in again (icv.access, icv.held_posts)."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from icv.models import HeldPost, ReportStatus, Role
from tests import factories
from tests.conftest import page_text
from tests.test_visit_reports import EIGHT_DETAINEES, rows, start, stored


def idle_for(client, minutes):
    with client.session_transaction() as session:
        session["seen"] = int((datetime.now(UTC) - timedelta(minutes=minutes)).timestamp())


def signed_in(client) -> bool:
    return client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("role", "minutes", "stays"),
    [
        (Role.VOLUNTEER, 179, True),
        (Role.VOLUNTEER, 181, False),
        (Role.COORDINATOR, 29, True),
        (Role.COORDINATOR, 31, False),
        (Role.FORCE, 31, False),
    ],
)
def test_a_volunteer_stays_signed_in_through_a_visit_and_others_for_30_minutes(
    client, login_as, role, minutes, stays
):
    login_as(role)
    idle_for(client, minutes)
    assert signed_in(client) is stays


def test_a_busy_session_still_ends_12_hours_after_signing_in(client, login_as):
    login_as(Role.VOLUNTEER)
    with client.session_transaction() as session:
        session["began"] = int((datetime.now(UTC) - timedelta(hours=12, minutes=1)).timestamp())
    assert not signed_in(client)


@pytest.fixture
def one_minute(app, monkeypatch):
    """A one-minute session for volunteers; once called, CSRF is checked as in production."""
    monkeypatch.setitem(app.config, "VOLUNTEER_IDLE_MINUTES", 1)
    return lambda: monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def token_and_version(client, url):
    page = client.get(url).get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page)
    return {
        "csrf_token": re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1],
        "version": version[1] if version else "",
    }


def sign_in_again(client, person, location):
    """Sign in on the page the app sent to, as a person would; where it goes next."""
    page = client.get(location).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]
    response = client.post(
        location,
        data={"email": person.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    return response.headers["Location"]


def held_count(db) -> int:
    return db.scalar(select(func.count()).select_from(HeldPost))


def test_a_step_posted_after_a_one_minute_session_ended_is_saved_after_signing_in(
    client, db, login_as, one_minute
):
    lead = factories.create_person(db, Role.VOLUNTEER)
    login_as(lead)
    report = start(client)
    one_minute()
    form = token_and_version(client, f"{report}/detainees")
    idle_for(client, 2)
    posted = client.post(f"{report}/detainees", data={**rows("detainees", EIGHT_DETAINEES), **form})

    assert posted.status_code == 302
    sign_in_page = posted.headers["Location"]
    assert sign_in_page.startswith("/sign-in?next=")
    assert "What you sent is kept: sign in and it is saved." in page_text(client.get(sign_in_page))
    assert stored(db, report).detainees == []
    assert held_count(db) == 1

    back = sign_in_again(client, lead, sign_in_page)
    assert urlsplit(back).path == f"{report}/detainees"
    assert "held" in parse_qs(urlsplit(back).query)
    saved = client.get(back)
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith(f"{report}/checklist")
    visit = stored(db, report)
    assert len(visit.detainees) == 8
    assert visit.detainees[7].custody_number == "LE/01234/17"
    assert held_count(db) == 0

    again = client.get(back)  # Back to the address: shows the step, saves nothing twice
    assert again.status_code == 200
    assert len(stored(db, report).detainees) == 8


def test_a_held_step_that_does_not_read_comes_back_with_its_messages(
    client, db, login_as, one_minute
):
    lead = factories.create_person(db, Role.VOLUNTEER)
    login_as(lead)
    report = start(client)
    one_minute()
    form = token_and_version(client, f"{report}/detainees")
    idle_for(client, 2)
    detainee = {"outcome": "not_available", "welfare_notes": "Sleeping"}
    posted = client.post(f"{report}/detainees", data={**rows("detainees", [detainee]), **form})
    back = sign_in_again(client, lead, posted.headers["Location"])
    page = client.get(back)
    assert page.status_code == 200
    text = page_text(page)
    assert "Select why detainee 1 was not available" in text
    assert "Sleeping" in text  # what was typed is on the page to finish
    assert stored(db, report).detainees == []


def test_a_held_step_is_not_saved_when_someone_else_signs_in(client, db, login_as, one_minute):
    lead = factories.create_person(db, Role.VOLUNTEER)
    other = factories.create_person(db, Role.VOLUNTEER)
    login_as(lead)
    report = start(client)
    one_minute()
    form = token_and_version(client, f"{report}/observations")
    idle_for(client, 2)
    posted = client.post(f"{report}/observations", data={"observations": "Busy night", **form})

    back = sign_in_again(client, other, posted.headers["Location"])
    assert client.get(back).status_code == 404
    assert stored(db, report).observations is None
    assert held_count(db) == 1  # still the lead's, for when they sign in on this phone


def test_a_post_without_its_pages_token_is_not_held(client, db, login_as, one_minute):
    lead = factories.create_person(db, Role.VOLUNTEER)
    login_as(lead)
    report = start(client)
    one_minute()
    form = token_and_version(client, f"{report}/observations")
    idle_for(client, 2)
    posted = client.post(
        f"{report}/observations",
        data={"observations": "Forged", "version": form["version"], "csrf_token": "forged"},
    )
    assert posted.status_code == 400
    assert held_count(db) == 0


def test_after_the_session_ended_a_post_that_is_not_a_step_returns_to_its_page(
    client, db, login_as, one_minute
):
    login_as(Role.VOLUNTEER)
    report = start(client)
    one_minute()
    form = token_and_version(client, f"{report}/delete")
    idle_for(client, 2)
    posted = client.post(
        f"{report}/delete",
        data={"csrf_token": form["csrf_token"]},
        headers={"Referer": f"http://icv.test{report}/delete"},
    )
    assert posted.status_code == 302
    assert parse_qs(urlsplit(posted.headers["Location"]).query)["next"] == [f"{report}/delete"]
    assert stored(db, report) is not None  # not deleted: that needs a yes after signing in
    assert held_count(db) == 0


def test_posts_held_longer_than_a_week_are_removed(app, client, db, login_as, runner):
    lead = factories.create_person(db, Role.VOLUNTEER)
    db.add_all(
        [
            HeldPost(token="old", person_id=lead.id, path="/", fields=[], held_at=ago(days=8)),
            HeldPost(token="new", person_id=lead.id, path="/", fields=[], held_at=ago(days=6)),
        ]
    )
    db.commit()
    result = runner.invoke(args=["retention", "purge"])
    assert "Removed 1 posts held over a sign-in" in result.output
    assert db.scalars(select(HeldPost.token)).all() == ["new"]


def ago(**delta) -> datetime:
    return datetime.now(UTC) - timedelta(**delta)


def test_submit_pressed_after_the_session_ended_submits_once_signed_in_again(
    client, db, login_as, one_minute
):
    lead = factories.create_person(db, Role.VOLUNTEER)
    visit = factories.create_report(db, lead)  # a finished draft
    login_as(lead)
    one_minute()
    form = token_and_version(client, f"/visits/{visit.id}/check")
    idle_for(client, 2)
    posted = client.post(f"/visits/{visit.id}/check", data=form)
    back = sign_in_again(client, lead, posted.headers["Location"])
    assert client.get(back).headers["Location"].endswith(f"/visits/{visit.id}/submitted")
    db.refresh(visit)
    assert visit.status is not ReportStatus.DRAFT and len(visit.versions) == 1
