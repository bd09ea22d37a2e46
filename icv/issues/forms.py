from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea
from wtforms import SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from icv.forms import DayMonthYearField, Form
from icv.models import IssueLevel
from icv.services.issues import AGE_FILTERS, STATUS_FILTERS


class FilterForm(Form):
    """The issue list's filters: a GET form, so a filtered list can be bookmarked."""

    class Meta:
        csrf = False

    suite = SelectField("Suite", widget=GovSelect(), validate_choice=False, validators=[Optional()])
    level = SelectField(
        "Level",
        widget=GovSelect(),
        validate_choice=False,
        validators=[Optional()],
        choices=[SelectChoice("", "Any level")]
        + [SelectChoice(str(level.value), level.label) for level in reversed(IssueLevel)],
    )
    status = SelectField(
        "Status",
        widget=GovSelect(),
        validate_choice=False,
        validators=[Optional()],
        choices=[SelectChoice(value, label) for value, label in STATUS_FILTERS.items()],
        default="outstanding",
    )
    age = SelectField(
        "Age",
        widget=GovSelect(),
        validate_choice=False,
        validators=[Optional()],
        choices=[SelectChoice("", "Any age")]
        + [SelectChoice(value, label) for value, (label, _, _) in AGE_FILTERS.items()],
    )
    submit = SubmitField("Filter", widget=GovSubmitInput())


class ReferForm(Form):
    due_on = DayMonthYearField(
        "Answer by",
        description="Set by the issue's level; change it if you need to. For example, 27 3 2026",
        validators=[InputRequired(message="Enter the date the force should answer by")],
    )
    note = TextAreaField(
        "Note for the force (optional)",
        widget=GovTextArea(),
        validators=[Optional()],
    )
    submit = SubmitField("Refer to the force", widget=GovSubmitInput())


class ReferAgainForm(Form):
    due_on = DayMonthYearField(
        "Answer by",
        description="For example, 27 3 2026",
        validators=[InputRequired(message="Enter the date the force should answer by")],
    )
    note = TextAreaField(
        "What are you asking the force to do now?",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter what you are asking the force to do now")],
    )
    submit = SubmitField("Refer to the force again", widget=GovSubmitInput())


class CloseForm(Form):
    reason = TextAreaField("Note (optional)", widget=GovTextArea(), validators=[Optional()])
    submit = SubmitField("Close the issue", widget=GovSubmitInput())


class AnswerForm(Form):
    response = TextAreaField(
        "What was done?",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter what was done about the issue")],
    )
    action_taken_on = DayMonthYearField(
        "When was it done?",
        description="For example, 27 3 2026",
        validators=[InputRequired(message="Enter the date it was done")],
    )
    submit = SubmitField("Send the answer", widget=GovSubmitInput())
