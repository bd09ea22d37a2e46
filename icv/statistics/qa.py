"""The quality-assurance evidence pack for a period, for the coordinator to give the
Association's assessors (icv.reporting.qa_pack)."""

from flask import Response, abort, request
from flask_login import current_user

from icv import clock, periods
from icv.access import allow
from icv.db import get_session, writes
from icv.models import Role
from icv.reporting import qa_pack
from icv.schemas import ValidationError
from icv.schemas.statistics import StatisticsQuerySchema
from icv.services import audit
from icv.statistics import bp


@bp.route("/qa-evidence.xlsx")
@allow(Role.COORDINATOR)
@writes
def qa_evidence():
    try:
        period = StatisticsQuerySchema().load({"period": request.args.get("period")})
    except ValidationError:
        abort(404)
    period = period or periods.year_of(clock.today())
    db = get_session()
    audit.read(
        db,
        current_user._get_current_object(),
        "qa_pack_downloaded",
        ("statistics", None),
        period=period.label,
    )
    return Response(
        qa_pack.workbook(db, period),
        content_type=qa_pack.CONTENT_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{qa_pack.filename(period)}"',
            "Cache-Control": "no-store",
        },
    )
