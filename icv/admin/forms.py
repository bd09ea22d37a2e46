from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TelField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Email, InputRequired, Length, Optional, Regexp

from icv.forms import DayMonthYearField, Form
from icv.models import Role


class PersonForm(Form):
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the person's full name"),
            Length(max=120, message="Full name must be 120 characters or fewer"),
        ],
    )
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        description="The invitation to set a password goes here",
        validators=[
            InputRequired(message="Enter an email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Email(
                message="Enter an email address in the correct format, like name@example.org",
                check_deliverability=False,
            ),
        ],
    )
    phone = TelField(
        "Phone number (optional)",
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=40, message="Phone number must be 40 characters or fewer"),
            Regexp(
                r"^\+?[0-9 ()-]{6,}$",
                message="Enter a phone number, like 01632 960 001 or +44 7700 900 982",
            ),
        ],
    )
    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=[SelectChoice(role.value, role.label) for role in Role],
        validators=[InputRequired(message="Select the person's role")],
    )
    suites = SelectMultipleField(
        "Suites they answer for",
        widget=GovCheckboxesInput(),
        description="Force users only: they see the reports and issues of these suites",
        coerce=int,
        validate_choice=False,  # the service checks the suites exist
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class SuiteForm(Form):
    name = StringField(
        "Suite name",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the suite's name"),
            Length(max=120, message="Suite name must be 120 characters or fewer"),
        ],
    )
    active = BooleanField(
        "Visited by the scheme",
        widget=GovCheckboxInput(),
        description="Untick when the suite closes for good; its history stays",
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class ClosureForm(Form):
    starts_on = DayMonthYearField(
        "Closed from",
        description="For example, 27 3 2017",
        validators=[InputRequired(message="Enter the date the suite closed")],
    )
    ends_on = DayMonthYearField(
        "Closed until",
        description="The last day it is closed, for example, 30 6 2017",
        validators=[InputRequired(message="Enter the last day the suite is closed")],
    )
    reason = StringField(
        "Reason",
        widget=GovTextInput(),
        description="For example, refurbishment",
        validators=[
            InputRequired(message="Enter why the suite is closed"),
            Length(max=200, message="Reason must be 200 characters or fewer"),
        ],
    )
    submit = SubmitField("Add closure", widget=GovSubmitInput())


class ActionForm(Form):
    """A button that changes something: the form carries only the CSRF token."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())


class ActiveForm(ActionForm):
    active = HiddenField(validators=[AnyOf(["0", "1"])])
