from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from icv.forms import DayMonthYearField, Form
from icv.models import (
    CHECKLIST_AREAS,
    AgeGroup,
    Area,
    CheckState,
    DetaineeOutcome,
    IssueLevel,
    NotAvailableReason,
    NotOfferedReason,
    Sex,
    VisitOutcome,
    VisitType,
)
from icv.services import parse_id
from icv.services.visit_reports import DetaineeInput, IssueInput, parse_time


def choices(enum_class):
    return [SelectChoice(value, label) for value, label in enum_class.choices()]


class SaveForm(Form):
    submit = SubmitField("Save and continue", widget=GovSubmitInput())


class VisitForm(SaveForm):
    suite_id = RadioField(
        "Suite",
        widget=GovRadioInput(),
        coerce=int,
        validate_choice=False,
        validators=[InputRequired(message="Select the suite you visited")],
    )
    visit_date = DayMonthYearField(
        "Date of the visit",
        description="For example, 27 3 2017",
        validators=[InputRequired(message="Enter the date of the visit")],
    )
    visit_type = RadioField(
        "How did you visit?",
        widget=GovRadioInput(),
        choices=choices(VisitType),
        validators=[InputRequired(message="Select whether you visited in person or remotely")],
    )
    partner = SelectField(
        "Your partner",
        widget=GovSelect(),
        coerce=str,
        validate_choice=False,
        description="The other volunteer on the visit",
    )
    second_partner = SelectField(
        "A third visitor (optional)", widget=GovSelect(), coerce=str, validate_choice=False
    )
    outcome = RadioField(
        "Was the visit completed?",
        widget=GovRadioInput(),
        choices=choices(VisitOutcome),
        validators=[InputRequired(message="Select whether the visit was completed or abandoned")],
    )
    abandoned_reason = TextAreaField("Why was the visit abandoned?", widget=GovTextArea())

    @property
    def partner_ids(self):
        return [self.partner.data or None, self.second_partner.data or None]


class TimeField(StringField):
    """A time of day typed as 14:05 (a phone shows its time picker)."""

    widget = GovTextInput()

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        try:
            self.time = parse_time(self.data)
        except ValueError as error:
            self.time = None
            raise ValueError("Enter a time like 14:05") from error

    def process_data(self, value):
        self.time = value
        self.data = value.strftime("%H:%M") if value else ""

    def pre_validate(self, form):
        if self.time is None and self.data and not self.errors:
            raise ValidationError("Enter a time like 14:05")


class AccessForm(SaveForm):
    arrived_at = TimeField(
        "Time you arrived and asked to be let in", description="For example, 14:05"
    )
    admitted_at = TimeField("Time you were let in", description="For example, 14:07")
    delay_reason = TextAreaField(
        "Reason for the delay",
        widget=GovTextArea(),
        description="Needed when you waited more than 5 minutes",
    )
    delay_authorised_by = StringField(
        "Rank and name of who authorised the delay",
        widget=GovTextInput(),
        description="For example, Inspector J Smith",
    )


