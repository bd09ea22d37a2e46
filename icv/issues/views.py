"""Issue pages: the coordinator's list, dashboard and issue page (refer, close, refer again);
the force's inbox and issue page (answer); the volunteer's read-only issue page."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from icv import clock
from icv.access import allow
from icv.db import get_session
from icv.issues import bp
from icv.issues.forms import AnswerForm, CloseForm, FilterForm, ReferAgainForm, ReferForm
from icv.models import IssueStatus, Role
from icv.reporting import issue_dashboard
from icv.services import Invalid, NotFound, issues, parse_id
from icv.services import suites as suite_service

coordinator = allow(Role.COORDINATOR)
force = allow(Role.FORCE)
volunteer = allow(Role.VOLUNTEER)

ISSUE_PAGES = {
    Role.COORDINATOR: "issues.show",
    Role.FORCE: "issues.force_show",
    Role.VOLUNTEER: "issues.volunteer_show",
}


def _me():
    return current_user._get_current_object()


def _issue(issue_id):
    try:
        return issues.visible(get_session(), _me(), issue_id)
    except NotFound:
        abort(404)


@bp.app_template_global()
def issue_url(issue) -> str | None:
    """The page where the signed-in person follows this issue, if they may."""
    if not current_user.is_authenticated or not issues.may_see(_me(), issue):
        return None
    return url_for(ISSUE_PAGES[current_user.role], issue_id=issue.id)


# --- the coordinator ---------------------------------------------------------------------------


def _filters(form: FilterForm, suite_list) -> issues.IssueFilter:
    form.suite.choices = [SelectChoice("", "All suites")] + [
        SelectChoice(str(s.id), s.name) for s in suite_list
    ]
    if form.status.data not in issues.STATUS_FILTERS:
        form.status.data = "outstanding"
    return issues.IssueFilter(
        suite_id=parse_id(form.suite.data),
        level=int(form.level.data) if form.level.data in ("1", "2", "3") else None,
        status=form.status.data,
        age=form.age.data or None,
    )


@bp.route("/")
@coordinator
def index():
    db = get_session()
    form = FilterForm(request.args)
    filters = _filters(form, suite_service.listing(db))
    return render_template(
        "issues/index.html",
        filter_form=form,
        issues=issues.for_coordinator(db, filters),
        filtering=bool(request.args),
    )


@bp.route("/dashboard")
@coordinator
def dashboard():
    db = get_session()
    return render_template(
        "issues/dashboard.html",
        outstanding=issue_dashboard.outstanding_by_suite_and_level(db),
        medians=issue_dashboard.median_days_to_answer(db),
    )


def _coordinator_page(issue, status=200, form=None, **forms):
    today = clock.today()
    due = issues.suggested_due_on(issue.level, today)
    forms = {
        "refer_form": ReferForm(formdata=None, data={"due_on": due}),
        "again_form": ReferAgainForm(formdata=None, data={"due_on": due}),
        "close_form": CloseForm(formdata=None),
        **forms,
    }
    return render_template(
        "issues/show.html",
        issue=issue,
        timeline=issues.timeline(get_session(), issue),
        working_days=issues.DUE_WORKING_DAYS[issue.level],
        form=form,
        **forms,
    ), status


@bp.route("/<int:issue_id>")
@coordinator
def show(issue_id):
    return _coordinator_page(_issue(issue_id))


def _moved_on(issue, allowed, endpoint):
    """Back to the issue with a message when its status no longer allows the action (another
    tab, another person): what was typed is for a form that is no longer there."""
    try:
        issues.check_status(issue, allowed)
    except Invalid as error:
        flash(error.message, "error")
        return redirect(url_for(endpoint, issue_id=issue.id))
    return None


def _failed(issue, error: Invalid, form, form_name, renamed=None):
    """A service refused: a clash goes back to the page as a message; a field's problem is shown
    beside the field."""
    if error.field == issues.CONFLICT:
        flash(error.message, "error")
        return redirect(url_for("issues.show", issue_id=issue.id))
    renamed = renamed or {}
    form.show(Invalid(errors=[(renamed.get(name, name), text) for name, text in error.errors]))
    return _coordinator_page(issue, 400, form, **{form_name: form})


@bp.route("/<int:issue_id>/refer", methods=["POST"])
@coordinator
def refer(issue_id):
    return _referral(
        issue_id, ReferForm(), issues.MAY_REFER, issues.refer, "refer_form", "Referred to the force"
    )


@bp.route("/<int:issue_id>/refer-again", methods=["POST"])
@coordinator
def refer_again(issue_id):
    return _referral(
        issue_id,
        ReferAgainForm(),
        issues.MAY_REFER_AGAIN,
        issues.refer_again,
        "again_form",
        "Referred to the force again",
    )


def _referral(issue_id, form, allowed, refer_with, form_name, done):
    """Refer an issue, first time or again: the same page, form and messages either way."""
    issue = _issue(issue_id)
    if moved_on := _moved_on(issue, allowed, "issues.show"):
        return moved_on
    if not form.validate_on_submit():
        return _coordinator_page(issue, 400, form, **{form_name: form})
    try:
        refer_with(get_session(), _me(), issue, form.due_on.data, form.note.data)
    except Invalid as error:
        return _failed(issue, error, form, form_name)
    flash(f"{done}, to answer by {issue.due_on:%-d %B %Y}", "success")
    _warn_if_nobody_told(issue)
    return redirect(url_for("issues.show", issue_id=issue.id))


def _warn_if_nobody_told(issue):
    if not issues.force_users(get_session(), issue.visit.suite_id):
        flash(
            f"Nobody at the force answers for {issue.visit.suite.name} in this service yet, so "
            "no one was e-mailed: tell the force yourself, or add a force user for the suite",
            "info",
        )


@bp.route("/<int:issue_id>/close", methods=["POST"])
@coordinator
def close(issue_id):
    issue = _issue(issue_id)
    form = CloseForm()
    if moved_on := _moved_on(issue, issues.MAY_CLOSE, "issues.show"):
        return moved_on
    if not form.validate_on_submit():
        return _coordinator_page(issue, 400, form, close_form=form)
    try:
        issues.close(get_session(), _me(), issue, form.reason.data)
    except Invalid as error:
        return _failed(issue, error, form, "close_form", {"note": "reason"})
    flash("The issue is closed", "success")
    return redirect(url_for("issues.show", issue_id=issue.id))


# --- the force ---------------------------------------------------------------------------------


@bp.route("/force")
@force
def inbox():
    return render_template("issues/inbox.html", **issues.inbox(get_session(), _me()))


def _force_page(issue, form=None, status=200):
    return render_template(
        "issues/force_show.html",
        issue=issue,
        timeline=issues.timeline(get_session(), issue),
        form=form if issue.status is IssueStatus.REFERRED else None,
        answer_form=form or AnswerForm(formdata=None),
    ), status


@bp.route("/force/<int:issue_id>")
@force
def force_show(issue_id):
    return _force_page(_issue(issue_id))


@bp.route("/force/<int:issue_id>/answer", methods=["POST"])
@force
def answer(issue_id):
    issue = _issue(issue_id)
    form = AnswerForm()
    if moved_on := _moved_on(issue, issues.MAY_ANSWER, "issues.force_show"):
        return moved_on
    if not form.validate_on_submit():
        return _force_page(issue, form, 400)
    try:
        issues.answer(get_session(), _me(), issue, form.response.data, form.action_taken_on.data)
    except Invalid as error:
        if error.field == issues.CONFLICT:
            flash(error.message, "error")
            return redirect(url_for("issues.force_show", issue_id=issue.id))
        form.show(error)
        return _force_page(issue, form, 400)
    flash("Your answer is sent to the scheme coordinator", "success")
    return redirect(url_for("issues.force_show", issue_id=issue.id))


# --- the volunteer -----------------------------------------------------------------------------


@bp.route("/yours/<int:issue_id>")
@volunteer
def volunteer_show(issue_id):
    issue = _issue(issue_id)
    return render_template(
        "issues/volunteer_show.html", issue=issue, timeline=issues.timeline(get_session(), issue)
    )
