"""The force's issues: those referred to them, and their answers."""

from flask_login import current_user
from flask_smorest import Blueprint, abort

from icv.access import allow
from icv.api import READ
from icv.api.schemas import InboxOut, IssueOut
from icv.db import get_session
from icv.models import Role
from icv.schemas import ValidationError
from icv.schemas.issues import AnswerSchema
from icv.services import NotAllowedNow, NotFound, issues

bp = Blueprint(
    "api_issues", __name__, url_prefix="/issues", description="Issues referred to the force"
)


def _me():
    return current_user._get_current_object()


def _issue(issue_id: int):
    try:
        return issues.visible(get_session(), _me(), issue_id)
    except NotFound:
        abort(404, message="No such issue referred to you")


@bp.route("")
@bp.response(200, InboxOut)
@bp.doc(security=READ)
@allow(Role.FORCE)
def inbox():
    """The issues referred to the force user's suites: those waiting for an answer, overdue
    first, and the latest answered."""
    return issues.inbox(get_session(), _me())


@bp.route("/<int:issue_id>")
@bp.response(200, IssueOut)
@bp.alt_response(404, response="NOT_FOUND")
@bp.doc(security=READ)
@allow(Role.FORCE)
def read(issue_id: int):
    """An issue referred to the force user's suites."""
    return _issue(issue_id)


@bp.route("/<int:issue_id>/answer", methods=["POST"])
@bp.arguments(AnswerSchema)
@bp.response(200, IssueOut)
@bp.alt_response(404, response="NOT_FOUND")
@bp.alt_response(409, response="CONFLICT")
@allow(Role.FORCE)
def answer(data: dict, issue_id: int):
    """Answer an issue: what was done, and the day it was done. The coordinators are
    e-mailed. An issue not waiting for an answer (answered already, closed) is refused (409)."""
    issue = _issue(issue_id)
    try:
        issues.answer(get_session(), _me(), issue, **data)
    except NotAllowedNow as error:
        abort(409, message=error.message)
    except ValidationError as error:
        abort(422, errors={"json": error.normalized_messages()})
    return issue
