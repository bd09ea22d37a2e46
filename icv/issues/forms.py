"""The issue pages' forms; icv.schemas.issues and icv.schemas.filters hold their rules."""

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea
from wtforms import HiddenField, SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice

from icv.forms import DayMonthYearField, Form
from icv.models import IssueLevel
from icv.schemas.filters import ISSUE_AGES, ISSUE_STATUSES


class FilterForm(Form):
    """The issue list's filters: a GET form, so a filtered list can be bookmarked."""

    class Meta:
        csrf = False

    suite = SelectField("Suite", widget=GovSelect())
    level = SelectField(
        "Level",
        widget=GovSelect(),
        choices=[SelectChoice("", "Any level")]
        + [SelectChoice(str(level.value), level.label) for level in reversed(IssueLevel)],
    )
    status = SelectField(
        "Status",
        widget=GovSelect(),
        choices=[SelectChoice(value, label) for value, label in ISSUE_STATUSES.items()],
        default="outstanding",
    )
    age = SelectField(
        "Age",
        widget=GovSelect(),
        choices=[SelectChoice("", "Any age")]
        + [SelectChoice(value, label) for value, (label, _, _) in ISSUE_AGES.items()],
    )
    submit = SubmitField("Filter", widget=GovSubmitInput())


class IssueActionForm(Form):
    version = HiddenField()  # the issue's version when the page was read


class ReferForm(IssueActionForm):
    due_on = DayMonthYearField(
        "Answer by",
        description="Set by the issue's level; change it if you need to. For example, 27 3 2026",
    )
    note = TextAreaField("Note for the force (optional)", widget=GovTextArea())
    submit = SubmitField("Refer to the force", widget=GovSubmitInput())


class ReferAgainForm(IssueActionForm):
    due_on = DayMonthYearField("Answer by", description="For example, 27 3 2026")
    note = TextAreaField("What are you asking the force to do now?", widget=GovTextArea())
    submit = SubmitField("Refer to the force again", widget=GovSubmitInput())


class CloseForm(IssueActionForm):
    reason = TextAreaField("Note (optional)", widget=GovTextArea())
    submit = SubmitField("Close the issue", widget=GovSubmitInput())

    renamed = {"note": "reason"}


class AnswerForm(IssueActionForm):
    response = TextAreaField("What was done?", widget=GovTextArea())
    action_taken_on = DayMonthYearField("When was it done?", description="For example, 27 3 2026")
    submit = SubmitField("Send the answer", widget=GovSubmitInput())
