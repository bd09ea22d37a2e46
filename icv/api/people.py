"""GET /api/v1/me: who is signed in."""

from flask_login import current_user
from flask_smorest import Blueprint

from icv.access import allow
from icv.api import READ
from icv.api.schemas import MeOut
from icv.models import Role

bp = Blueprint("api_people", __name__, url_prefix="/me", description="Who is signed in")


@bp.route("")
@bp.response(200, MeOut)
@bp.doc(security=READ)
@allow(*Role)
def me():
    """The person signed in: name, e-mail, role, and a force user's suites."""
    person = current_user._get_current_object()
    return {
        "id": person.id,
        "name": person.name,
        "email": person.email,
        "role": person.role,
        "suites": person.suites if person.role is Role.FORCE else [],
    }
