from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea
from wtforms import SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from icv.forms import DayMonthYearField, Form
from icv.models import COUNTED_STATUSES


class FilterForm(Form):
    """The report list's filters: a GET form, so a filtered list can be bookmarked."""

    class Meta:
        csrf = False

    suite = SelectField("Suite", widget=GovSelect(), validate_choice=False, validators=[Optional()])
    status = SelectField(
        "Status",
        widget=GovSelect(),
        validate_choice=False,
        validators=[Optional()],
        choices=[SelectChoice("", "Any status")]
        + [SelectChoice(s.value, s.label) for s in COUNTED_STATUSES],
    )
    start = DayMonthYearField("Visited from", validators=[Optional()])
    end = DayMonthYearField("Visited until", validators=[Optional()])
    submit = SubmitField("Filter", widget=GovSubmitInput())


class ReviewedForm(Form):
    submit = SubmitField("Mark as reviewed", widget=GovSubmitInput())


class AmendmentForm(Form):
    reason = TextAreaField(
        "What should the lead visitor amend?",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter what the lead visitor should amend")],
    )
    submit = SubmitField("Ask for an amendment", widget=GovSubmitInput())
