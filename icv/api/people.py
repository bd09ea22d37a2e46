"""GET /api/v1/me: who is signed in."""

from flask_login import current_user
from flask_smorest import Blueprint
from flask_wtf.csrf import generate_csrf

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
    """The person signed in: name, e-mail, role, a force user's suites, and the CSRF token to
    send as X-CSRFToken with every change."""
    person = current_user._get_current_object()
    return {
        "csrf_token": generate_csrf(),
        "id": person.id,
        "name": person.name,
        "email": person.email,
        "role": person.role,
        "suites": person.suites if person.role is Role.FORCE else [],
    }
