"""The visit report's pages. Each form draws its step's fields; the step's schema in
icv.schemas.visit_reports holds the rules."""

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
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice

from icv.forms import DayMonthYearField, Form, RowForm, RowList, TimeField, answered
from icv.models import (
    CHECKLIST_AREAS,
    RIGHTS,
    AgeGroup,
    Area,
    CheckState,
    DeclinedReason,
    DelayReason,
    DetaineeOutcome,
    IssueLevel,
    NotAvailableReason,
    NotOfferedReason,
    RightsAnswer,
    Sex,
    VisitOutcome,
    VisitType,
)
from icv.schemas import ValidationError
from icv.schemas.fields import Id


def choices(enum_class):
    return [SelectChoice(value, label) for value, label in enum_class.choices()]


class SaveForm(Form):
    submit = SubmitField("Save and continue", widget=GovSubmitInput())


class VisitForm(SaveForm):
    suite_id = RadioField("Suite", widget=GovRadioInput(), coerce=str)
    visit_date = DayMonthYearField("Date of the visit", description="For example, 27 3 2017")
    visit_type = RadioField(
        "How did you visit?", widget=GovRadioInput(), choices=choices(VisitType)
    )
    partner = SelectField(
        "Your partner",
        widget=GovSelect(),
        coerce=str,
        description="The other volunteer on the visit",
    )
    second_partner = SelectField("A third visitor (optional)", widget=GovSelect(), coerce=str)
    outcome = RadioField(
        "Was the visit completed?", widget=GovRadioInput(), choices=choices(VisitOutcome)
    )
    abandoned_reason = TextAreaField("Why was the visit abandoned?", widget=GovTextArea())

    # The schema's partner_ids are these two boxes; the first answers for both.
    renamed = {"partner_ids": "partner"}

    def posted(self) -> dict:
        data = super().posted()
        partners = [data.pop("partner"), data.pop("second_partner")]
        data["partner_ids"] = [partner for partner in partners if partner]
        return data


class AccessForm(SaveForm):
    arrived_at = TimeField(
        "Time you arrived and asked to be let in", description="For example, 14:05"
    )
    admitted_at = TimeField("Time you were let in", description="For example, 14:07")
    delay_cause = RadioField(
        "Reason for the delay", widget=GovRadioInput(), choices=choices(DelayReason)
    )
    # The words for "Other", shown under it.
    delay_reason = TextAreaField("Describe the reason", widget=GovTextArea())
    delay_authorised_by = StringField(
        "Rank and name of who authorised the delay",
        widget=GovTextInput(),
        description="For example, Inspector J Smith",
    )


class DetaineeForm(RowForm):
    """One detainee. There is deliberately no field for a name."""

    outcome = RadioField("What happened?", widget=GovRadioInput(), choices=choices(DetaineeOutcome))
    # Each outcome's reasons (and words for "other") are shown under that outcome.
    not_available_reason = RadioField(
        "Why not available?", widget=GovRadioInput(), choices=choices(NotAvailableReason)
    )
    not_offered_reason = RadioField(
        "Why not offered?", widget=GovRadioInput(), choices=choices(NotOfferedReason)
    )
    declined_reason = RadioField(
        "Why declined? (optional)", widget=GovRadioInput(), choices=choices(DeclinedReason)
    )
    not_available_detail = StringField("Describe the other reason", widget=GovTextInput())
    not_offered_detail = StringField("Describe the other reason", widget=GovTextInput())
    declined_detail = StringField("Describe the other reason", widget=GovTextInput())
    age_group = RadioField("Age group", widget=GovRadioInput(), choices=choices(AgeGroup))
    sex = RadioField("Sex", widget=GovRadioInput(), choices=choices(Sex))
    vulnerable = BooleanField("Vulnerable", widget=GovCheckboxInput())
    needs_appropriate_adult = BooleanField("Needs an appropriate adult", widget=GovCheckboxInput())
    needs_interpreter = BooleanField("Needs an interpreter", widget=GovCheckboxInput())
    mental_health_concern = BooleanField("Mental health concern", widget=GovCheckboxInput())
    appropriate_adult_present = BooleanField(
        "Appropriate adult present (if needed)", widget=GovCheckboxInput()
    )
    interpreter_present = BooleanField("Interpreter present (if needed)", widget=GovCheckboxInput())
    tact = BooleanField("Held under the Terrorism Act (TACT)", widget=GovCheckboxInput())
    custody_number = StringField(
        "Custody number (optional)", widget=GovTextInput(), description="Never the name"
    )
    welfare_notes = TextAreaField(
        "Welfare notes (optional)",
        widget=GovTextArea(),
        description="What you saw and heard. Do not write the detainee's name.",
    )

    BY_OUTCOME = ("declined", "not_available", "not_offered")
    RIGHTS = tuple(check.name for check in RIGHTS)

    def posted(self) -> dict:
        data = super().posted()
        shown = data.get("outcome") if data.get("outcome") in self.BY_OUTCOME else None
        reasons = {o: (data.pop(f"{o}_reason"), data.pop(f"{o}_detail")) for o in self.BY_OUTCOME}
        data["reason"], data["reason_detail"] = reasons.get(shown, (None, None))
        return data

    def field_for(self, name: str):
        if name in ("reason", "reason_detail") and self.outcome.data in self.BY_OUTCOME:
            suffix = "reason" if name == "reason" else "detail"
            return self[f"{self.outcome.data}_{suffix}"]
        return super().field_for(name)

    @classmethod
    def data_of(cls, entry: dict) -> dict:
        """The fields of a stored entry (DetaineeEntrySchema's dump): its reason goes to the
        boxes of its outcome."""
        data = {k: v for k, v in entry.items() if k not in ("reason", "reason_detail")}
        if entry["outcome"] in cls.BY_OUTCOME:
            data[f"{entry['outcome']}_reason"] = entry["reason"]
            data[f"{entry['outcome']}_detail"] = entry["reason_detail"]
        return data


