"""The coordinator's review pages: the buttons and the amendment request (AmendmentSchema)."""

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import SubmitField, TextAreaField

from icv.forms import Form


class ReviewedForm(Form):
    submit = SubmitField("Mark as reviewed", widget=GovSubmitInput())


class AmendmentForm(Form):
    reason = TextAreaField("What should the lead visitor amend?", widget=GovTextArea())
    submit = SubmitField("Ask for an amendment", widget=GovSubmitInput())
