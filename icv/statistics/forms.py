"""The statistics pages' forms; icv.schemas.statistics holds their rules."""

from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField

from icv.forms import DayMonthYearField, Form
from icv.schemas.statistics import COLUMNS


class PeriodForm(Form):
    """The period chooser: a GET form, so a report has an address that can be bookmarked."""

    class Meta:
        csrf = False

    period = SelectField("Financial year or quarter", widget=GovSelect())
    submit = SubmitField("Show statistics", widget=GovSubmitInput())


class RangeForm(Form):
    class Meta:
        csrf = False

    starts_on = DayMonthYearField("From", description="For example, 1 4 2016")
    ends_on = DayMonthYearField(
        "To", description="The last day of the period, for example, 30 9 2016"
    )
    submit = SubmitField("Show statistics for these dates", widget=GovSubmitInput())


class ImportForm(Form):
    file = FileField(
        "CSV file of visits",
        widget=GovFileInput(),
        description=f"One row per visit, with the header {','.join(COLUMNS)}",
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
    )
    detentions = StringField("Persons detained by the force in the period", widget=GovTextInput())
    submit = SubmitField("Save", widget=GovSubmitInput())


class PublishForm(Form):
    """Publish the period shown (a revision, when it has been published before)."""

    period = HiddenField()
    based_on = HiddenField()  # the newest revision the page showed: 0 for none
    submit = SubmitField("Publish these figures", widget=GovSubmitInput())
