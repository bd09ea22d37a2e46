"""Two-step sign-in, in the browser: the second step after the password, setting it up, the
person's account page (recovery codes, a volunteer's choice to use it) and the coordinator's
reset (icv.services.two_step holds the rules).

Between the password and the code, the session holds only "the password of person X was right
at time T" (PENDING): nobody is signed in, so no page and no API route answers but these. The
person is signed in (icv.auth.views._start_session) only once the code is taken, and the
session is marked as having passed (PASSED); icv.access ends a coordinator's or force user's
session that has no such mark.
"""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, logout_user
from markupsafe import Markup

from icv import clock
from icv.access import allow, public
from icv.auth.forms import SetUpCodeForm, SignInCodeForm
from icv.db import get_or_404, get_session
from icv.extensions import throttle
from icv.models import Person, Role
from icv.schemas import ValidationError
from icv.schemas.two_step import SetUpCodeSchema, SignInCodeSchema
from icv.services import NotAllowedNow, people
from icv.services import two_step as service

bp = Blueprint("two_step", __name__)

SETTING_UP = "two_step_setting_up"  # {"person": id, "secret": the secret being set up}
PENDING = "password_passed"  # {"person": id, "token": session token, "at": seconds, "next": url}
PASSED = "two_step_at"  # in a signed-in session: when the second step was passed
TOO_MANY = (
    "You have entered a wrong code too many times. Wait 15 minutes, then sign in again. If "
    "you have lost your phone and your recovery codes, ask your scheme coordinator to reset "
    "your two-step sign-in."
)
START_AGAIN = "Sign in again: it is more than {minutes} minutes since you entered your password"


# -- The session between the password and the code ---------------------------------------------


def asked(person: Person) -> bool:
    """Whether signing in takes a second step after this person's password."""
    return service.asked(get_session(), person)


def ask(person: Person, next_url: str):
    """The password was right: ask for the code (or to set two-step up) before signing in."""
    session.clear()
    session[PENDING] = {
        "person": person.id,
        "token": person.session_token,
        "at": _now(),
        "next": next_url,
    }
    if service.enabled(get_session(), person):
        return redirect(url_for("two_step.code"))
    return redirect(url_for("two_step.set_up"))


def _now() -> int:
    return int(clock.now().timestamp())


