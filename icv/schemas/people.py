"""People: the coordinator's record of someone, signing in, and choosing a password."""

from flask import current_app
from marshmallow import fields, validates_schema
from marshmallow.validate import Email, Regexp

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


class NewPasswordSchema(Schema):
    """A person choosing their password, typed twice."""

    password = Secret(required="Enter a password", validate=long_enough)
    confirm = Secret(required="Type your password again")

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
