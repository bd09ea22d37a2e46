"""Form pieces shared by every journey: GOV.UK widgets with messages written for the person."""

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovSubmitInput
from wtforms import DateField, SubmitField

from icv.services import Invalid


class DayMonthYearField(DateField):
    """A date in three boxes (day, month, year), as GOV.UK asks for dates."""

    widget = GovDateInput()

    def __init__(self, label=None, validators=None, *, invalid_message="Enter a real date", **kw):
        super().__init__(label, validators, format="%d %m %Y", **kw)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist):
        # Three boxes share the name; the widget expects three values even when none came.
        self.raw_data = [*valuelist, "", "", ""][:3]
        parts = [part.strip() for part in self.raw_data]
        if not any(parts):
            self.data = None
            return
        try:
            day, month, year = (int(part) for part in parts)
            self.data = date(year, month, day)
        except ValueError as error:
            self.data = None
            raise ValueError(self.invalid_message) from error
        if year < 1900:
            self.data = None
            raise ValueError("The year must have 4 numbers, for example 2017")


class Form(FlaskForm):
    """A FlaskForm that can show a service's Invalid against the field it names."""

    submit = SubmitField("Continue", widget=GovSubmitInput())

    def show(self, error: Invalid):
        """Put each message of a service's Invalid beside the field it names."""
        for name, message in error.errors:
            field = self._find(name)
            if field is None:
                self.form_errors.append(message)
            else:
                field.errors = [*field.errors, message]

    def _find(self, name: str):
        """The field called `name`, looking inside lists: "detainees-2-reason"."""
        for field in self:
            if field.name == name:
                return field
            if name.startswith(field.name + "-") and hasattr(field, "entries"):
                for entry in field.entries:
                    if name == entry.name or name.startswith(entry.name + "-"):
                        inner = getattr(entry, "form", None)
                        return entry if inner is None else _find_in(inner, name)
        return None


def _find_in(form, name: str):
    for field in form:
        if field.name == name:
            return field
    return None
