"""The coordinator reviews every submitted report: mark it reviewed, or ask for an amendment."""

from flask import Blueprint

bp = Blueprint("review", __name__, url_prefix="/review")

from icv.review import views  # noqa: E402, F401
