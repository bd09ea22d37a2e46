"""Two-step sign-in: coordinators and force users enter a code from an authenticator app after
their password (or a one-time recovery code), and set it up at their first sign-in; volunteers
may choose it. Nothing answers between the two steps."""

import re
import time
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import select

from icv.models import AuditEvent, Person, RecoveryCode, Role, TwoStepKey
from tests import factories
from tests.conftest import page_text, sign_in

RIGHT_PASSWORD = {"password": factories.PASSWORD}


def password(client, person, address="127.0.0.1"):
    return client.post(
        "/sign-in",
        data={"email": person.email, **RIGHT_PASSWORD},
        environ_base={"REMOTE_ADDR": address},
    )


def enter(client, code, url="/sign-in/code", address="127.0.0.1"):
    return client.post(url, data={"code": code}, environ_base={"REMOTE_ADDR": address})


def key(db, person) -> TwoStepKey:
    db.expire_all()
    return db.get(TwoStepKey, person.id)


def signed_in(client) -> bool:
    return client.get("/").status_code == 200


def actions(db, person) -> list[str]:
    db.expire_all()
    return db.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.entity == "people", AuditEvent.entity_id == str(person.id))
        .order_by(AuditEvent.id)
    ).all()


def recovery_codes_on(page) -> list[str]:
    return re.findall(r"<code>([2-9a-z]{5}-[2-9a-z]{5})</code>", page.get_data(as_text=True))


def shown_secret(page) -> str:
    """The secret a set-up page shows for typing into an authenticator app."""
    return re.search(r"<code>([A-Z2-7 ]{16,})</code>", page.get_data(as_text=True))[1].replace(
        " ", ""
    )


def set_up(client, db, person) -> list[str]:
    """Sign in for the first time, setting two-step up; the recovery codes shown."""
    assert password(client, person).headers["Location"] == "/sign-in/set-up"
    secret = shown_secret(client.get("/sign-in/set-up"))
    response = enter(client, pyotp.TOTP(secret).now(), "/sign-in/set-up")
    assert response.status_code == 200
    return recovery_codes_on(response)


def nothing_answers(client):
    """Not signed in: every page sends to sign in, and the API says 401."""
    for url in ("/", "/manage/people", "/visits/outbox", "/issues/force", "/account"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/sign-in?next="), url
    me = client.get("/api/v1/me")
    assert me.status_code == 401
    assert "csrf_token" not in me.json


# -- Setting up ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.FORCE])
def test_a_first_sign_in_sets_up_two_step_then_shows_recovery_codes_once(client, db, role):
    person = factories.create_person(db, role, two_step=False)
    assert password(client, person).headers["Location"] == "/sign-in/set-up"
    page = client.get("/sign-in/set-up")
    secret = shown_secret(page)
    assert key(db, person) is None  # kept by this browser, not the database, until confirmed
    text = page_text(page)
    assert "Set up two-step sign-in" in text
    assert " ".join(re.findall(".{4}", secret)) in text  # grouped for typing
    html = page.get_data(as_text=True)
    assert '<svg role="img" aria-label="QR code' in html
    assert not re.search(r"<script(?![^>]* src=)", html)  # no script of its own
    assert client.get("/sign-in/set-up").get_data(as_text=True).count(secret[:4]) >= 1
    assert shown_secret(client.get("/sign-in/set-up")) == secret  # the same until confirmed
    nothing_answers(client)

    wrong = enter(client, "000000", "/sign-in/set-up")
    assert wrong.status_code == 400
    assert "The code is not right: enter the code your app shows now" in page_text(wrong)
    response = enter(client, pyotp.TOTP(secret).now(), "/sign-in/set-up")
    assert response.status_code == 200
    codes = recovery_codes_on(response)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "They are shown only now" in page_text(response)
    assert signed_in(client)
    assert actions(db, person)[-2:] == ["two_step_failed", "two_step_enabled"]
    # Kept as hashes only.
    hashes = db.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.person_id == person.id))
    stored = " ".join(hashes)
    assert not any(code.replace("-", "") in stored for code in codes)
    # The secret is shown nowhere after set-up, nor ever audited.
    for url in ("/sign-in/set-up", "/account", "/"):
        assert secret not in client.get(url, follow_redirects=True).get_data(as_text=True)
    audited = " ".join(f"{e.before} {e.after}" for e in db.scalars(select(AuditEvent)))
    assert secret not in audited