for _check in RIGHTS:  # a question per rights check, the Code's words as its hint
    setattr(
        DetaineeForm,
        _check.name,
        RadioField(
            _check.label,
            widget=GovRadioInput(),
            choices=choices(RightsAnswer),
            description=_check.code,
        ),
    )


class DetaineesForm(SaveForm):
    detainees = RowList(FormField(DetaineeForm), "Detainee", min_entries=1)
    add = SubmitField("Add another detainee", widget=GovSubmitInput())


class CheckForm(RowForm):
    state = RadioField("State", widget=GovRadioInput(), choices=choices(CheckState))
    note = TextAreaField("Note", widget=GovTextArea())
    raise_issue = BooleanField("Also raise this as an issue", widget=GovCheckboxInput())

    def posted(self) -> dict:
        data = super().posted()
        data.pop("raise_issue")  # where the page goes next, not part of the report
        return data


def checklist_form_class():
    """A form with one CheckForm per checklist area, named by the area's value."""
    fields = {area.value: FormField(CheckForm, label=area.label) for area in CHECKLIST_AREAS}
    return type("ChecklistForm", (SaveForm,), fields)


ChecklistForm = checklist_form_class()


class IssueForm(RowForm):
    id = HiddenField()
    area = SelectField(
        "Area",
        widget=GovSelect(),
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
        choices=[SelectChoice(str(level.value), level.label) for level in IssueLevel],
    )

    def posted(self) -> dict:
        data = super().posted()
        try:
            data["id"] = Id().deserialize(data["id"])
        except ValidationError:
            data["id"] = None  # not an id (a forged or mangled page): a new issue
        return data

    def is_blank(self) -> bool:
        return not any(answered(v) for name, v in self.posted().items() if name != "id")


class IssuesForm(SaveForm):
    issues = RowList(FormField(IssueForm), "Issue", min_entries=0)
    add = SubmitField("Add an issue", widget=GovSubmitInput())


class ObservationsForm(SaveForm):
    observations = TextAreaField(
        "Other observations (optional)",
        widget=GovTextArea(),
        description="Anything else the coordinator should know. No detainee names.",
    )


class SubmitReportForm(Form):
    # "Are you sure?", asked of a report that records nothing (VisitReportSchema).
    confirm_empty = BooleanField(
        "Yes, submit it: there were no detainees and we checked no area of the suite"
    )
    submit = SubmitField("Submit report", widget=GovSubmitInput())


class ReturnForm(Form):
    note = TextAreaField("What should the lead visitor change?", widget=GovTextArea())
    submit = SubmitField("Send back to the lead visitor", widget=GovSubmitInput())
