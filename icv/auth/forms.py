"""Signing in and choosing a password; icv.schemas.people holds the rules."""

from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, StringField, SubmitField

from icv.forms import Form


class SignInForm(Form):
    email = EmailField("Email address", widget=GovTextInput())
    password = PasswordField("Password", widget=GovPasswordInput())
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class SetPasswordForm(Form):
    password = PasswordField(
        "Create a password",
        widget=GovPasswordInput(),
        description=(
            "Use 10 characters or more. A few unrelated words strung together are hard to guess "
            "and easy to remember."
        ),
    )
    confirm = PasswordField("Type the password again", widget=GovPasswordInput())
    submit = SubmitField("Set password and sign in", widget=GovSubmitInput())


class SignInCodeForm(Form):
    """The second step of signing in (icv.schemas.two_step holds the rules)."""

    code = StringField(
        "Code",
        widget=GovTextInput(),
        description="The 6-digit code your authenticator app shows, or one of your recovery codes",
    )


class SetUpCodeForm(Form):
    code = StringField(
        "Code from your app",
        widget=GovTextInput(),
        description="The 6 digits the app now shows for this account",
    )
