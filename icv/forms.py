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
        parts = [part.strip() for part in valuelist]
        if not any(parts):
            self.data = None
            return
        try:
            day, month, year = (int(part) for part in parts)
            self.data = date(year, month, day)
        except ValueError as error:
            self.data = None
            raise ValueError(self.invalid_message) from error


class Form(FlaskForm):
    """A FlaskForm that can show a service's Invalid against the field it names."""

    submit = SubmitField("Continue", widget=GovSubmitInput())

    def show(self, error: Invalid):
        field = getattr(self, error.field, None)
        if field is None:
            self.form_errors.append(error.message)
        else:
            field.errors = [*field.errors, error.message]
