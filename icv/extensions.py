"""Flask extensions, created here and bound to the app in create_app."""

from flask import current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()
# No default limits: throttling is stated on the routes that need it (sign-in), with throttle.
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)


def throttle(*limit_args, **limit_kwargs):
    """limiter.limit, marking the view as throttled: only such views pass through
    Flask-Limiter's check (init_limiter)."""

    def decorate(view):
        view = limiter.limit(*limit_args, **limit_kwargs)(view)
        view.icv_throttled = True
        return view

    return decorate


def init_limiter(app):
    """Flask-Limiter, with its check before every request run only for the views `throttle`
    marked: for any other page it would work out, at every request, that the page has no
    limit, which costs a tenth of what the volunteer's home does."""
    limiter.init_app(app)
    checks = app.before_request_funcs[None]
    checks[checks.index(limiter._check_request_limit)] = _check_if_throttled


def _check_if_throttled():
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "icv_throttled", False):
        limiter._check_request_limit()
