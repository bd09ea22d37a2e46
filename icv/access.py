"""Who may use which route.

Every view states its audience with @allow(...) or @public. One before_request hook enforces
it for the whole app and fails closed: a view that states nothing answers 404 to everyone,
and tests/test_access.py fails until it states something.

People sign in with a session cookie, for the pages and the API alike. A program may instead
send a read-only API key (`Authorization: Bearer …`), to the few API routes that state they
take one: @allow(..., key="statistics").
"""

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user, logout_user

from icv import clock
from icv.db import get_session
from icv.extensions import csrf, login_manager
from icv.models import Role

PUBLIC = "public"


def allow(*roles: Role, key: str | None = None):
    """Only signed-in people with one of these roles, or a program with an API key of the
    `key` scope; anyone else signed in gets 404."""
    if not roles:
        raise ValueError("name at least one role")

    def mark(view):
        view.icv_roles = frozenset(Role(role) for role in roles)
        view.icv_key_scope = key
        return view

    return mark


def public(view):
    """Anyone, signed in or not (the sign-in page, invitations)."""
    view.icv_roles = PUBLIC
    return view


def roles_for(view):
    return getattr(view, "icv_roles", None)


def key_scope_for(view) -> str | None:
    """The scope of API key the view takes, if any."""
    return getattr(view, "icv_key_scope", None)


def _api() -> bool:
    return request.path.startswith("/api/")


def init_app(app):
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to continue"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(_load_user)
    app.before_request(enforce)


def _load_user(session_token: str):
    from icv.services import people

    return people.load_signed_in(get_session(), session_token)


def enforce():
    if request.endpoint is None:
        return None  # no such route: Flask answers 404
    view = current_app.view_functions[request.endpoint]
    roles = roles_for(view)
    if roles is None:
        abort(404)
    key = _api_key() if _api() and roles != PUBLIC else None
    if key is not None:
        return _enforce_key(view, key)
    if current_user.is_authenticated and _idle_too_long():
        logout_user()
        session.clear()
        if _api():
            _unauthorized("You were signed out because you had not used the service for a while")
        flash("You were signed out because you had not used the service for a while", "info")
        return redirect(url_for("auth.sign_in", next=request.full_path))
    if roles == PUBLIC:
        return None
    if not current_user.is_authenticated:
        if _api():
            _unauthorized("Sign in first (POST /sign-in), or send an API key")
        return login_manager.unauthorized()
    if current_user.role not in roles:
        abort(404)
    if _api():
        _check_csrf()
    return None


def _check_csrf():
    """A change through the API with the session cookie must carry the page's CSRF token as
    X-CSRFToken (checked here, once the sender is known, so a stranger is told to sign in).
    An API key is not a cookie a browser would send by itself, so it needs none."""
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()


def _unauthorized(message: str):
    """401, in the API's JSON, saying what to do."""
    from flask_smorest import abort as api_abort

    api_abort(401, message=message)


def _api_key() -> str | None:
    """The key a program sent as `Authorization: Bearer …`, if it sent one."""
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    return key.strip() if scheme.lower() == "bearer" else None


def _enforce_key(view, key: str):
    """A program with an API key: only where the view takes a key of its scope."""
    from icv.services import api_tokens

    token = api_tokens.active(get_session(), key)
    if token is None:
        _unauthorized("This API key is not one, or it has been revoked")
    if key_scope_for(view) != token.scope:
        abort(404)
    g.api_token = token
    return None


def _idle_too_long() -> bool:
    """Sessions end after inactivity, checked here as well as by the cookie's expiry so that a
    copied cookie cannot be replayed past its idle time."""
    now = clock.now().timestamp()
    seen = session.get("seen")
    session["seen"] = int(now)
    session.permanent = True
    idle = current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
    return seen is not None and now - seen > idle
