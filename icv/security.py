"""Response headers that keep pages from being framed, sniffed, cached or fed foreign scripts,
and a session cookie sent only over HTTPS whenever the site is reached over HTTPS."""

import copy
import time

from flask import request
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature

from icv.kept import Kept

# No inline script or style anywhere: every script and stylesheet is a file under /static/.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SessionInterface(SecureCookieSessionInterface):
    """The session cookie is marked Secure when ICV_SESSION_COOKIE_SECURE says so, and in any
    case when the request came over HTTPS (directly, or through a proxy ICV_PROXY_HOPS
    trusts), so a production site has it without a setting and `make run` on plain HTTP
    still works.

    A cookie whose signature was checked once is not checked again while it is sent unchanged
    (icv.kept): what it held is kept, with when it was signed, so that it still expires as
    Flask's own would. Only a cookie this app signed gets in, and the session each request
    opens is its own copy."""

    def __init__(self):
        self._opened = Kept(entries=10_000)

    def get_cookie_secure(self, app) -> bool:
        return super().get_cookie_secure(app) or request.is_secure

    def open_session(self, app, request):
        cookie = request.cookies.get(self.get_cookie_name(app))
        max_age = int(app.permanent_session_lifetime.total_seconds())
        opened = self._opened.get(cookie) if cookie else None
        if opened is None:
            serializer = self.get_signing_serializer(app) if cookie else None
            if serializer is None:
                return super().open_session(app, request)
            try:
                data, signed_at = serializer.loads(cookie, max_age=max_age, return_timestamp=True)
            except BadSignature:
                return self.session_class()
            opened = (int(signed_at.timestamp()), data)
            self._opened.set(cookie, opened)
        if not 0 <= int(time.time()) - opened[0] <= max_age:
            return self.session_class()  # expired, as itsdangerous would say
        return self.session_class(
            {
                key: copy.deepcopy(value) if isinstance(value, (list, dict)) else value
                for key, value in opened[1].items()
            }
        )


def init_app(app):
    app.session_interface = SessionInterface()
    app.after_request(add_security_headers)


def add_static_headers(headers, _path, _url):
    """For WhiteNoise's files: no sniffing a script out of a stylesheet."""
    headers["X-Content-Type-Options"] = "nosniff"


# Every answer's headers, unless its view set its own; Cache-Control because pages, exports
# and API answers hold personal data: never kept in a shared or back-button cache (the files
# under /static/ are WhiteNoise's, cached for a year).
SECURITY_HEADERS = [
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cache-Control", "no-store"),
]
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def add_security_headers(response):
    headers = response.headers
    present = {name.lower() for name, _ in headers}  # one pass, not one per header
    wanted = [*SECURITY_HEADERS, HSTS] if request.is_secure else SECURITY_HEADERS
    headers.extend((name, value) for name, value in wanted if name.lower() not in present)
    return response
