"""Finding 12: a new password is refused when it is easy to guess (NIST SP 800-63B): common or
breached, a single word, a run like aaaa or 1234, or built on the person's name, their e-mail
address or the service's name; and when it holds control characters. Length alone is not
enough. Long passphrases are welcome and no mix of character kinds is asked for."""

import pytest
from sqlalchemy import func, select

from icv.models import Invitation, Person, Role
from icv.schemas import ValidationError
from icv.schemas.people import ABOUT_YOU, GUESSABLE, NewPasswordSchema
from tests import factories
from tests.conftest import page_text
from tests.test_invitations import add_person, link_in

CONTROL = "Password must not contain control characters"

REFUSED = [
    pytest.param(" " * 10, GUESSABLE, id="ten spaces"),
    pytest.param("password1234", GUESSABLE, id="password1234"),
    pytest.param("1234567890", GUESSABLE, id="a sequence"),
    pytest.param("qwertyuiop12", GUESSABLE, id="a keyboard row"),
    pytest.param("aaaaaaaaaaaaaaa", GUESSABLE, id="one character repeated"),
    pytest.param("Liverpool1!", GUESSABLE, id="a word with a number and a symbol"),
    pytest.param("priya@example.org", ABOUT_YOU, id="their own email address"),
    pytest.param("priya@example.org1", ABOUT_YOU, id="their email address and a digit"),
    pytest.param("Priya Mistry 2016", ABOUT_YOU, id="their name and a year"),
    pytest.param("mistrypriya99", ABOUT_YOU, id="their name backwards and a number"),
    pytest.param("Custody Visiting 2024", ABOUT_YOU, id="the service's name and a year"),
    pytest.param("custodyvisiting1", ABOUT_YOU, id="the service's name run together"),
    pytest.param("Custody-Visiting-2025", ABOUT_YOU, id="the service's name hyphenated"),
    pytest.param("independentcustody1", ABOUT_YOU, id="the service's words run together"),
    pytest.param("policecustody1", ABOUT_YOU, id="police custody run together"),
    pytest.param("KeyhamLane2025", ABOUT_YOU, id="a suite's name and a year"),
    pytest.param("kettle\x07orbit meadow", CONTROL, id="a control character"),
    pytest.param("kettle orbit\nmeadow", CONTROL, id="a new line"),
    pytest.param("kettle orbit\x00meadow", CONTROL, id="a NUL"),
]

ACCEPTED = [
    pytest.param("three blind mice run", id="a few words"),
    pytest.param("kettle orbit meadow", id="three unrelated words"),
    pytest.param("Tr0ub4dor&3x-ok", id="any characters, no rule of composition"),
    pytest.param("ünïcødé kettle orbit", id="letters outside ASCII"),
    pytest.param(" ".join(["kettle orbit meadow"] * 6)[:128], id="a passphrase of 128"),
]


def schema():
    return NewPasswordSchema.of("Priya Mistry", "priya@example.org", ["Keyham Lane"])


@pytest.mark.parametrize(("password", "message"), REFUSED)
def test_a_guessable_password_is_refused_with_a_message_at_the_field(app, password, message):
    with app.app_context(), pytest.raises(ValidationError) as refused:
        schema().load({"password": password, "confirm": password})
    assert refused.value.messages == {"password": [message]}


@pytest.mark.parametrize("password", ACCEPTED)
def test_a_password_hard_to_guess_is_taken_as_typed(app, password):
    with app.app_context():
        loaded = schema().load({"password": password, "confirm": password})
    assert loaded["password"] == password


def test_the_person_s_words_count_only_for_them(app):
    """Someone else's name is just words: Priya's name is refused for Priya, not for Sam."""
    with app.app_context():
        assert NewPasswordSchema.of("Sam Rivers", "sam@example.org").load(
            {"password": "Priya Mistry 2016", "confirm": "Priya Mistry 2016"}
        )
        with pytest.raises(ValidationError):
            NewPasswordSchema.of("Sam Rivers", "sam@example.org").load(
                {"password": "Sam Rivers 2016", "confirm": "Sam Rivers 2016"}
            )


def test_the_minimum_and_maximum_lengths_stay(app):
    with app.app_context():
        for password, message in [
            ("short one", "Password must be 10 characters or more"),
            ("k" * 129, "Password must be 128 characters or fewer"),
        ]:
            with pytest.raises(ValidationError) as refused:
                schema().load({"password": password, "confirm": password})
            assert message in refused.value.messages["password"]


@pytest.mark.parametrize(("password", "message"), REFUSED[:3] + REFUSED[6:7] + REFUSED[11:12])
def test_the_invitation_page_refuses_a_guessable_password_and_keeps_the_link(
    app, client, db, login_as, password, message
):
    login_as(Role.COORDINATOR)
    link = link_in(add_person(client))
    invited = app.test_client()
    response = invited.post(link, data={"password": password, "confirm": password})
    assert response.status_code == 200
    text = page_text(response)
    assert text.startswith("Error: Set your password")
    assert f"There is a problem {message}" in text  # in the summary, and at the field
    assert text.count(message) == 2
    person = db.scalars(select(Person).where(Person.email == "priya@example.org")).one()
    db.refresh(person)
    assert person.password_hash is None
    assert db.scalar(select(Invitation.used_at).where(Invitation.person_id == person.id)) is None
    assert invited.get("/").status_code == 302
    good = "kettle orbit meadow"
    assert invited.post(link, data={"password": good, "confirm": good}).status_code == 302


def invoke_create(runner, password):
    return runner.invoke(
        args=[
            *("users", "create", "--name", "Priya Mistry", "--email", "priya@example.org"),
            *("--role", "volunteer", "--password", password),
        ]
    )


@pytest.mark.parametrize(("password", "message"), REFUSED[:3] + REFUSED[6:7] + REFUSED[11:12])
def test_users_create_refuses_a_guessable_password_and_adds_nobody(runner, db, password, message):
    result = invoke_create(runner, password)
    assert result.exit_code == 1
    assert f"Error (password): {message}" in result.output
    assert db.scalar(select(func.count()).select_from(Person)) == 0


def test_the_test_passwords_would_be_accepted(app):
    """The tests sign in with passwords a person could choose."""
    with app.app_context():
        NewPasswordSchema.of("Volunteer 1", "volunteer1@example.org").load(
            {"password": factories.PASSWORD, "confirm": factories.PASSWORD}
        )