class DetaineeForm(FlaskForm):
    """One detainee. There is deliberately no field for a name."""

    class Meta:
        csrf = False  # the page's form carries the token

    outcome = RadioField(
        "What happened?",
        widget=GovRadioInput(),
        choices=choices(DetaineeOutcome),
        validate_choice=False,
        validators=[Optional()],
    )
    not_available_reason = RadioField(
        "Why not available?",
        widget=GovRadioInput(),
        choices=choices(NotAvailableReason),
        validate_choice=False,
        validators=[Optional()],
    )
    not_offered_reason = RadioField(
        "Why not offered?",
        widget=GovRadioInput(),
        choices=choices(NotOfferedReason),
        validate_choice=False,
        validators=[Optional()],
    )
    # "Other" needs words; each outcome's reasons have their own box, shown under that outcome.
    not_available_detail = StringField("Describe the other reason", widget=GovTextInput())
    not_offered_detail = StringField("Describe the other reason", widget=GovTextInput())
    age_group = RadioField(
        "Age group",
        widget=GovRadioInput(),
        choices=choices(AgeGroup),
        validate_choice=False,
        validators=[Optional()],
    )
    sex = RadioField(
        "Sex",
        widget=GovRadioInput(),
        choices=choices(Sex),
        validate_choice=False,
        validators=[Optional()],
    )
    vulnerable = BooleanField("Vulnerable", widget=GovCheckboxInput())
    needs_appropriate_adult = BooleanField("Needs an appropriate adult", widget=GovCheckboxInput())
    needs_interpreter = BooleanField("Needs an interpreter", widget=GovCheckboxInput())
    custody_number = StringField(
        "Custody number (optional)", widget=GovTextInput(), description="Never the name"
    )
    welfare_notes = TextAreaField(
        "Welfare notes (optional)",
        widget=GovTextArea(),
        description="What you saw and heard. Do not write the detainee's name.",
    )

    @property
    def reason(self):
        return self._by_outcome(self.not_available_reason, self.not_offered_reason)

    @property
    def reason_detail(self):
        return self._by_outcome(self.not_available_detail, self.not_offered_detail)

    def to_input(self) -> DetaineeInput:
        return DetaineeInput(
            outcome=self.outcome.data,
            reason=self.reason,
            reason_detail=self.reason_detail,
            custody_number=self.custody_number.data,
            age_group=self.age_group.data,
            sex=self.sex.data,
            vulnerable=self.vulnerable.data,
            needs_appropriate_adult=self.needs_appropriate_adult.data,
            needs_interpreter=self.needs_interpreter.data,
            welfare_notes=self.welfare_notes.data,
        )

    def _by_outcome(self, not_available, not_offered):
        if self.outcome.data == DetaineeOutcome.NOT_AVAILABLE:
            return not_available.data
        if self.outcome.data == DetaineeOutcome.NOT_OFFERED:
            return not_offered.data
        return None


class DetaineesForm(SaveForm):
    detainees = FieldList(FormField(DetaineeForm), min_entries=1)
    add = SubmitField("Add another detainee", widget=GovSubmitInput())


class CheckForm(FlaskForm):
    class Meta:
        csrf = False

    state = RadioField(
        "State",
        widget=GovRadioInput(),
        choices=choices(CheckState),
        validate_choice=False,
        validators=[Optional()],
    )
    note = TextAreaField("Note", widget=GovTextArea())
    raise_issue = BooleanField("Also raise this as an issue", widget=GovCheckboxInput())


def checklist_form_class():
    """A form with one CheckForm per checklist area, named by the area's value."""
    fields = {area.value: FormField(CheckForm, label=area.label) for area in CHECKLIST_AREAS}
    return type("ChecklistForm", (SaveForm,), fields)


ChecklistForm = checklist_form_class()


class IssueForm(FlaskForm):
    class Meta:
        csrf = False

    id = HiddenField()
    area = SelectField(
        "Area",
        widget=GovSelect(),
        validate_choice=False,
        choices=[SelectChoice("", "Select an area"), *choices(Area)],
    )
    description = TextAreaField("What is the issue?", widget=GovTextArea())
    raised_with = StringField(
        "Who was it raised with?",
        widget=GovTextInput(),
        description="Rank and name, for example, Sergeant A Patel",
    )
    response_at_time = TextAreaField("Their response at the time", widget=GovTextArea())
    resolved_on_spot = BooleanField("Resolved on the spot", widget=GovCheckboxInput())
    level = RadioField(
        "Level",
        widget=GovRadioInput(),
        validate_choice=False,
        validators=[Optional()],
        choices=[SelectChoice(str(level.value), level.label) for level in IssueLevel],
    )

    def to_input(self) -> IssueInput:
        return IssueInput(
            id=parse_id(self.id.data),
            area=self.area.data,
            description=self.description.data,
            raised_with=self.raised_with.data,
            response_at_time=self.response_at_time.data,
            resolved_on_spot=self.resolved_on_spot.data,
            level=self.level.data,
        )


class IssuesForm(SaveForm):
    issues = FieldList(FormField(IssueForm), min_entries=0)
    add = SubmitField("Add an issue", widget=GovSubmitInput())


class ObservationsForm(SaveForm):
    observations = TextAreaField(
        "Other observations (optional)",
        widget=GovTextArea(),
        description="Anything else the coordinator should know. No detainee names.",
    )


class SubmitReportForm(Form):
    submit = SubmitField("Submit report", widget=GovSubmitInput())


class ReturnForm(Form):
    note = TextAreaField(
        "What should the lead visitor change?",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter what the lead visitor should change")],
    )
    submit = SubmitField("Send back to the lead visitor", widget=GovSubmitInput())
