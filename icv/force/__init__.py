"""Force users see the submitted reports of the suites they answer for, and nothing else."""

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from icv.access import allow
from icv.db import get_session, writes
from icv.forms import VisitReportFilterForm
from icv.models import Role
from icv.services import NotFound, visit_reports

bp = Blueprint("force", __name__, url_prefix="/force")


@bp.route("/reports")
@allow(Role.FORCE)
def visit_report_list():
    suites = current_user.suites
    form = VisitReportFilterForm(request.args)
    filters = visit_reports.ReviewFilter(**form.chosen(suites))
    visits = visit_reports.for_review(get_session(), filters, suite_ids=[s.id for s in suites])
    return render_template("force/visit_reports.html", form=form, visits=visits)


@bp.route("/reports/<uuid:visit_id>")
@allow(Role.FORCE)
@writes
def visit_report(visit_id):
    try:
        visit = visit_reports.opened(get_session(), current_user._get_current_object(), visit_id)
    except NotFound:
        abort(404)
    return render_template("force/visit_report.html", visit=visit)
