"""Flask extensions, created here and bound to the app in create_app."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()
# No default limits: throttling is stated on the routes that need it (sign-in).
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)
