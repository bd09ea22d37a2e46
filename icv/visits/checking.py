"""The last step, Check your report, where the lead submits it; and the page for a step or a
submit posted from a page read before the report changed."""

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from icv import unit_of_work
from icv.db import get_session
from icv.forms import submission
from icv.held_posts import keeps_post
from icv.services import Invalid, NotFound, visit_reports
from icv.visits import bp
from icv.visits.forms import (
    AccessForm,
    ChecklistForm,
    DetaineesForm,
    IssuesForm,
    ObservationsForm,
    SubmitReportForm,
    VisitForm,
)
from icv.visits.steps import STEP_OF, STEPS, offer_choices
from icv.visits.views import _me, volunteer


@bp.route("/<uuid:visit_id>/check", methods=["GET", "POST"])
@volunteer
@keeps_post
def check(visit_id):
    try:
        visit_report = visit_reports.visible(
            get_session(), _me(), visit_id, lock=submission() is not None
        )
    except NotFound:
        abort(404)
    if visit_reports.submitted_by(_me(), visit_report):
        if submission() is not None:  # a second tap, or another tab: it is submitted already
            return render_template("visits/already_submitted.html", visit=visit_report), 409
        return redirect(url_for("visits.submitted", visit_id=visit_report.id))  # Back
    if visit_report.lead_id != current_user.id:
        abort(404)
    form = SubmitReportForm()
    report = visit_reports.working(get_session(), visit_report)
    problems, unsure = [], None
    if form.is_submitted():
        visit_reports.check_version(visit_report, submission().get("version"))
        try:
            visit_reports.submit(
                get_session(), _me(), visit_report, confirm_empty=form.confirm_empty.data
            )
        except Invalid as error:
            unsure = error.messages.get("confirm_empty", [None])[0]
            problems = [
                _problem_link(report, field, text)
                for field, texts in error.messages.items()
                for text in texts
            ]
        else:
            return redirect(url_for("visits.submitted", visit_id=visit_report.id))
    return render_template(
        "visits/check.html",
        visit=report,
        form=form,
        steps=STEPS,
        problems=problems,
        nothing_recorded=visit_reports.records_nothing(report),
        unsure=unsure,
    )


def _problem_link(visit_report, field, message):
    """A problem found on submitting, linked to its field on its step's page."""
    if field == "confirm_empty":  # "Are you sure?" is asked on this page
        return {"text": message, "href": "#confirm_empty"}
    part = field.split("-")[0]
    step = STEP_OF.get(part) or part
    anchor = field.removeprefix("checklist-")  # the checklist page names fields by area
    href = url_for(f"visits.{step}", visit_id=visit_report.id, **{"from": "check"})
    return {"text": message, "href": f"{href}#{anchor}"}


# -- A page read before the report changed -----------------------------------------------------

STEP_FORMS = {
    "visit": VisitForm,
    "access": AccessForm,
    "detainees": DetaineesForm,
    "checklist": ChecklistForm,
    "issues": IssuesForm,
    "observations": ObservationsForm,
}


@bp.errorhandler(visit_reports.StaleVersion)
@bp.errorhandler(StaleDataError)
def changed_since_read(error):
    """A step or the submit posted from a page read before the report changed (another tab,
    the partner's phone, a second tap): nothing of it is saved, and the page says so and gives
    back what was typed, to copy into the step as it is now."""
    unit_of_work.rollback()
    step = request.endpoint.rsplit(".", 1)[-1]
    visit_id = request.view_args.get("visit_id")
    if step not in STEP_FORMS and step != "check":
        return render_template("errors/conflict.html", conflict=error), 409
    form = STEP_FORMS[step]() if step in STEP_FORMS else None
    if step == "visit":
        offer_choices(form, get_session(), _me())  # a suite and partners by name, not number
    return render_template(
        "visits/changed.html",
        conflict=error,
        step=step,
        step_title=dict(STEPS).get(step, "Check your report"),
        answers=form.answers() if form else [],
        again=url_for(f"visits.{step}", visit_id=visit_id),
    ), 409