def test_an_invited_coordinator_sets_a_password_then_sets_up_two_step(app, client, login_as):
    login_as(Role.COORDINATOR)
    response = client.post(
        "/manage/people/new",
        data={"name": "Kit Marlow", "email": "kit@example.org", "role": "coordinator"},
    )
    link = re.search(r"http://icv\.test(/invitation/[\w-]+)", response.get_data(as_text=True))[1]
    invited = app.test_client()
    chosen = {"password": "lantern pebble orchard", "confirm": "lantern pebble orchard"}
    response = invited.post(link, data=chosen)
    assert response.headers["Location"] == "/sign-in/set-up"
    page = page_text(invited.get("/sign-in/set-up"))
    assert "Your password is set. Now set up two-step sign-in." in page
    nothing_answers(invited)


def test_each_browser_setting_up_is_shown_its_own_secret_and_only_the_confirmed_one_works(
    app, client, db
):
    """Stranger review: every browser waiting at set-up was shown one secret kept in the
    database, so someone with the password could copy it, let the person confirm it, and
    make working codes for good."""
    person = factories.create_person(db, Role.FORCE, two_step=False)
    intruder = app.test_client()
    password(intruder, person)
    copied = shown_secret(intruder.get("/sign-in/set-up"))
    password(client, person)
    secret = shown_secret(client.get("/sign-in/set-up"))
    assert secret != copied
    assert enter(client, pyotp.TOTP(secret).now(), "/sign-in/set-up").status_code == 200
    assert key(db, person).secret == secret

    # The intruder's copy makes no code that signs in, and their set-up is over.
    late = enter(intruder, pyotp.TOTP(copied).now(), "/sign-in/set-up")
    assert late.status_code in {302, 409}
    again = app.test_client()
    assert password(again, person).headers["Location"] == "/sign-in/code"
    refused = enter(again, pyotp.TOTP(copied).now(), "/sign-in/code")
    assert refused.status_code == 400
    assert not signed_in(again)


def test_a_code_with_a_space_is_taken_and_letters_are_not(client, db):
    person = factories.create_person(db, Role.COORDINATOR, two_step=False)
    password(client, person)
    letters = enter(client, "12a456", "/sign-in/set-up")
    assert "Enter the 6 digits your authenticator app shows, like 123456" in page_text(letters)
    empty = enter(client, "  ", "/sign-in/set-up")
    assert "Enter the code from your authenticator app" in page_text(empty)
    code = factories.next_code(shown_secret(client.get("/sign-in/set-up")), None)
    assert enter(client, f"{code[:3]} {code[3:]}", "/sign-in/set-up").status_code == 200


def test_the_set_up_page_is_not_shown_to_someone_who_has_set_up(client, db):
    person = factories.create_person(db, Role.COORDINATOR)
    assert password(client, person).headers["Location"] == "/sign-in/code"
    response = client.get("/sign-in/set-up")
    assert response.headers["Location"] == "/sign-in/code"
    assert key(db, person).secret not in client.get("/sign-in/code").get_data(as_text=True)


# -- Signing in ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.FORCE])
def test_the_password_alone_signs_nobody_in_and_the_code_does(client, db, role):
    person = factories.create_person(db, role)
    response = password(client, person)
    assert response.headers["Location"] == "/sign-in/code"
    assert "Enter your two-step code" in page_text(client.get("/sign-in/code"))
    nothing_answers(client)
    response = enter(client, factories.two_step_code(db, person))
    assert response.headers["Location"] == "/"
    assert client.get("/api/v1/me").json["email"] == person.email
    assert actions(db, person)[-2:] == ["signed_in", "two_step_passed"]


def test_a_wrong_code_is_refused_at_the_field_and_audited(client, db):
    person = factories.create_person(db, Role.COORDINATOR)
    password(client, person)
    right = factories.two_step_code(db, person)
    wrong = f"{(int(right) + 1) % 1000000:06d}"
    response = enter(client, wrong)
    assert response.status_code == 400
    text = page_text(response)
    assert text.startswith("Error: Enter your two-step code")
    assert text.count("The code is not right: enter the code your app shows now") == 2
    assert not signed_in(client)
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "two_step_failed")).one()
    assert event.entity_id == str(person.id) and wrong not in str(event.after)
    assert enter(client, right).headers["Location"] == "/"  # still pending after a mistake


def test_a_code_is_taken_once(app, client, db):
    person = factories.create_person(db, Role.FORCE)
    code = factories.two_step_code(db, person)
    password(client, person)
    assert enter(client, code).headers["Location"] == "/"
    client.post("/sign-out")
    password(client, person)
    again = enter(client, code)
    assert again.status_code == 400
    assert "This code has been used: wait for your app to show a new one" in page_text(again)
    assert not signed_in(client)
    # Another device, another person with the code seen over a shoulder: the same.
    other = app.test_client()
    password(other, person)
    assert enter(other, code).status_code == 400


