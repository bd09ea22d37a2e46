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
    Flask-Limiter's check, which costs every other page a tenth of a millisecond for nothing."""

    def decorate(view):
        view = limiter.limit(*limit_args, **limit_kwargs)(view)
        view.icv_throttled = True
        return view

    return decorate


@limiter.request_filter
def _not_throttled() -> bool:
    view = current_app.view_functions.get(request.endpoint)
    return not getattr(view, "icv_throttled", False)
