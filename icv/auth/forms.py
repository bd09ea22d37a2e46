from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import InputRequired, Length, ValidationError

from icv.forms import Form


class SignInForm(Form):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter your email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter your password"), Length(max=128)],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class SetPasswordForm(Form):
    password = PasswordField(
        "Create a password",
        widget=GovPasswordInput(),
        description="Use 10 characters or more. A few words strung together are easy to remember.",
        validators=[InputRequired(message="Enter a password")],
    )
    confirm = PasswordField(
        "Type the password again",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Type the password again")],
    )
    submit = SubmitField("Set password and sign in", widget=GovSubmitInput())

    def validate_confirm(self, field):
        if self.password.data and field.data != self.password.data:
            raise ValidationError("The passwords do not match")
