from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from icv import periods
from icv.forms import DayMonthYearField, Form
from icv.models import COUNTED_STATUSES, ReportStatus
from icv.services import parse_id, visit_reports


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
    period = StringField(
        "Period",
        widget=GovTextInput(),
        validators=[Optional()],
        description="A financial year or quarter, for example, 2016/17 or 2016/17 Q3",
    )
    start = DayMonthYearField("Visited from", validators=[Optional()])
    end = DayMonthYearField("Visited until", validators=[Optional()])
    submit = SubmitField("Filter", widget=GovSubmitInput())

    def filters(self, suite_list) -> visit_reports.ReviewFilter:
        """The service's filter from what was asked, offering `suite_list`; anything that does
        not read (an unknown status, a bad date) is left out rather than refused."""
        self.suite.choices = [SelectChoice("", "All suites")] + [
            SelectChoice(str(suite.id), suite.name) for suite in suite_list
        ]
        if not self.validate():
            return visit_reports.ReviewFilter()
        start, end = self.date_bounds()
        status = self.status.data
        return visit_reports.ReviewFilter(
            suite_id=parse_id(self.suite.data),
            status=ReportStatus(status) if status in set(ReportStatus) else None,
            start=start,
            end=end,
        )

    def validate_period(self, field):
        try:
            self.chosen_period = periods.parse(field.data)
        except periods.PeriodError as error:
            raise ValidationError(str(error)) from error

    def date_bounds(self):
        """The dates asked for: the period's, narrowed by any from and until dates."""
        period = getattr(self, "chosen_period", None) if self.period.data else None
        starts = [day for day in (period and period.start, self.start.data) if day]
        ends = [day for day in (period and period.end, self.end.data) if day]
        return (max(starts) if starts else None), (min(ends) if ends else None)


class ReviewedForm(Form):
    submit = SubmitField("Mark as reviewed", widget=GovSubmitInput())


class AmendmentForm(Form):
    reason = TextAreaField(
        "What should the lead visitor amend?",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter what the lead visitor should amend")],
    )
    submit = SubmitField("Ask for an amendment", widget=GovSubmitInput())
