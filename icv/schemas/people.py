"""People: the coordinator's record of someone, signing in, and choosing a password."""

import re
import unicodedata

from flask import current_app
from marshmallow import fields, validates, validates_schema
from marshmallow.validate import Email, Regexp
from zxcvbn import zxcvbn

from icv.models import Role
from icv.schemas import Schema, ValidationError
from icv.schemas.fields import Choice, Id, Secret, Text

SELECT_SUITES = "Select suites from the list"  # said by the service too, of a suite not found


class PersonSchema(Schema):
    name = Text("Full name", max_length=120, required="Enter the person's full name")
    email = Text(
        "Email address",
        max_length=254,
        required="Enter an email address",
        validate=Email(error="Enter an email address in the correct format, like name@example.org"),
    )
    phone = Text(
        "Phone number",
        max_length=40,
        validate=Regexp(
            r"^\+?[0-9 ()-]{6,}$",
            error="Enter a phone number, like 01632 960 001 or +44 7700 900 982",
        ),
    )
    role = Choice(Role, required="Select the person's role")
    suite_ids = fields.List(
        Id(invalid=SELECT_SUITES),
        data_key="suites",
        load_default=list,
        metadata={"description": "For a force user: the suites they answer for"},
    )

    @validates_schema
    def _suites_for_the_force(self, data, **_):
        if data.get("role") is Role.FORCE and not data.get("suite_ids"):
            raise ValidationError("Select the suites this person answers for", "suites")


# Said of a failed sign-in, whichever of the two was wrong: not which addresses exist.
WRONG_SIGN_IN = "Enter a correct email address and password"


class SignInSchema(Schema):
    email = Text("Email address", max_length=254, required="Enter your email address")
    password = Secret(required="Enter your password")


def long_enough(password: str):
    """A new password is ICV_PASSWORD_MIN_LENGTH characters or more (10 by default)."""
    shortest = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < shortest:
        raise ValidationError(f"Password must be {shortest} characters or more")


# Words anyone trying to guess a password here would try first (NIST SP 800-63B 3.1.1.2:
# context-specific words, such as the name of the service). zxcvbn matches each word inside a
# password, so phrases are listed run together as people type them, and word by word.
SERVICE_WORDS = [
    "icv",
    "independent",
    "custody",
    "visiting",
    "visitor",
    "visitors",
    "police",
    "suite",
    "detainee",
    "independentcustodyvisiting",
    "independentcustodyvisitor",
    "independentcustody",
    "custodyvisiting",
    "custodyvisitor",
    "custodysuite",
    "policecustody",
]
GUESSABLE = (
    "Choose a password that is harder to guess: avoid common passwords, single words "
    "and patterns like aaaa or 1234"
)
ABOUT_YOU = (
    "Choose a password that is harder to guess: avoid your name, your email address "
    "and the name of this service"
)
# zxcvbn's own limit: longer input takes it seconds; the first 72 characters tell enough.
_ESTIMATED_LENGTH = 72


def person_words(name: str | None, email: str | None, places=()) -> list[str]:
    """What a guesser knows of the person: their name and e-mail address, and the names of
    the scheme's custody suites, whole, run together and in parts."""
    words = set()
    for text in (name or "", email or "", *places):
        text = text.strip().lower()
        if text:
            words |= {text, re.sub(r"[\W_]+", "", text)}
            words |= set(re.split(r"[\W_]+", text))
    local, _, domain = (email or "").strip().lower().partition("@")
    words |= {local, domain}
    return sorted(word for word in words if len(word) > 2)


def hard_to_guess(password: str, context: list[str]):
    """Not a common or breached password, a dictionary word, a run like aaaa or 1234, or built
    on what a guesser knows (zxcvbn's frequency lists and pattern matching; `context` is the
    person's words and the service's). A password built on the context must be stronger: a
    name with a year after it is only a few guesses more than the name."""
    typed = password[:_ESTIMATED_LENGTH]
    # Also as if typed without spaces, hyphens, dots or underscores: "Custody-Visiting 2025"
    # is the service's name run together with a year.
    compact = re.sub(r"[\s\-_.]+", "", typed)
    estimates = [zxcvbn(text, user_inputs=context) for text in {typed, compact} if text]
    about_you = any(
        match.get("dictionary_name") == "user_inputs"
        for estimate in estimates
        for match in estimate["sequence"]
    )
    if min(estimate["score"] for estimate in estimates) < (4 if about_you else 3):
        raise ValidationError(ABOUT_YOU if about_you else GUESSABLE)


def typable(password: str):
    """No control characters: nobody types them, and a password manager that sends one is
    broken (NIST SP 800-63B lets every printable character and space through)."""
    if any(unicodedata.category(character) in ("Cc", "Cs") for character in password):
        raise ValidationError("Password must not contain control characters")


class NewPasswordSchema(Schema):
    """A person choosing their password, typed twice. Made for the person
    (`NewPasswordSchema.of(name, email)`), so that a password built on their name or address
    is refused. No rules of composition (NIST SP 800-63B): any characters, from
    ICV_PASSWORD_MIN_LENGTH to 128 of them, that are hard to guess."""

    password = Secret(required="Enter a password", validate=[long_enough, typable])
    confirm = Secret(required="Type your password again")

    @classmethod
    def of(cls, name: str | None, email: str | None, places=()) -> "NewPasswordSchema":
        """For the person named, in a scheme whose suites are called `places`."""
        return cls(context={"name": name, "email": email, "places": list(places)})

    @validates("password")
    def _hard_to_guess(self, password: str, **_):
        context = self.context
        words = person_words(context.get("name"), context.get("email"), context.get("places", ()))
        hard_to_guess(password, words + SERVICE_WORDS)

    @validates_schema
    def _typed_twice(self, data, **_):
        if data.get("password") and data.get("confirm") and data["password"] != data["confirm"]:
            raise ValidationError("The passwords do not match", "confirm")


class ActiveSchema(Schema):
    """Deactivating someone (they can no longer sign in), or reactivating them."""

    active = fields.Boolean(required=True)


class ApiTokenSchema(Schema):
    """A read-only key to the statistics, named for what will use it."""

    name = Text("The name", max_length=120, required="Enter a name for the key, like PCC dashboard")
