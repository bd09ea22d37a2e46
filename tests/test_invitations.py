"""A coordinator invites a person by a one-time link; the person sets their own password."""

import logging
import re
from datetime import timedelta

from sqlalchemy import select

from icv.models import AuditEvent, Email, Invitation, Person, Role
from tests import factories
from tests.conftest import page_text

NEW_PASSWORD = "three blind mice run"


def add_person(client, **fields):
    data = {"name": "Priya Mistry", "email": "priya@example.org", "role": "volunteer", **fields}
    return client.post("/manage/people/new", data=data)


def link_in(response) -> str:
    return re.search(r"http://icv\.test(/invitation/[\w-]+)", response.get_data(as_text=True))[1]


def test_a_coordinator_adds_a_person_who_sets_their_own_password(app, client, db, login_as):
    login_as(Role.COORDINATOR)
    response = add_person(client)
    assert response.status_code == 200
    assert "Added and invited" in page_text(response)
    link = link_in(response)
    email = db.scalars(select(Email)).one()
    assert email.recipient == "priya@example.org"
    # Stored with the link masked: the mailer puts in a token of its own as it sends.
    assert "http://icv.test/invitation/…" in email.body
    assert link.rsplit("/", 1)[1] not in email.body

    invited = app.test_client()
    form = invited.get(link)
    assert "Set your password" in page_text(form)
    response = invited.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert "Your visits" in page_text(invited.get("/"))
    person = db.scalars(select(Person).where(Person.email == "priya@example.org")).one()
    assert person.password_hash and NEW_PASSWORD not in person.password_hash


def test_an_invitation_link_works_once(app, client, db, login_as):
    login_as(Role.COORDINATOR)
    link = link_in(add_person(client))
    invited = app.test_client()
    invited.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    again = app.test_client().post(
        link, data={"password": "another one here", "confirm": "another one here"}
    )
    assert again.status_code == 404
    assert "This link has expired" in page_text(again)


def test_an_invitation_link_expires_after_seven_days(app, client, db, login_as):
    login_as(Role.COORDINATOR)
    link = link_in(add_person(client))
    invitation = db.scalars(select(Invitation)).one()
    invitation.expires_at = invitation.created_at + timedelta(days=7) - timedelta(days=8)
    db.commit()
    response = app.test_client().get(link)
    assert response.status_code == 404
    assert "This link has expired" in page_text(response)


def test_a_new_link_replaces_the_old_one(app, client, db, login_as):
    login_as(Role.COORDINATOR)
    first = link_in(add_person(client))
    person = db.scalars(select(Person).where(Person.email == "priya@example.org")).one()
    second = link_in(client.post(f"/manage/people/{person.id}/invite"))
    assert first != second
    assert app.test_client().get(first).status_code == 404
    assert app.test_client().get(second).status_code == 200


def test_a_deactivated_persons_link_does_not_work(app, client, db, login_as):
    login_as(Role.COORDINATOR)
    link = link_in(add_person(client))
    person = db.scalars(select(Person).where(Person.email == "priya@example.org")).one()
    client.post(f"/manage/people/{person.id}/active", data={"active": "0"})
    assert app.test_client().get(link).status_code == 404


def test_reactivating_a_person_does_not_revive_a_link_sent_before(app, client, db, login_as):
    """Finding 11 of the security review: a link sent before deactivation worked again once the
    person was reactivated."""
    login_as(Role.COORDINATOR)
    link = link_in(add_person(client))
    person = db.scalars(select(Person).where(Person.email == "priya@example.org")).one()
    client.post(f"/manage/people/{person.id}/active", data={"active": "0"})
    client.post(f"/manage/people/{person.id}/active", data={"active": "1"})
    db.expire_all()
    assert db.get(Person, person.id).active
    assert app.test_client().get(link).status_code == 404
    fresh = link_in(client.post(f"/manage/people/{person.id}/invite"))
    assert app.test_client().get(fresh).status_code == 200


def test_the_password_must_be_long_enough_and_typed_twice_the_same(app, client, db, login_as):
    login_as(Role.COORDINATOR)
    link = link_in(add_person(client))
    invited = app.test_client()
    short = invited.post(link, data={"password": "short", "confirm": "short"})
    assert "Password must be 10 characters or more" in page_text(short)
    mismatch = invited.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"})
    assert "The passwords do not match" in page_text(mismatch)
    assert invited.get("/").status_code == 302
    # The link still works after mistakes.
    assert invited.get(link).status_code == 200


def test_no_password_appears_in_any_page_email_audit_event_or_log(
    app, client, db, login_as, caplog
):
    caplog.set_level(logging.DEBUG)
    login_as(Role.COORDINATOR)
    link = link_in(add_person(client))
    invited = app.test_client()
    invited.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    invited.post("/sign-out")
    invited.post(
        "/sign-in", data={"email": "priya@example.org", "password": "wrong " + NEW_PASSWORD}
    )
    pages = [invited.get(link), client.get("/manage/audit"), client.get("/manage/emails")]
    person = db.scalars(select(Person).where(Person.email == "priya@example.org")).one()
    pages.append(client.get(f"/manage/people/{person.id}"))
    stored = [e.body for e in db.scalars(select(Email))]
    stored += [f"{e.before} {e.after}" for e in db.scalars(select(AuditEvent))]
    for text in [p.get_data(as_text=True) for p in pages] + stored + [caplog.text]:
        assert NEW_PASSWORD not in text
        assert person.password_hash not in text


def test_inviting_is_audited(client, db, login_as):
    coordinator = login_as(Role.COORDINATOR)
    add_person(client)
    actions = db.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.actor_id == coordinator.id)
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["signed_in", "two_step_passed", "person_added", "person_invited"]


def test_the_token_is_not_stored(client, db, login_as):
    login_as(Role.COORDINATOR)
    token = link_in(add_person(client)).rsplit("/", 1)[1]
    invitation = db.scalars(select(Invitation)).one()
    assert token not in invitation.token_hash
    assert len(invitation.token_hash) == 64


def test_a_force_user_gets_the_suites_they_answer_for(client, db, login_as):
    login_as(Role.COORDINATOR)
    keyham = factories.create_suite(db, "Keyham Lane")
    factories.create_suite(db, "Euston Street")
    add_person(client, email="inspector@example.org", role="force", suites=[keyham.id])
    person = db.scalars(select(Person).where(Person.email == "inspector@example.org")).one()
    assert [suite.name for suite in person.suites] == ["Keyham Lane"]


def test_a_force_user_must_answer_for_a_suite(client, db, login_as):
    login_as(Role.COORDINATOR)
    factories.create_suite(db, "Keyham Lane")
    response = add_person(client, email="inspector@example.org", role="force")
    assert "Select the suites this person answers for" in page_text(response)
    assert db.scalars(select(Person).where(Person.email == "inspector@example.org")).first() is None
