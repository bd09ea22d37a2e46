from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from icv import periods
from icv.forms import DayMonthYearField, Form


class WholeNumberField(IntegerField):
    """A count typed as people write it: "13168" or "13,168"."""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").replace(",", "").strip()
        if not text:
            self.data = None
            return
        if not text.isdigit() or not text.isascii():
            self.data = None
            raise ValueError("Enter the number of persons detained as a whole number, like 13168")
        self.data = int(text)


class PeriodForm(Form):
    """The period chooser: a GET form, so a report has an address that can be bookmarked."""

    period = SelectField("Financial year or quarter", widget=GovSelect(), validate_choice=False)
    submit = SubmitField("Show statistics", widget=GovSubmitInput())


class RangeForm(Form):
    starts_on = DayMonthYearField(
        "From",
        description="For example, 1 4 2016",
        validators=[InputRequired(message="Enter the first day of the period")],
    )
    ends_on = DayMonthYearField(
        "To",
        description="The last day of the period, for example, 30 9 2016",
        validators=[InputRequired(message="Enter the last day of the period")],
    )
    submit = SubmitField("Show statistics for these dates", widget=GovSubmitInput())


class ImportForm(Form):
    file = FileField(
        "CSV file of visits",
        widget=GovFileInput(),
        description="One row per visit, with the header "
        "date,suite,arrived,admitted,wait_minutes,visitors,accepted,declined,not_available,"
        "not_offered",
        validators=[FileRequired(message="Select a CSV file of visits")],
    )
    create_suites = BooleanField(
        "Add suites the file names that are not in the service yet", widget=GovCheckboxInput()
    )
    submit = SubmitField("Import visits", widget=GovSubmitInput())


class DetentionsForm(Form):
    period = StringField(
        "Period",
        widget=GovTextInput(),
        description="A financial year like 2016/17, or a quarter like 2016/17 Q3",
        validators=[
            InputRequired(message="Enter the period, like 2016/17 or 2016/17 Q3"),
            Length(max=60, message="Period must be 60 characters or fewer"),
        ],
    )
    detentions = WholeNumberField(
        "Persons detained by the force in the period",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the number of persons detained, like 13168"),
            NumberRange(min=0, message="Enter a whole number, 0 or more"),
        ],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_period(self, field):
        try:
            period = periods.parse(field.data)
        except periods.PeriodError as error:
            raise ValidationError(str(error)) from error
        if period.kind == "range":
            raise ValidationError(
                "Enter a financial year like 2016/17, or a quarter like 2016/17 Q3"
            )
        self.chosen_period = period