def _pending_person(setting: str) -> Person | None:
    """The person whose password was right, within the minutes of `setting`; None when there
    is none, it is too late, or they have since been deactivated or changed."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or _now() - pending.get("at", 0) > _minutes(setting) * 60:
        return None
    return people.load_signed_in(get_session(), pending.get("token", ""))


def _minutes(setting: str) -> int:
    return current_app.config[setting]


def _start_again(setting: str):
    """Back to the password: it was not typed, or too long ago (then say so)."""
    pending = session.pop(PENDING, None)
    if not isinstance(pending, dict):
        return redirect(url_for("auth.sign_in"))
    flash(START_AGAIN.format(minutes=_minutes(setting)), "info")
    return redirect(url_for("auth.sign_in", next=pending.get("next")))


def _sign_in(person: Person, next_url: str | None) -> str:
    """Sign `person` in, now that both steps are passed; where to go next."""
    from icv.auth.views import _start_session

    _start_session(person)
    session[PASSED] = _now()
    return next_url or url_for("home.index")


def passed() -> bool:
    """Whether the signed-in session may go on: it passed the second step, or its person's
    role does not need one (a volunteer who chose two-step could only sign in with it)."""
    return not service.required(current_user) or bool(session.get(PASSED))


def sign_in_again():
    """End a session that began without the second step its person needs (one from before
    two-step sign-in was required)."""
    logout_user()
    session.clear()
    message = "Sign in again, with your two-step code"
    if request.path.startswith("/api/"):
        from flask_smorest import abort

        abort(401, message=message)
    flash(message, "info")
    back = request.full_path if request.method == "GET" else None
    return redirect(url_for("auth.sign_in", next=back))


# -- Throttling, as for passwords (icv.auth.views) ----------------------------------------------


def _person_key() -> str:
    pending = session.get(PENDING)
    return f"two-step:{pending.get('person') if isinstance(pending, dict) else None}"


def _wrong(response) -> bool:
    return response.status_code == 400  # a code refused; not a page shown or a code taken


def _limit() -> str:
    return current_app.config["SIGN_IN_FAILURES_ALLOWED"]


def throttled(view):
    common = {"methods": ["POST"], "deduct_when": _wrong, "error_message": TOO_MANY}
    view = throttle(_limit, key_func=_person_key, scope="two-step-person", **common)(view)
    return throttle(_limit, scope="two-step-address", **common)(view)


@bp.errorhandler(429)
def too_many_codes(_error):
    form = SetUpCodeForm() if request.endpoint == "two_step.set_up" else SignInCodeForm()
    form.code.errors = [TOO_MANY]
    return render_template("auth/two_step_code.html", form=form), 429


# -- Pages ---------------------------------------------------------------------------------------


@bp.route("/sign-in/code", methods=["GET", "POST"])
@public
@throttled
def code():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    db = get_session()
    person = _pending_person("TWO_STEP_MINUTES")
    if person is None:
        return _start_again("TWO_STEP_MINUTES")
    if not service.enabled(db, person):
        return redirect(url_for("two_step.set_up"))
    form = SignInCodeForm()
    typed = _typed(form, SignInCodeSchema())
    if typed is not None:
        verdict = service.check(db, person, typed)
        if verdict.passed:
            next_url = _sign_in(person, session[PENDING].get("next"))
            if verdict.recovery_codes_left is not None:
                _say_codes_left(verdict.recovery_codes_left)
            return redirect(next_url)
        form.code.errors = [verdict.error]  # not form.show: the failure stays audited
    return render_template("auth/two_step_code.html", form=form), _status()


def _typed(form, schema) -> str | None:
    """The code posted, as `schema` reads it; None when none was posted, or when it does not
    read as a code (the form then shows why)."""
    if not form.is_submitted():
        return None
    try:
        return schema.load(form.posted())["code"]
    except ValidationError as error:
        form.show(error)
        return None


def _status() -> int:
    return 200 if request.method == "GET" else 400


def _say_codes_left(left: int):
    codes = "recovery code" if left == 1 else "recovery codes"
    message = f"You signed in with a recovery code. You have {left} {codes} left."
    if left <= 3:
        message += " Make a new set from Your account."
    flash(message, "info")


@bp.route("/sign-in/set-up", methods=["GET", "POST"])
@public
@throttled
def set_up():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    person = _pending_person("TWO_STEP_SET_UP_MINUTES")
    if person is None:
        return _start_again("TWO_STEP_SET_UP_MINUTES")
    if service.enabled(get_session(), person):
        return redirect(url_for("two_step.code"))
    return _set_up(person, session[PENDING].get("next"))


@bp.route("/account/two-step", methods=["GET", "POST"])
@allow(Role.VOLUNTEER)
def opt_in():
    """A volunteer who chooses two-step sign-in sets it up here (the others have it set up
    before they can sign in)."""
    person = current_user._get_current_object()
    if service.enabled(get_session(), person):
        return redirect(url_for("two_step.account"))
    return _set_up(person, url_for("two_step.account"))


def _set_up(person: Person, next_url: str | None):
    db = get_session()
    secret = _secret_to_set_up(person)
    form = SetUpCodeForm()
    typed = _typed(form, SetUpCodeSchema())
    if typed is not None:
        verdict = service.enable(db, person, typed, secret)
        if verdict.passed:
            session.pop(SETTING_UP, None)
            next_url = _sign_in(person, next_url)
            return render_template(
                "auth/recovery_codes.html", codes=verdict.recovery_codes, next_url=next_url
            )
        form.code.errors = [verdict.error]
    return render_template(
        "auth/two_step_set_up.html",
        form=form,
        person=person,
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        qr_code=_qr_code(person, secret),
        signed_in=current_user.is_authenticated,
    ), _status()


def _secret_to_set_up(person: Person) -> str:
    """The secret this browser is setting up for `person`: made at its first showing and kept
    in this browser's session until confirmed, so no other browser is ever shown it."""
    held = session.get(SETTING_UP)
    if not held or held.get("person") != person.id:
        held = session[SETTING_UP] = {"person": person.id, "secret": service.new_secret()}
    return held["secret"]


def _qr_code(person: Person, secret: str) -> Markup:
    """The QR code an authenticator app scans, as inline SVG: no script, no image to fetch."""
    import segno

    uri = service.provisioning_uri(person, secret, current_app.config["TWO_STEP_ISSUER"])
    svg = segno.make(uri, error="m").svg_inline(
        scale=4, border=4, dark="#0b0c0c", light="#ffffff", omitsize=False
    )
    label = 'role="img" aria-label="QR code to scan with your authenticator app"'
    return Markup(svg.replace("<svg ", f"<svg {label} ", 1))  # noqa: S704 (segno's own SVG)


@bp.route("/account")
@allow(*Role)
def account():
    person = current_user._get_current_object()
    return render_template("auth/account.html", status=service.status(get_session(), person))


@bp.route("/account/recovery-codes", methods=["POST"])
@allow(*Role)
def renew_recovery_codes():
    try:
        codes = service.renew_recovery_codes(get_session(), current_user._get_current_object())
    except NotAllowedNow as error:
        flash(error.message, "error")
        return redirect(url_for("two_step.account"))
    return render_template(
        "auth/recovery_codes.html", codes=codes, next_url=url_for("two_step.account")
    )


@bp.route("/manage/people/<int:person_id>/two-step/reset", methods=["POST"])
@allow(Role.COORDINATOR)
def reset(person_id):
    """The coordinator forgets someone's app and recovery codes (a lost phone)."""
    record = get_or_404(Person, person_id)
    try:
        service.reset(get_session(), current_user._get_current_object(), record)
    except NotAllowedNow as error:
        flash(error.message, "error")
    else:
        flash(
            f"{record.name}’s two-step sign-in is reset: they set it up again when they next "
            "sign in",
            "success",
        )
    return redirect(url_for("admin.person", person_id=record.id))
