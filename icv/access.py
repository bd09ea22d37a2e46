"""Who may use which route.

Every view states its audience with @allow(...) or @public. One before_request hook enforces
it for the whole app and fails closed: a view that states nothing answers 404 to everyone,
and tests/test_access.py fails until it states something.

People sign in with a session cookie, for the pages and the API alike. A program may instead
send a read-only API key (`Authorization: Bearer …`), to the few API routes that state they
take one: @allow(..., key="statistics").
"""

from urllib.parse import urlsplit

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user, logout_user

from icv import clock, held_posts
from icv.db import get_session
from icv.extensions import csrf, login_manager
from icv.models import Role

PUBLIC = "public"
SEEN_EVERY_SECONDS = 10


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
    if current_user.is_authenticated and _session_over():
        return _signed_out()
    if current_user.is_authenticated and (ended := _without_second_step()) is not None:
        return ended
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


def _without_second_step():
    """A coordinator's or force user's session that did not pass the second step of signing in
    ends here (icv.auth.two_step); None for every other session."""
    from icv.auth import two_step

    return None if two_step.passed() else two_step.sign_in_again()


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


def _session_over() -> bool:
    """A session ends after its person's idle time without use, and in any case a working day
    after signing in. Checked here, not by the cookie's expiry, so that a copied cookie cannot be
    replayed past either, and so that a post made after the end is still known to come from the
    person's own page (icv.held_posts)."""
    now = int(clock.now().timestamp())
    seen = session.get("seen", now)
    began = session.setdefault("began", now)
    if now - seen >= SEEN_EVERY_SECONDS or "seen" not in session:
        # Rewritten every few seconds, not at every request: signing the cookie again costs
        # as much as a small page. An idle time is so overstated by at most this much.
        session["seen"] = now
    if not session.permanent:  # setting it marks the session changed, to be sent again
        session.permanent = True
    config = current_app.config
    idle = config[
        "VOLUNTEER_IDLE_MINUTES" if current_user.role is Role.VOLUNTEER else "SESSION_IDLE_MINUTES"
    ]
    return now - seen > idle * 60 or now - began > config["SESSION_LONGEST_HOURS"] * 3600


def _signed_out():
    """End the session that is over, keeping what it posted if that was a step of a report, and
    ask the person to sign in again, then come back."""
    person = current_user._get_current_object()
    back = held_posts.hold(person)
    logout_user()
    session.clear()
    if _api():
        _unauthorized("You were signed out because you had not used the service for a while")
    message = "You were signed out because you had not used the service for a while"
    if back:
        flash(f"{message}. What you sent is kept: sign in and it is saved.", "info")
    else:
        flash(message, "info")
        back = request.full_path if request.method == "GET" else _page_posted_from()
    return redirect(url_for("auth.sign_in", next=back))


def _page_posted_from() -> str | None:
    """The page a post was sent from, on this site, to come back to after signing in (a post's
    own address may take no GET)."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host:
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return None
