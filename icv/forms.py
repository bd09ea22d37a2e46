"""Forms draw GOV.UK fields and carry the CSRF token; they check nothing themselves.

What a form posts goes to a schema (icv.schemas), which holds every rule; `Form.posted()` is
that input, and `Form.show(error)` puts the schema's or a service's messages beside the fields
they name, for the GOV.UK error summary and the messages at each field.
"""

from datetime import date

from flask import g, request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import Field

from icv import unit_of_work
from icv.models import COUNTED_STATUSES
from icv.schemas.filters import VisitReportFilterSchema, loaded_leniently


class DayMonthYearField(DateField):
    """A date in three boxes (day, month, year), as GOV.UK asks for dates. What is typed is
    kept as typed, [day, month, year], for a schema's date field to read."""

    widget = GovDateInput()

    def __init__(self, label=None, **kwargs):
        super().__init__(label, format="%d %m %Y", **kwargs)

    def process_data(self, value):
        super().process_data(value)
        if isinstance(value, date):  # shown as a person would type it: 7 12 2026, not 07
            self.raw_data = [str(value.day), str(value.month), str(value.year)]

    def process_formdata(self, valuelist):
        # Three boxes share the name; the widget expects three values even when none came.
        self.raw_data = [*valuelist, "", "", ""][:3]
        self.data = [part.strip() for part in self.raw_data]


class TimeField(StringField):
    """A time of day typed as 14:05 (a phone shows its time picker)."""

    widget = GovTextInput()

    def process_data(self, value):
        self.data = value.strftime("%H:%M") if hasattr(value, "strftime") else value or ""


class RowList(FieldList):
    """Rows of a list (detainees, issues). A row left empty is posted as None, which the
    schema leaves out (icv.schemas.fields.Rows) while counting it, so "detainee 3" in a
    message is the third row on the page."""

    def posted(self) -> list[dict | None]:
        return [None if entry.form.is_blank() else entry.form.posted() for entry in self.entries]

    def show_rows(self, messages: dict):
        for index, row_messages in messages.items():
            if isinstance(index, int) and 0 <= index < len(self.entries):
                self.entries[index].form.show_messages(row_messages)
        self.errors = [entry.form.errors for entry in self.entries]


def submission() -> MultiDict | None:
    """What this request posts: the form posted, or a post held over a sign-in and taken back
    now (icv.held_posts); None when it posts nothing."""
    held = g.get("icv_held_post")
    if held is not None:
        return held
    return request.form if request.method == "POST" else None


class InputForm(FlaskForm):
    """Fields whose input goes to a schema; see the module's docstring."""

    class Meta:
        def wrap_formdata(self, form, formdata):
            if formdata is _Auto and g.get("icv_held_post") is not None:
                return g.icv_held_post
            return super().wrap_formdata(form, formdata)

    @classmethod
    def of_request(cls, **stored):
        """The form as posted; or, on opening the page, showing `stored` (obj=…, data=…).
        Never both: a field left empty in a post must not show what was stored."""
        return cls() if submission() is not None else cls(**stored)

    def is_submitted(self) -> bool:
        return submission() is not None

    # Fields named differently on the page from the schema: {schema field: form field}.
    renamed: dict[str, str] = {}

    def posted(self) -> dict:
        """What was posted, for the schema: every field but the buttons and the token."""
        data = {}
        for field in self:
            if isinstance(field, SubmitField) or field.name == "csrf_token":
                continue
            if isinstance(field, RowList):
                data[field.short_name] = field.posted()
            elif isinstance(field, FormField):
                data[field.short_name] = field.form.posted()  # a part: one checklist area
            else:
                data[field.short_name] = field.data
        return data

    def is_blank(self) -> bool:
        """Nothing typed or chosen (a row left empty)."""
        return not any(answered(value) for value in self.posted().values())

    def show(self, error: ValidationError):
        """The post was refused: keep nothing the request changed on the way (the unit of work
        is rolled back), and put each message of the schema's ValidationError (or service's
        Invalid, which is one) beside the field it names; one naming no field goes above."""
        unit_of_work.rollback()
        self.show_messages(error.normalized_messages())

    def show_messages(self, messages: dict):
        for name, value in messages.items():
            field = self.field_for(name)
            if field is None:
                self.form_errors.extend(_texts(value))
            elif isinstance(field, RowList) and isinstance(value, dict):
                field.show_rows(value)
            elif hasattr(field, "form") and isinstance(value, dict):
                field.form.show_messages(value)  # a part of the form, e.g. one checklist area
            else:
                field.errors = [*field.errors, *_texts(value)]

    def answers(self) -> list[tuple[str, str]]:
        """What was typed and chosen, as (question, answer), to give it back to the person
        when it could not be saved."""
        found = []
        for field in self:
            if isinstance(field, SubmitField | HiddenField) or field.name == "csrf_token":
                continue
            if isinstance(field, FieldList):
                for number, entry in enumerate(field.entries, start=1):
                    found += [
                        (f"{field.label.text} {number}: {q}", a) for q, a in entry.form.answers()
                    ]
            elif isinstance(field, FormField):
                found += [(f"{field.label.text}: {q}", a) for q, a in field.form.answers()]
            elif answer := _answer(field):
                found.append((field.label.text, answer))
        return found

    def field_for(self, name: str) -> Field | None:
        """The field showing the schema's `name` (None: the form as a whole)."""
        return self._fields.get(self.renamed.get(name, name))


