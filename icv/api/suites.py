"""GET /api/v1/suites: the custody suites the scheme visits."""

from flask_smorest import Blueprint

from icv.access import allow
from icv.api import READ
from icv.api.schemas import SuiteOut
from icv.db import get_session
from icv.models import Role
from icv.services import suites

bp = Blueprint("api_suites", __name__, url_prefix="/suites", description="Custody suites")


@bp.route("")
@bp.response(200, SuiteOut(many=True))
@bp.doc(security=READ)
@allow(*Role)
def listing():
    """The suites the scheme visits now, by name."""
    return suites.listing(get_session(), active_only=True)
