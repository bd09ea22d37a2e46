from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from icv import clock
from icv.access import allow, public
from icv.auth import bp, two_step
from icv.auth.forms import SetPasswordForm, SignInForm
from icv.db import get_session
from icv.extensions import throttle
from icv.models import Role
from icv.schemas import ValidationError
from icv.schemas.people import WRONG_SIGN_IN, NewPasswordSchema, SignInSchema
from icv.services import NotAllowedNow, people, suites

TOO_MANY = (
    "You have tried to sign in too many times. Wait 15 minutes, then try again, "
    "or ask your scheme coordinator to send you a new link to set your password."
)


def _email_key() -> str:
    return "sign-in:" + people.normalise_email(request.form.get("email", ""))[:254]


def _failed(response) -> bool:
    # A successful sign-in redirects; every other answer to the POST is a failure.
    return response.status_code != 302


def _failure_limit() -> str:
    return current_app.config["SIGN_IN_FAILURES_ALLOWED"]


def _safe_next(target: str | None) -> str:
    """Only a path on this site, so a crafted link cannot send someone to another site: one
    leading slash (a browser reads `//host` and `/\\host` as another site), and nothing a browser
    would drop or rewrite (tabs, line breaks, backslashes) to make it so."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and target.isprintable()
    ):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("home.index")


def _start_session(person):
    """A fresh session for `person`: nothing carried over from before sign-in (session fixation)."""
    if current_user.is_authenticated:
        logout_user()
    session.clear()
    session.permanent = True  # ends after the idle time, see icv.access
    session["began"] = session["seen"] = int(clock.now().timestamp())
    login_user(person)


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@throttle(
    _failure_limit,
    key_func=_email_key,
    methods=["POST"],
    deduct_when=_failed,
    scope="sign-in-account",
    error_message=TOO_MANY,
)
@throttle(
    _failure_limit,
    methods=["POST"],
    deduct_when=_failed,
    scope="sign-in-address",
    error_message=TOO_MANY,
)
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignInForm()
    if form.is_submitted():
        try:
            person = people.authenticate(get_session(), **SignInSchema().load(form.posted()))
        except ValidationError as error:
            form.show(error)
        else:
            if person is not None:
                if two_step.asked(person):
                    return two_step.ask(person, _safe_next(request.args.get("next")))
                _start_session(person)
                return redirect(_safe_next(request.args.get("next")))
            form.email.errors = [WRONG_SIGN_IN]  # the failure stays in the audit trail
    return render_template("auth/sign_in.html", form=form), 400 if request.method == "POST" else 200


@bp.errorhandler(429)
def too_many_attempts(_error):
    form = SignInForm()
    form.email.errors = [TOO_MANY]
    return render_template("auth/sign_in.html", form=form), 429


@bp.route("/sign-out", methods=["POST"])
@allow(*Role)
def sign_out():
    people.sign_out(get_session(), current_user._get_current_object())
    logout_user()
    session.clear()
    flash("You have signed out", "success")
    return redirect(url_for("auth.sign_in"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def invitation(token):
    db = get_session()
    opened = people.open_invitation(db, token)
    if opened is None:
        return render_template("auth/invitation_invalid.html"), 404
    form = SetPasswordForm()
    if form.is_submitted():
        try:
            places = suites.names(db)
            schema = NewPasswordSchema.of(opened.person.name, opened.person.email, places)
            password = schema.load(form.posted())["password"]
        except ValidationError as error:
            form.show(error)
        else:
            try:
                person = people.accept_invitation(db, opened, password)
            except NotAllowedNow:
                return render_template("auth/invitation_invalid.html"), 404
            if two_step.asked(person):
                set_up = two_step.ask(person, url_for("home.index"))
                flash("Your password is set. Now set up two-step sign-in.", "success")
                return set_up
            _start_session(person)
            flash("Your password is set and you are signed in", "success")
            return redirect(url_for("home.index"))
    return render_template("auth/invitation.html", form=form, person=opened.person)
