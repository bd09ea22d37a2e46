"""The coordinator's management pages: people, suites and closures, the audit trail, e-mails."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/manage")

from icv.admin import views  # noqa: E402, F401