def test_a_recovery_code_signs_in_once_and_says_how_many_are_left(app, client, db):
    person = factories.create_person(db, Role.COORDINATOR, two_step=False)
    codes = set_up(client, db, person)
    client.post("/sign-out")
    password(client, person)
    response = enter(client, codes[0].upper().replace("-", " - "))
    assert response.headers["Location"] == "/"
    assert "You have 9 recovery codes left" in page_text(client.get("/"))
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "recovery_code_used")).one()
    assert event.after == {"left": 9}
    client.post("/sign-out")
    password(client, person)
    again = enter(client, codes[0])
    assert again.status_code == 400
    assert "or a recovery code you have not used" in page_text(again)
    assert enter(client, codes[1]).headers["Location"] == "/"


def test_a_new_set_of_recovery_codes_replaces_the_old(client, db):
    person = factories.create_person(db, Role.COORDINATOR, two_step=False)
    old = set_up(client, db, person)
    account = page_text(client.get("/account"))
    assert "You have 10 recovery codes left" in account
    response = client.post("/account/recovery-codes")
    new = recovery_codes_on(response)
    assert len(new) == 10 and not set(new) & set(old)
    assert "recovery_codes_renewed" in actions(db, person)
    client.post("/sign-out")
    password(client, person)
    assert enter(client, old[2]).status_code == 400
    assert enter(client, new[2]).headers["Location"] == "/"


def test_wrong_codes_are_throttled_like_passwords(client, db):
    person = factories.create_person(db, Role.COORDINATOR)
    password(client, person)
    for attempt in range(5):
        assert enter(client, "000000", address=f"10.0.0.{attempt}").status_code == 400
    # The right code, from another address: still blocked, with a message a person understands.
    response = enter(client, factories.two_step_code(db, person), address="10.0.0.99")
    assert response.status_code == 429
    assert "entered a wrong code too many times. Wait 15 minutes" in page_text(response)
    assert not signed_in(client)
    # Signing in with the password again does not start the count again.
    password(client, person, address="10.0.0.98")
    assert enter(client, "000000", address="10.0.0.98").status_code == 429


def test_the_throttle_lifts_after_15_minutes(client, db, monkeypatch):
    person = factories.create_person(db, Role.COORDINATOR)
    password(client, person)
    for _ in range(5):
        enter(client, "000000")
    code = factories.two_step_code(db, person)
    assert enter(client, code).status_code == 429
    later = time.time() + 15 * 60 + 1
    monkeypatch.setattr(time, "time", lambda: later)
    password(client, person)
    assert enter(client, code).headers["Location"] == "/"


def test_the_code_must_come_within_5_minutes_of_the_password(client, db):
    person = factories.create_person(db, Role.COORDINATOR)
    password(client, person)
    with client.session_transaction() as session:
        pending = session["password_passed"]
        session["password_passed"] = {**pending, "at": pending["at"] - 5 * 60 - 1}
    response = enter(client, factories.two_step_code(db, person))
    assert response.headers["Location"].startswith("/sign-in")
    assert "more than 5 minutes since you entered your password" in page_text(
        client.get("/sign-in")
    )
    assert not signed_in(client)


def test_nobody_is_asked_for_a_code_without_the_password(client, db):
    factories.create_person(db, Role.COORDINATOR)
    assert client.get("/sign-in/code").headers["Location"] == "/sign-in"
    assert "since you entered your password" not in page_text(client.get("/sign-in"))
    assert enter(client, "123456").headers["Location"] == "/sign-in"
    with client.session_transaction() as session:  # a forged cookie would need the secret key
        session["password_passed"] = {"person": 1, "token": "made up", "at": 2**31}
    assert enter(client, "123456").headers["Location"] == "/sign-in"


def test_someone_deactivated_between_the_steps_is_not_signed_in(app, client, db):
    person = factories.create_person(db, Role.FORCE)
    password(client, person)
    with app.app_context():
        from icv.services import people

        people.set_active(db, factories.create_person(db, Role.COORDINATOR), person, False)
        db.commit()
    response = enter(client, factories.two_step_code(db, person))
    assert response.headers["Location"].startswith("/sign-in")
    assert not signed_in(client)


def test_a_coordinator_session_that_skipped_the_second_step_ends(client, db, login_as):
    """A session from before two-step was required, or made some other way, has no mark of
    the second step: it gets nothing, pages or API."""
    login_as(Role.COORDINATOR)
    assert signed_in(client)
    with client.session_transaction() as session:
        del session["two_step_at"]
    assert client.get("/api/v1/me").status_code == 401
    with client.session_transaction() as session:
        session.clear()
    login_as(Role.FORCE)
    with client.session_transaction() as session:
        del session["two_step_at"]
    response = client.get("/issues/force")
    assert response.headers["Location"].startswith("/sign-in?next=")
    assert "Sign in again, with your two-step code" in page_text(client.get("/sign-in"))
    assert not signed_in(client)


