"""GET /api/v1/suites and /api/v1/volunteers: the suites and the partners a report may name."""

from flask_login import current_user
from flask_smorest import Blueprint

from icv.access import allow
from icv.api import READ
from icv.api.schemas import SuiteOut, VolunteerOut
from icv.db import get_session
from icv.models import Role
from icv.services import suites, visit_reports

bp = Blueprint("api_suites", __name__, url_prefix="/suites", description="Custody suites")


@bp.route("")
@bp.response(200, SuiteOut(many=True))
@bp.doc(security=READ)
@allow(*Role)
def listing():
    """The suites the scheme visits now, by name."""
    return suites.listing(get_session(), active_only=True)


volunteers_bp = Blueprint(
    "api_volunteers",
    __name__,
    url_prefix="/volunteers",
    description="Who a volunteer may visit with",
)


@volunteers_bp.route("")
@volunteers_bp.response(200, VolunteerOut(many=True))
@volunteers_bp.doc(security=READ)
@allow(Role.VOLUNTEER, Role.COORDINATOR)
def volunteers():
    """The scheme's other active volunteers, by name: the partners a report may name. Names
    only, never contact details."""
    return visit_reports.active_volunteers(get_session(), excluding=current_user)
