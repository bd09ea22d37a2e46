"""The coordinator's management forms; icv.schemas.people and icv.schemas.suites hold their
rules."""

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

from icv.forms import DayMonthYearField, Form
from icv.models import Role


class PersonForm(Form):
    name = StringField("Full name", widget=GovTextInput())
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        description="The invitation to set a password goes here",
    )
    phone = TelField("Phone number (optional)", widget=GovTextInput())
    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=[SelectChoice(role.value, role.label) for role in Role],
    )
    suites = SelectMultipleField(
        "Suites they answer for",
        widget=GovCheckboxesInput(),
        description="Force users only: they see the reports and issues of these suites",
        coerce=str,
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class SuiteForm(Form):
    name = StringField("Suite name", widget=GovTextInput())
    active = BooleanField(
        "Visited by the scheme",
        widget=GovCheckboxInput(),
        description="Untick when the suite closes for good; its history stays",
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class ClosureForm(Form):
    starts_on = DayMonthYearField("Closed from", description="For example, 27 3 2017")
    ends_on = DayMonthYearField(
        "Closed until", description="The last day it is closed, for example, 30 6 2017"
    )
    reason = StringField("Reason", widget=GovTextInput(), description="For example, refurbishment")
    submit = SubmitField("Add closure", widget=GovSubmitInput())


class ActionForm(Form):
    """A button that changes something: the form carries only the CSRF token."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())


class ActiveForm(ActionForm):
    active = HiddenField()


class MoveForm(ActionForm):
    direction = HiddenField()


class ApiTokenForm(Form):
    name = StringField(
        "Name",
        widget=GovTextInput(),
        description="What will use the key, for example, PCC dashboard",
    )
    submit = SubmitField("Make a key", widget=GovSubmitInput())
