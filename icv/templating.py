"""What every template can use, and the error pages."""

import hashlib
from datetime import datetime
from functools import cache

from flask import has_request_context, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from markupsafe import Markup, escape
from sqlalchemy.orm.exc import StaleDataError

from icv import ROOT, clock, unit_of_work
from icv.api import error_response, is_api_request
from icv.forms import error_links
from icv.models import Role
from icv.services import Conflict

# The links in the service navigation, per role: (endpoint, text).
NAVIGATION = {
    Role.VOLUNTEER: [("home.index", "Your visits"), ("rota.mine", "Your rota")],
    Role.COORDINATOR: [
        ("home.index", "Home"),
        ("review.index", "Visit reports"),
        ("issues.index", "Issues"),
        ("admin.people_list", "People"),
        ("admin.suites_list", "Suites"),
        ("rota.index", "Rota"),
        ("statistics.index", "Reports"),
        ("admin.audit_trail", "Audit trail"),
        ("admin.emails", "E-mails"),
    ],
    Role.FORCE: [
        ("home.index", "Home"),
        ("force.visit_report_list", "Visit reports"),
        ("issues.inbox", "Issues"),
    ],
}


# The colour of each report status's tag.
STATUS_COLOURS = {
    "draft": "grey",
    "submitted": "yellow",
    "returned": "orange",
    "confirmed": "blue",
    "amendment_requested": "orange",
    "reviewed": "green",
}


def init_app(app):
    app.add_template_global(asset_url)
    app.add_template_global(status_tag)
    app.add_template_global(error_summary)
    app.context_processor(_navigation)
    app.register_error_handler(404, _not_found)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(500, _server_error)
    app.register_error_handler(StaleDataError, _changed_meanwhile)
    app.register_error_handler(Conflict, _changed_meanwhile)
    app.jinja_env.filters["datetime"] = _format_datetime
    app.jinja_env.filters["date"] = _format_date


@cache
def _fingerprint(path: str) -> str:
    return hashlib.sha256((ROOT / "static" / path).read_bytes()).hexdigest()[:12]


def asset_url(path: str) -> str:
    """/static/ URL with a content hash, so a file can be cached for a year and still change."""
    return f"/static/{path}?v={_fingerprint(path)}"


def status_tag(visit) -> Markup:
    """GOV.UK's tag for a report's status: in Python, as a volunteer's home shows one for
    each of their reports and a template macro costs ten times as much."""
    colour, label = STATUS_COLOURS[visit.status.value], escape(visit.status.label)
    return Markup(f'<strong class="govuk-tag govuk-tag--{colour}">{label}</strong>')  # noqa: S704


def _navigation():
    if not has_request_context() or not current_user.is_authenticated:  # an e-mail from cron
        return {"navigation": []}
    items = []
    for endpoint, text in NAVIGATION[current_user.role]:
        href = url_for(endpoint)
        active = request.path == href or (href != "/" and request.path.startswith(href))
        items.append({"href": href, "text": text, "active": active})
    return {"navigation": items}


def _format_datetime(value):
    """A stored moment as the time in England (stored times stay UTC): the one way a time of
    day is shown, on pages and in e-mails alike."""
    return "" if value is None else clock.in_england(value).strftime("%-d %B %Y at %H:%M")


def _format_date(value):
    """A date; a stored moment's date as it was in England (a token made at 00:30 in summer
    was made that day, not the UTC day before)."""
    if isinstance(value, datetime):
        value = clock.in_england(value)
    return "" if value is None else value.strftime("%-d %B %Y")


# Each error page, or under /api/ the JSON the API answers with.


def _not_found(_error):
    if is_api_request():
        return error_response(404, "Not found")
    return render_template("errors/404.html"), 404


def _csrf_error(error):
    if is_api_request():
        return error_response(
            400, f"{error.description.rstrip('.')}: send the page's token as X-CSRFToken"
        )
    return render_template("errors/csrf.html"), 400


def _changed_meanwhile(error):
    # Someone else (or a second tap) changed it first; nothing of this request is kept.
    unit_of_work.rollback()
    if is_api_request():
        return error_response(409, getattr(error, "message", "It changed meanwhile: read it again"))
    return render_template("errors/conflict.html", conflict=error), 409


def _server_error(_error):
    unit_of_work.rollback()  # the page still reads the signed-in person from the session
    if is_api_request():
        return error_response(500, "Something went wrong: nothing was changed")
    return render_template("errors/500.html"), 500


def error_summary(form):
    """govukErrorSummary's params for a form's errors."""
    return {"titleText": "There is a problem", "errorList": error_links(form)}
