"""Issue pages: the coordinator's list, dashboard and issue page (refer, close, refer again);
the force's inbox and issue page (answer); the volunteer's read-only issue page."""

from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from icv import clock
from icv.access import allow
from icv.db import get_session
from icv.issues import bp
from icv.issues.forms import AnswerForm, CloseForm, FilterForm, ReferAgainForm, ReferForm
from icv.models import IssueStatus, Role
from icv.reporting import issues as issue_figures
from icv.schemas import ValidationError
from icv.schemas.filters import IssueFilterSchema, loaded_leniently
from icv.schemas.issues import AnswerSchema, CloseSchema, ReferAgainSchema, ReferSchema
from icv.services import NotAllowedNow, NotFound, issues
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


@bp.route("/")
@coordinator
def index():
    db = get_session()
    form = FilterForm(request.args)
    form.suite.choices = [SelectChoice("", "All suites")] + [
        SelectChoice(str(s.id), s.name) for s in suite_service.listing(db)
    ]
    chosen, _ = loaded_leniently(IssueFilterSchema(), form.posted())
    form.status.data = chosen["status"]
    return render_template(
        "issues/index.html",
        filter_form=form,
        issues=issues.for_coordinator(db, issues.IssueFilter(**chosen)),
        filtering=bool(request.args),
    )


@bp.route("/dashboard")
@coordinator
def dashboard():
    db = get_session()
    return render_template(
        "issues/dashboard.html",
        outstanding=issue_figures.outstanding_by_suite_and_level(db),
        medians=issue_figures.median_days_to_answer(db),
    )


def _coordinator_page(issue, status=200, form=None, **forms):
    due = issues.suggested_due_on(issue.level, clock.today())
    read = {"version": issue.version}
    forms = {
        "refer_form": ReferForm(formdata=None, data={"due_on": due, **read}),
        "again_form": ReferAgainForm(formdata=None, data={"due_on": due, **read}),
        "close_form": CloseForm(formdata=None, data=read),
        **forms,
    }
    return render_template(
        "issues/show.html",
        issue=issue,
        timeline=issues.timeline(get_session(), issue),
        working_days=issues.DUE_WORKING_DAYS[issue.level],
        agreed=issues.agreed(issue),
        form=form,
        **forms,
    ), status


@bp.route("/<int:issue_id>")
@coordinator
def show(issue_id):
    return _coordinator_page(_issue(issue_id))


def _refused(issue, form, schema, act, allowed, page, form_page):
    """Load what `form` posted with `schema` and `act` on the issue with it; None when done.

    An issue whose status no longer allows the action (another tab, another person) goes back
    to its `page` with a message, whatever was typed: it was typed for a form no longer there.
    Input the schema or the service refuses is shown on the form, on `form_page()`.
    """
    try:
        issues.check_status(issue, allowed, form.posted().get("version"))
        act(schema.load(form.posted()))
    except NotAllowedNow as error:
        flash(error.message, "error")
        return redirect(url_for(page, issue_id=issue.id))
    except ValidationError as error:
        form.show(error)
        return form_page()
    return None


@bp.route("/<int:issue_id>/refer", methods=["POST"])
@coordinator
def refer(issue_id):
    return _referral(
        issue_id,
        ReferForm(),
        ReferSchema(),
        issues.MAY_REFER,
        issues.refer,
        "refer_form",
        "Referred to the force",
    )


@bp.route("/<int:issue_id>/refer-again", methods=["POST"])
@coordinator
def refer_again(issue_id):
    return _referral(
        issue_id,
        ReferAgainForm(),
        ReferAgainSchema(),
        issues.MAY_REFER_AGAIN,
        issues.refer_again,
        "again_form",
        "Referred to the force again",
    )


def _referral(issue_id, form, schema, allowed, refer_with, form_name, done):
    """Refer an issue, first time or again: the same page, form and messages either way."""
    issue = _issue(issue_id)

    def act(data):
        refer_with(get_session(), _me(), issue, **data)

    page = partial(_coordinator_page, issue, 400, form, **{form_name: form})
    if refused := _refused(issue, form, schema, act, allowed, "issues.show", page):
        return refused
    flash(f"{done}, to answer by {issue.due_on:%-d %B %Y}", "success")
    if not issues.force_users(get_session(), issue.visit.suite_id):
        flash(
            f"Nobody at the force answers for {issue.visit.suite.name} in this service yet, so "
            "no one was e-mailed: tell the force yourself, or add a force user for the suite",
            "info",
        )
    return redirect(url_for("issues.show", issue_id=issue.id))


@bp.route("/<int:issue_id>/close", methods=["POST"])
@coordinator
def close(issue_id):
    issue = _issue(issue_id)
    form = CloseForm()

    def act(data):
        issues.close(get_session(), _me(), issue, **data)

    page = partial(_coordinator_page, issue, 400, form, close_form=form)
    if refused := _refused(issue, form, CloseSchema(), act, issues.MAY_CLOSE, "issues.show", page):
        return refused
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
        # Most answers are written the day the work is done.
        answer_form=form
        or AnswerForm(
            formdata=None, data={"version": issue.version, "action_taken_on": clock.today()}
        ),
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

    def act(data):
        issues.answer(get_session(), _me(), issue, **data)

    page = partial(_force_page, issue, form, 400)
    if refused := _refused(
        issue, form, AnswerSchema(), act, issues.MAY_ANSWER, "issues.force_show", page
    ):
        return refused
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
