"""The coordinator reviews every submitted visit report: marks it reviewed, or asks the lead
for an amendment."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from icv.access import allow
from icv.db import get_session, writes
from icv.forms import VisitReportFilterForm
from icv.models import Role
from icv.review import bp
from icv.review.forms import AmendmentForm, ReviewedForm
from icv.schemas import ValidationError
from icv.schemas.visit_reports import AmendmentSchema
from icv.services import NotAllowedNow, NotFound, visit_reports
from icv.services import suites as suite_service

coordinator = allow(Role.COORDINATOR)


def _me():
    return current_user._get_current_object()


@bp.route("/")
@coordinator
def index():
    db = get_session()
    form = VisitReportFilterForm(request.args)
    filters = visit_reports.ReviewFilter(**form.chosen(suite_service.listing(db)))
    return render_template(
        "review/index.html",
        form=form,
        visits=visit_reports.for_review(db, filters),
        filtering=bool(request.args),
    )


def _visit_report(visit_id):
    try:
        return visit_reports.visible(get_session(), _me(), visit_id)
    except NotFound:
        abort(404)


def _page(visit_report, amendment_form=None, status=200):
    return render_template(
        "review/show.html",
        visit=visit_report,
        reviewed_form=ReviewedForm(),
        amendment_form=amendment_form or AmendmentForm(),
        form=amendment_form,
    ), status


@bp.route("/<uuid:visit_id>")
@coordinator
@writes
def show(visit_id):
    try:
        return _page(visit_reports.opened(get_session(), _me(), visit_id))
    except NotFound:
        abort(404)


@bp.route("/<uuid:visit_id>/reviewed", methods=["POST"])
@coordinator
def reviewed(visit_id):
    visit_report = _visit_report(visit_id)
    try:
        visit_reports.mark_reviewed(get_session(), _me(), visit_report)
    except NotAllowedNow as error:
        flash(error.message, "error")
    else:
        flash("The report is marked as reviewed", "success")
    return redirect(url_for("review.show", visit_id=visit_report.id))


@bp.route("/<uuid:visit_id>/amendment", methods=["POST"])
@coordinator
def amendment(visit_id):
    visit_report = _visit_report(visit_id)
    form = AmendmentForm()
    try:
        reason = AmendmentSchema().load(form.posted())["reason"]
        visit_reports.request_amendment(get_session(), _me(), visit_report, reason)
    except ValidationError as error:
        form.show(error)
        return _page(visit_report, form, 400)
    flash(f"{visit_report.lead.name} is asked to amend the report", "success")
    return redirect(url_for("review.show", visit_id=visit_report.id))
