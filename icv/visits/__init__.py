"""The volunteer's journey: start a report, fill it in step by step, submit; confirm a partner's."""

from flask import Blueprint

bp = Blueprint("visits", __name__, url_prefix="/visits")

from icv.visits import steps, views  # noqa: E402, F401
