"""Settings: defaults, then ICV_* environment variables, then the test_config passed in.

With nothing set, icv runs on SQLite in the instance folder with a secret key generated once
and kept there, so a fresh checkout works with no configuration and no key lives in the code.
"""

import os
import secrets
import time
from datetime import timedelta
from pathlib import Path

DEFAULTS = {
    "DATABASE_URL": None,  # filled in from the instance folder when unset
    "SECRET_KEY": None,  # read from, or written once to, the instance folder when unset
    "SESSION_IDLE_MINUTES": 30,  # coordinators and force users
    "VOLUNTEER_IDLE_MINUTES": 180,  # a visit takes one to two hours, the phone in a pocket
    "SESSION_LONGEST_HOURS": 12,  # signed out this long after signing in, however busy
    "SESSION_COOKIE_SECURE": False,
    # Sign-in throttling counts failures here: in the process (the embedded default), or, for
    # several app processes, in Redis shared by them all (redis://host:6379/0).
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_STRATEGY": "moving-window",  # blocked for 15 minutes after the fifth failure
    "COMPRESS_PAGES": True,  # False when a proxy in front compresses them instead
    "PROXY_HOPS": 0,  # proxies in front of icv whose X-Forwarded-For/-Proto to trust
    "SIGN_IN_FAILURES_ALLOWED": "5 per 15 minutes",
    "INVITATION_DAYS": 7,
    "CUSTODY_NUMBER_DAYS": 90,  # custody numbers are removed from visits older than this
    "WELFARE_NOTE_DAYS": 365,  # and welfare notes from visits older than this
    "PASSWORD_HASH_METHOD": "scrypt",
    "PASSWORD_MIN_LENGTH": 10,
    "TWO_STEP_MINUTES": 5,  # to enter the code after the password
    "TWO_STEP_SET_UP_MINUTES": 30,  # to set two-step up after the password (an app to install)
    "TWO_STEP_ISSUER": "Independent Custody Visiting",  # the name in the authenticator app
    "MAIL_SERVER": None,
    "MAIL_PORT": 587,
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_USE_TLS": True,
    "MAIL_SENDER": "icv@localhost",
    "BASE_URL": None,  # for links in e-mails; the request's host is used when unset
}

# Environment values arrive as text; these keys are converted to the type of their default.
_INTEGERS = {
    "SESSION_IDLE_MINUTES",
    "VOLUNTEER_IDLE_MINUTES",
    "SESSION_LONGEST_HOURS",
    "INVITATION_DAYS",
    "CUSTODY_NUMBER_DAYS",
    "WELFARE_NOTE_DAYS",
    "PASSWORD_MIN_LENGTH",
    "TWO_STEP_MINUTES",
    "TWO_STEP_SET_UP_MINUTES",
    "MAIL_PORT",
    "PROXY_HOPS",
}
_BOOLEANS = {"SESSION_COOKIE_SECURE", "MAIL_USE_TLS", "COMPRESS_PAGES"}


def load(app, test_config=None):
    """Fill app.config in order: defaults, ICV_* environment, test_config."""
    app.config.update(DEFAULTS)
    app.config.update(_from_environment(os.environ))
    if test_config:
        app.config.update(test_config)
    instance = Path(app.instance_path)
    if not app.config["DATABASE_URL"]:
        instance.mkdir(parents=True, exist_ok=True)
        app.config["DATABASE_URL"] = f"sqlite:///{instance / 'icv.sqlite'}"
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret_key(instance)
    app.config.update(
        # The cookie outlives the session, which icv.access ends; so a step posted after the
        # end still proves it came from the person's page, and is kept (icv.held_posts).
        PERMANENT_SESSION_LIFETIME=timedelta(days=7),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="icv_session",
        SESSION_REFRESH_EACH_REQUEST=False,  # sent again when it changes (icv.access)
        REMEMBER_COOKIE_DURATION=timedelta(0),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        MAX_CONTENT_LENGTH=5 * 1024 * 1024,
        # If Redis stops answering, each process counts failures by itself meanwhile: sign-in
        # stays throttled, less strictly, rather than failing.
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
        RATELIMIT_STORAGE_OPTIONS={"socket_timeout": 1, "socket_connect_timeout": 1},
    )


def _from_environment(environ):
    settings = {}
    for name, value in environ.items():
        if not name.startswith("ICV_") or name.startswith("ICV_TEST_"):
            continue
        key = name.removeprefix("ICV_")
        if key in _INTEGERS:
            value = int(value)
        elif key in _BOOLEANS:
            value = value.strip().lower() in {"1", "true", "yes", "on"}
        settings[key] = value
    return settings


def _instance_secret_key(instance: Path) -> str:
    key_file = instance / "secret_key"
    if not key_file.exists():
        instance.mkdir(parents=True, exist_ok=True)
        # Written with owner-only permissions, once; every later start reads the same key so
        # sessions survive a restart.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process started at the same moment wrote it
            time.sleep(0.1)
        else:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32))
    return key_file.read_text().strip()