class Form(InputForm):
    """A form on a page, with its button."""

    submit = SubmitField("Continue", widget=GovSubmitInput())


class RowForm(InputForm):
    """The fields of one row of a list, or one part of a form: the page's form carries the
    token."""

    class Meta:
        csrf = False


def _answer(field) -> str:
    """A field's answer as the person reads it: a choice's words, a tick's "Yes"."""
    data = field.data
    if isinstance(field, BooleanField):
        return "Yes" if data else ""
    if getattr(field, "choices", None) is not None and not isinstance(data, list):
        pairs = (
            (choice.value, choice.label) if hasattr(choice, "label") else tuple(choice)[:2]
            for choice in field.choices
        )
        return next((str(label) for value, label in pairs if data and str(value) == str(data)), "")
    if isinstance(data, list):
        return " ".join(str(part) for part in data if str(part).strip())
    return str(data or "").strip()


def answered(value) -> bool:
    """Whether a posted value says something: not None, blank, unticked, or empty boxes."""
    if isinstance(value, list | tuple):
        return any(answered(part) for part in value)
    return bool(value.strip()) if isinstance(value, str) else bool(value)


def _texts(value) -> list[str]:
    if isinstance(value, dict):
        return [text for inner in value.values() for text in _texts(inner)]
    if isinstance(value, list):
        return [text for inner in value for text in _texts(inner)]
    return [str(value)]


def error_links(form) -> list[dict]:
    """Each message on the form, with a link to its field, for the GOV.UK error summary. A
    date's links to its Day box: GOV.UK's script moves focus only to an input, and a date's
    own id is on a <div>."""
    links = [{"text": message} for message in form.form_errors]
    for field in form:
        if isinstance(field, RowList):
            for entry in field.entries:
                links += error_links(entry.form)
        elif hasattr(field, "form") and field.errors:
            links += error_links(field.form)
        elif field.errors and not isinstance(field.errors, dict):
            target = f"{field.id}-day" if isinstance(field.widget, GovDateInput) else field.id
            links.append({"text": field.errors[0], "href": f"#{target}"})
    return links


class VisitReportFilterForm(Form):
    """The filters of a list of visit reports (the coordinator's and the force's): a GET form,
    so a filtered list can be bookmarked. Its schema is VisitReportFilterSchema."""

    class Meta:
        csrf = False

    suite = SelectField("Suite", widget=GovSelect())
    status = SelectField(
        "Status",
        widget=GovSelect(),
        choices=[SelectChoice("", "Any status")]
        + [SelectChoice(s.value, s.label) for s in COUNTED_STATUSES],
    )
    period = StringField(
        "Period",
        widget=GovTextInput(),
        description="A financial year or quarter, for example, 2016/17 or 2016/17 Q3",
    )
    start = DayMonthYearField("Visited from")
    end = DayMonthYearField("Visited until")
    submit = SubmitField("Filter", widget=GovSubmitInput())

    def chosen(self, suite_list) -> dict:
        """The filter asked for, offering `suite_list`; a period that does not read is said
        beside it, anything else that does not read is left out."""
        self.suite.choices = [SelectChoice("", "All suites")] + [
            SelectChoice(str(suite.id), suite.name) for suite in suite_list
        ]
        chosen, problems = loaded_leniently(VisitReportFilterSchema(), self.posted())
        if "period" in problems:
            self.show_messages({"period": problems["period"]})
        return chosen
