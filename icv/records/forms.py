"""The record forms; icv.schemas.volunteers holds their rules."""

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import HiddenField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice

from icv.forms import DayMonthYearField, Form
from icv.models import AttendanceKind


class RecordForm(Form):
    joined_on = DayMonthYearField("Joined the scheme", description="For example, 12 2 2024")
    left_on = DayMonthYearField(
        "Left the scheme (optional)",
        description="The first day they are no longer a volunteer. Deactivating them sets it.",
    )
    vetting_expires_on = DayMonthYearField("Vetting expires (optional)")
    training_completed_on = DayMonthYearField("Initial training completed (optional)")
    probation_ends_on = DayMonthYearField(
        "Probation ends (optional)",
        description="Until then the rota pairs them with an experienced volunteer",
    )
    term_ends_on = DayMonthYearField(
        "Term ends",
        description="Leave it blank for three years after joining",
    )
    submit = SubmitField("Save record", widget=GovSubmitInput())


class RenewForm(Form):
    """The button renewing a term, carrying the term's end the page showed."""

    term_ends_on = HiddenField()


class AttendanceForm(Form):
    kind = RadioField(
        "What did they attend?",
        widget=GovRadioInput(),
        choices=[SelectChoice(kind.value, kind.label) for kind in AttendanceKind],
    )
    held_on = DayMonthYearField("Date", description="For example, 14 11 2026")
    title = StringField(
        "Title", widget=GovTextInput(), description="For example, Quarterly volunteers' meeting"
    )
    submit = SubmitField("Add", widget=GovSubmitInput())


class UnavailabilityForm(Form):
    starts_on = DayMonthYearField("From", description="For example, 22 12 2026")
    ends_on = DayMonthYearField("Until", description="The last day they cannot visit")
    submit = SubmitField("Add dates", widget=GovSubmitInput())
