"""The volunteer's reports: start one, see it, and, as the partner, confirm it or send it
back. The steps of filling it in are icv.visits.steps."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from icv.access import allow
from icv.db import get_session
from icv.forms import submission
from icv.models import ReportStatus, Role
from icv.schemas import ValidationError
from icv.schemas.visit_reports import (
    ReturnSchema,
)
from icv.services import NotFound, visit_reports
from icv.visits import bp
from icv.visits.forms import (
    ReturnForm,
    SubmitReportForm,
)

volunteer = allow(Role.VOLUNTEER)


def _me():
    return current_user._get_current_object()


def _editable(visit_id):
    """The signed-in lead's report to change, or 404; locked while a post changes it, so a
    second change at once waits, then finds the first (and the version it made).

    A report they have submitted since the page was read is not a 404: Back to a step shows
    the report as submitted, and a step posted gives its entries back (NoLongerDraft)."""
    posting = submission() is not None
    try:
        return visit_reports.editable(get_session(), _me(), visit_id, lock=posting)
    except NotFound:
        visit_report = _visible(visit_id)
        if not visit_reports.submitted_by(_me(), visit_report):
            abort(404)
        if posting:
            raise visit_reports.NoLongerDraft(visit_report.lock_version) from None
        abort(redirect(url_for("visits.submitted", visit_id=visit_report.id)))


def _visible(visit_id):
    try:
        return visit_reports.visible(get_session(), _me(), visit_id)
    except NotFound:
        abort(404)


def _waiting_for_me(visit_id):
    """A report waiting for the signed-in volunteer to confirm it as partner, or 404."""
    visit_report = _visible(visit_id)
    if not visit_reports.waits_for_partner(_me(), visit_report):
        abort(404)
    return visit_report


@bp.route("/new", methods=["POST"])
@volunteer
def new():
    visit_report = visit_reports.start_draft(get_session(), _me())
    return redirect(url_for("visits.visit", visit_id=visit_report.id))


@bp.route("/<uuid:visit_id>/delete", methods=["GET", "POST"])
@volunteer
def delete_draft(visit_id):
    """Delete a draft, once the lead has said yes on this page."""
    try:
        visit_report = visit_reports.editable(get_session(), _me(), visit_id, lock=True)
    except NotFound:
        abort(404)
    if visit_report.status is not ReportStatus.DRAFT:
        abort(404)
    if request.method == "POST":
        visit_reports.delete_draft(get_session(), _me(), visit_report, request.form.get("version"))
        flash("The draft is deleted", "success")
        return redirect(url_for("home.index"))
    return render_template("visits/delete.html", visit=visit_report, form=SubmitReportForm())


@bp.route("/<uuid:visit_id>/submitted")
@volunteer
def submitted(visit_id):
    visit_report = _visible(visit_id)
    if visit_report.lead_id != current_user.id or visit_report.status is ReportStatus.DRAFT:
        abort(404)
    return render_template("visits/submitted.html", visit=visit_report)


@bp.route("/<uuid:visit_id>")
@volunteer
def show(visit_id):
    visit_report = _visible(visit_id)
    waiting = visit_reports.waits_for_partner(_me(), visit_report)
    return render_template(
        "visits/show.html",
        visit=visit_report,
        confirm_form=SubmitReportForm() if waiting else None,
        return_form=ReturnForm() if waiting else None,
    )


@bp.route("/<uuid:visit_id>/confirm", methods=["POST"])
@volunteer
def confirm(visit_id):
    visit_report = _waiting_for_me(visit_id)
    visit_reports.confirm(get_session(), _me(), visit_report)
    flash("You have confirmed the report. It goes to the coordinator for review.", "success")
    return redirect(url_for("home.index"))


@bp.route("/<uuid:visit_id>/return", methods=["POST"])
@volunteer
def send_back(visit_id):
    visit_report = _visible(visit_id)
    form = ReturnForm()
    try:
        note = ReturnSchema().load(form.posted())["note"]
        visit_reports.return_to_lead(get_session(), _me(), visit_report, note)
    except NotFound:
        abort(404)
    except ValidationError as error:
        form.show(error)
    else:
        flash(f"The report is back with {visit_report.lead.name} with your note.", "success")
        return redirect(url_for("home.index"))
    return render_template(
        "visits/show.html",
        visit=visit_report,
        confirm_form=SubmitReportForm(),
        return_form=form,
        form=form,
    ), 400
