"""GET /api/v1/statistics: a period's figures, as `icv report … --format json` gives them."""

from flask import Response
from flask_login import current_user
from flask_smorest import Blueprint, abort

from icv import clock, periods
from icv.access import allow
from icv.api import READ
from icv.api.schemas import StatisticsOut
from icv.db import get_session, writes
from icv.models import Role
from icv.reporting import exporters, published
from icv.schemas.statistics import FiguresAskedSchema, StatisticsQuerySchema
from icv.services import audit

bp = Blueprint(
    "api_statistics", __name__, url_prefix="/statistics", description="The board's statistics"
)


@bp.route("")
@bp.arguments(StatisticsQuerySchema, location="query", as_kwargs=False)
@bp.arguments(FiguresAskedSchema, location="query", as_kwargs=True)
@bp.doc(
    security=[*READ, {"apiKey": []}],
    responses={
        200: {
            "description": "The figures",
            "content": {"application/json": {"schema": StatisticsOut}},
        }
    },
)
@allow(Role.COORDINATOR, key="statistics")
@writes
def figures(period, revision, live):
    """The figures of a financial year (`period=2016/17`), a quarter (`period=2016/17 Q3`) or
    the days from `starts_on` to `ends_on`; this financial year when none is asked for. A
    period the coordinator has published gives its newest published revision (or the one
    asked for with `revision`; 404 for one never published), with a `published` block saying
    when, by whom and as at when; `live=true` gives the figures as they are now. A
    coordinator's session or a read-only API key may ask."""
    period = period or periods.year_of(clock.today())
    try:
        stats = published.figures(get_session(), period, live=live, revision=revision)
    except LookupError as error:
        abort(404, message=str(error))
    reader = current_user._get_current_object() if current_user.is_authenticated else None
    audit.read(
        get_session(), reader, "export_downloaded", ("statistics", None), period=period.label
    )
    return Response(exporters.to_json(stats), mimetype="application/json")
