"""The rota's forms; icv.schemas.rota holds their rules."""

from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField

from icv.forms import Form


class PlanForm(Form):
    period = StringField(
        "Quarter",
        widget=GovTextInput(),
        description="For example, 2026/27 Q4 (January to March 2027)",
    )
    seed = StringField(
        "Seed (optional)",
        widget=GovTextInput(),
        description="The same seed draws the same rota again; leave it empty for a new draw",
    )
    submit = SubmitField("Draw the rota", widget=GovSubmitInput())


class VisitorSwapForm(Form):
    based_on = HiddenField()  # the visitors as the page showed them
    leaving = RadioField("Who is not going?", widget=GovRadioInput(), coerce=str)
    joining = SelectField("Who goes in their place?", widget=GovSelect(), coerce=str)
    submit = SubmitField("Swap the visitor", widget=GovSubmitInput())


class WeekSwapForm(Form):
    based_on = HiddenField()  # the visitors as the page showed them
    week = SelectField(
        "Swap weeks with",
        widget=GovSelect(),
        coerce=str,
        description="The pair of that week visits this week, and this pair that week",
    )
    submit = SubmitField("Swap the weeks", widget=GovSubmitInput())


class HandOverForm(Form):
    based_on = HiddenField()  # the visitors as the page showed them
    joining = SelectField("Who goes in your place?", widget=GovSelect(), coerce=str)
    submit = SubmitField("Swap with them", widget=GovSubmitInput())
