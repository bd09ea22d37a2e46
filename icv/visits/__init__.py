"""The volunteer's journey: start a report, fill it in step by step, submit; confirm a partner's."""

from flask import Blueprint

from icv.models import RIGHTS

bp = Blueprint("visits", __name__, url_prefix="/visits")
# A report is shown to its pair, the coordinator and the force, each from their own pages.
bp.add_app_template_global(RIGHTS, "rights_checks")

from icv.visits import checking, steps, views  # noqa: E402, F401
