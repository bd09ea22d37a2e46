from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from icv.access import allow
from icv.db import get_session
from icv.models import Role
from icv.review import bp
from icv.review.forms import AmendmentForm, FilterForm, ReviewedForm
from icv.services import Invalid, NotFound, visit_reports
from icv.services import suites as suite_service

coordinator = allow(Role.COORDINATOR)


@bp.route("/")
@coordinator
def index():
    db = get_session()
    form = FilterForm(request.args)
    filters = form.filters(suite_service.listing(db))
    visits = visit_reports.for_review(db, filters)
    return render_template(
        "review/index.html", form=form, visits=visits, filtering=bool(request.args)
    )


def _report(visit_id):
    try:
        return visit_reports.visible(get_session(), current_user._get_current_object(), visit_id)
    except NotFound:
        abort(404)


@bp.route("/<uuid:visit_id>")
@coordinator
def show(visit_id):
    report = _report(visit_id)
    return render_template(
        "review/show.html",
        visit=report,
        reviewed_form=ReviewedForm(),
        amendment_form=AmendmentForm(),
    )


@bp.route("/<uuid:visit_id>/reviewed", methods=["POST"])
@coordinator
def reviewed(visit_id):
    report = _report(visit_id)
    if ReviewedForm().validate_on_submit():
        try:
            visit_reports.mark_reviewed(get_session(), current_user._get_current_object(), report)
        except Invalid as error:
            flash(error.message, "error")
        else:
            flash("The report is marked as reviewed", "success")
    return redirect(url_for("review.show", visit_id=report.id))


@bp.route("/<uuid:visit_id>/amendment", methods=["POST"])
@coordinator
def amendment(visit_id):
    report = _report(visit_id)
    form = AmendmentForm()
    if form.validate_on_submit():
        try:
            visit_reports.request_amendment(
                get_session(), current_user._get_current_object(), report, form.reason.data
            )
        except Invalid as error:
            form.show(error)
        else:
            flash(f"{report.lead.name} is asked to amend the report", "success")
            return redirect(url_for("review.show", visit_id=report.id))
    return render_template(
        "review/show.html",
        visit=report,
        reviewed_form=ReviewedForm(),
        amendment_form=form,
        form=form,
    ), 400