# -- Volunteers choose -----------------------------------------------------------------------------


def test_a_volunteer_signs_in_with_the_password_alone_and_may_choose_two_step(client, db):
    volunteer = factories.create_person(db, Role.VOLUNTEER)
    assert password(client, volunteer).headers["Location"] == "/"
    account = page_text(client.get("/account"))
    assert "Two-step sign-in Off" in account
    page = client.get("/account/two-step")
    assert "Set up two-step sign-in" in page_text(page)
    secret = shown_secret(page)
    response = enter(client, pyotp.TOTP(secret).now(), "/account/two-step")
    assert len(recovery_codes_on(response)) == 10
    assert signed_in(client)  # still, though every other session of theirs has ended
    assert "two_step_enabled" in actions(db, volunteer)
    client.post("/sign-out")
    assert password(client, volunteer).headers["Location"] == "/sign-in/code"
    assert not signed_in(client)


def test_setting_up_ends_the_other_sessions_begun_with_the_password_alone(app, client, db):
    volunteer = factories.create_person(db, Role.VOLUNTEER)
    elsewhere = app.test_client()
    password(elsewhere, volunteer)
    password(client, volunteer)
    secret = shown_secret(client.get("/account/two-step"))
    enter(client, pyotp.TOTP(secret).now(), "/account/two-step")
    assert signed_in(client)
    assert not signed_in(elsewhere)


# -- Reset by the coordinator ------------------------------------------------------------------


def test_the_coordinator_resets_a_lost_phone_and_the_person_sets_up_again(app, client, db):
    force = factories.create_person(db, Role.FORCE)
    phone = app.test_client()
    assert sign_in(phone, db, force).headers["Location"] == "/"
    coordinator = factories.create_person(db, Role.COORDINATOR)
    assert sign_in(client, db, coordinator).headers["Location"] == "/"
    page = page_text(client.get(f"/manage/people/{force.id}"))
    assert "Two-step sign-in On" in page
    response = client.post(f"/manage/people/{force.id}/two-step/reset")
    assert response.headers["Location"] == f"/manage/people/{force.id}"
    page = page_text(client.get(f"/manage/people/{force.id}"))
    assert "two-step sign-in is reset" in page
    assert "Not set up yet" in page
    assert key(db, force) is None
    assert not signed_in(phone)  # their sessions ended
    assert password(phone, force).headers["Location"] == "/sign-in/set-up"
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "two_step_reset")).one()
    assert event.actor_id == coordinator.id and event.entity_id == str(force.id)


def test_a_coordinator_cannot_reset_their_own(client, db, login_as):
    coordinator = login_as(Role.COORDINATOR)
    page = client.get(f"/manage/people/{coordinator.id}").get_data(as_text=True)
    assert "Reset two-step sign-in" not in page
    client.post(f"/manage/people/{coordinator.id}/two-step/reset")
    assert "You cannot reset your own two-step sign-in" in page_text(
        client.get(f"/manage/people/{coordinator.id}")
    )
    assert key(db, coordinator).enabled
    assert signed_in(client)


def test_the_only_coordinator_is_reset_from_the_command_line(runner, client, db):
    coordinator = factories.create_person(db, Role.COORDINATOR)
    result = runner.invoke(args=["users", "reset-two-step", coordinator.email])
    assert result.exit_code == 0, result.output
    assert key(db, coordinator) is None
    assert password(client, coordinator).headers["Location"] == "/sign-in/set-up"
    unknown = runner.invoke(args=["users", "reset-two-step", "nobody@example.org"])
    assert unknown.exit_code == 1


def test_no_page_shows_the_secret_once_set_up(client, db, login_as):
    login_as(Role.COORDINATOR)
    force = factories.create_person(db, Role.FORCE)
    secret = key(db, force).secret
    for url in (f"/manage/people/{force.id}", "/manage/audit", "/manage/people", "/account"):
        assert secret not in client.get(url).get_data(as_text=True), url


def test_a_person_keeps_their_key_until_deleted(db):
    """The key goes with the person (their record is never deleted by the app, but the
    database keeps no key of nobody)."""
    force = factories.create_person(db, Role.FORCE)
    assert key(db, force).enabled_at < datetime.now(UTC) + timedelta(seconds=1)
    db.delete(db.get(Person, force.id))
    db.flush()
    assert db.scalars(select(TwoStepKey).where(TwoStepKey.person_id == force.id)).all() == []
