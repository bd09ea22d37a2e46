"""Response headers that keep pages from being framed, sniffed, cached or fed foreign scripts,
and a session cookie sent only over HTTPS whenever the site is reached over HTTPS."""

from flask import request
from flask.sessions import SecureCookieSessionInterface

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
    still works."""

    def get_cookie_secure(self, app) -> bool:
        return super().get_cookie_secure(app) or request.is_secure


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
