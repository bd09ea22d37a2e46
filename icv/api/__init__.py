"""The JSON API under /api/v1/, described at /api/v1/openapi.json (flask-smorest).

It loads its input with the same schemas as the pages (icv.schemas) and calls the same
services, under the same role rules: 404 for what a role may not see. A person's program (the
app's own JavaScript, the offline outbox) signs in with the session cookie and sends the page's
CSRF token as the X-CSRFToken header with every change; a dashboard reads the statistics with a
read-only API key as `Authorization: Bearer …`.

Every answer is JSON, errors included: {"code", "status", "message"?, "errors"?}, where
`errors.json` holds the messages by field, as the pages show them.
"""

from flask import request
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from icv.access import public
from icv.extensions import csrf

PREFIX = "/api/v1"
SECURITY = {
    "sessionCookie": {"type": "apiKey", "in": "cookie", "name": "icv_session"},
    "csrfToken": {"type": "apiKey", "in": "header", "name": "X-CSRFToken"},
    "apiKey": {"type": "http", "scheme": "bearer", "description": "A read-only API key"},
}
# To read: the session cookie. To change: the cookie and the page's CSRF token.
READ = [{"sessionCookie": []}]
CHANGE = [{"sessionCookie": [], "csrfToken": []}]


def is_api_request() -> bool:
    return request.path.startswith(PREFIX + "/")


class IcvApi(Api):
    """flask-smorest's Api, answering in JSON under /api/v1/ only: the pages keep their own
    error pages."""

    def _register_error_handlers(self):
        self._app.register_error_handler(HTTPException, self._json_under_prefix)

    def _json_under_prefix(self, error):
        return self.handle_http_exception(error) if is_api_request() else error

    def handle_http_exception(self, error):
        payload, code, headers = super().handle_http_exception(error)
        # Keep what the error itself says in its headers (405's Allow), which smorest drops.
        kept = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
        return payload, code, {**kept, **(headers or {})}

    @public
    def _openapi_json(self):
        return super()._openapi_json()


def init_app(app):
    from icv.api import issues, people, statistics, suites, visits

    app.config.update(
        API_TITLE="Independent Custody Visiting",
        API_VERSION="1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "info": {"description": __doc__},
            "components": {"securitySchemes": SECURITY},
            "security": CHANGE,
        },
    )
    api = IcvApi(app)
    app.register_error_handler(RecursionError, _nested_too_deep)
    for blueprint in (
        people.bp,
        suites.bp,
        suites.volunteers_bp,
        visits.bp,
        statistics.bp,
        issues.bp,
    ):
        api.register_blueprint(blueprint, url_prefix=PREFIX + blueprint.url_prefix)
        csrf.exempt(blueprint)  # checked by icv.access once the sender is known
    return api


def _nested_too_deep(error):
    """JSON nested thousands deep cannot even be read: say so, as for any body that is not
    JSON. (Anywhere else, a RecursionError is a fault.)"""
    if not is_api_request():
        raise error
    return error_response(400, "The body is not JSON this API reads")


def error_response(code: int, message: str, **extra):
    """The JSON an error under /api/v1/ answers with, for the app's own error handlers."""
    from werkzeug.http import HTTP_STATUS_CODES

    body = {"code": code, "status": HTTP_STATUS_CODES.get(code, "Error"), "message": message}
    return {**body, **extra}, code
