"""The coordinator's statistics for the Strategic Assurance Board: the figures of any period and
their downloads, the import of historical visits and the force's detention figures.

Served under /reports/, where the board's reports have always been found.
"""

from flask import Blueprint

bp = Blueprint("statistics", __name__, url_prefix="/reports")

from icv.statistics import publishing, qa, views  # noqa: E402, F401
