"""Visit reports from a phone: a draft saved under the id the phone made, and the whole report
submitted, stored once however often it is sent."""

import uuid

from flask import request
from flask_login import current_user
from flask_smorest import Blueprint, abort
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from icv import unit_of_work
from icv.access import allow
from icv.api import READ
from icv.api.schemas import ETAG, IF_MATCH, VisitReportOut
from icv.db import get_session, writes
from icv.models import Role
from icv.schemas import ValidationError
from icv.schemas.visit_reports import VisitReportDraftSchema, VisitReportSchema
from icv.services import Conflict, NotFound, visit_reports
from icv.services.visit_reports import receiving

bp = Blueprint(
    "api_visits", __name__, url_prefix="/visits", description="Visit reports, from a phone"
)


def _me():
    return current_user._get_current_object()


def _tagged(visit):
    """The report, and its version as the ETag to send back as If-Match."""
    return visit, {"ETag": f'"{visit.lock_version}"'}


def _version() -> int | None:
    """The version the sender read (If-Match), None when it sent none."""
    sent = request.headers.get("If-Match")
    if sent is None:
        return None
    tag = sent.strip().removeprefix("W/").strip('"')
    if not (tag.isascii() and tag.isdigit() and len(tag) < 10):
        abort(412, message='If-Match must be the ETag of the report, like "3"')
    return int(tag)


def _refused(error: ValidationError):
    abort(422, errors={"json": error.normalized_messages()})


@bp.route("/<uuid:visit_id>", methods=["GET"])
@bp.response(200, VisitReportOut, headers=ETAG)
@bp.alt_response(404, response="NOT_FOUND")
@bp.doc(security=READ)
@allow(*Role)
@writes
def read(visit_id: uuid.UUID):
    """A visit report the person may see: a volunteer's own, a coordinator's submitted
    reports, a force user's agreed reports of their suites. Its lead reads a report sent back
    or open for an amendment as they are changing it; everyone else, as last submitted."""
    db = get_session()
    try:
        visit = visit_reports.opened(db, _me(), visit_id)
    except NotFound:
        abort(404, message="No such report")
    return _tagged(visit_reports.working(db, visit) if visit.lead_id == _me().id else visit)


@bp.route("/<uuid:visit_id>", methods=["PUT"])
@bp.arguments(VisitReportDraftSchema)
@bp.response(200, VisitReportOut, headers=ETAG)
@bp.alt_response(201, schema=VisitReportOut, headers=ETAG, description="The draft is made")
@bp.alt_response(404, response="NOT_FOUND")
@bp.alt_response(409, response="CONFLICT")
@bp.alt_response(412, response="PRECONDITION_FAILED")
@bp.alt_response(428, response="PRECONDITION_REQUIRED")
@bp.doc(parameters=[IF_MATCH])
@allow(Role.VOLUNTEER)
def save_draft(data: dict, visit_id: uuid.UUID):
    """Save a draft, whole or in part, under the id the phone made: the parts sent replace
    those saved, the parts not sent stay. A new id makes the draft (201). A draft already
    saved changes only with If-Match set to the ETag last read: a stale one changes nothing
    and is answered 412; none at all, 428."""
    try:
        visit, made = _stored_once(
            lambda: receiving.draft(get_session(), _me(), visit_id, data, _version())
        )
    except NotFound:
        abort(404, message="No such draft of yours")
    except receiving.VersionNeeded as needed:
        abort(
            428,
            message="Send If-Match with the version you read, from the ETag",
            headers={"ETag": f'"{needed.current}"'},
        )
    except (visit_reports.StaleVersion, StaleDataError):
        unit_of_work.rollback()
        abort(412, message="This report has changed since you read it: read it again")
    except Conflict as conflict:
        abort(409, message=conflict.message)
    except ValidationError as error:
        _refused(error)
    visit, headers = _tagged(visit)
    return visit, 201 if made else 200, headers


@bp.route("/<uuid:visit_id>/submit", methods=["POST"])
@bp.arguments(VisitReportSchema)
@bp.response(200, VisitReportOut, headers=ETAG)
@bp.alt_response(404, response="NOT_FOUND")
@bp.alt_response(409, response="CONFLICT")
@bp.alt_response(412, response="PRECONDITION_FAILED")
@bp.doc(parameters=[IF_MATCH])
@allow(Role.VOLUNTEER)
def submit(data: dict, visit_id: uuid.UUID):
    """Submit the whole report. Sent again with the same report, it answers as before and
    stores nothing new; a different report under an id already submitted is refused (409),
    with a message for the person. A report the server has as a draft, or back with its lead,
    is submitted with If-Match set to the ETag its sender's copy was made from: without it, or
    with another, it is refused (409) rather than put over what was saved since."""
    try:
        return _tagged(
            _stored_once(lambda: receiving.send(get_session(), _me(), visit_id, data, _version()))
        )
    except NotFound:
        abort(404, message="No such report of yours")
    except Conflict as conflict:
        unit_of_work.rollback()
        abort(409, message=conflict.message)
    except ValidationError as error:
        _refused(error)


def _stored_once(store):
    """`store()`, once more if a send of the same new report stored it first at the same
    moment (the id is the primary key): the second try finds it, as a later send would."""
    try:
        return store()
    except IntegrityError:
        unit_of_work.rollback()
        return store()
