"""The coordinator's statistics: the reports page for any period, its downloads, the import of
historical visits and the force's detention figures."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from icv.reports import views  # noqa: E402, F401
