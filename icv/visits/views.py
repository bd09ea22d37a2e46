"""The report journey. Each step is a page that saves the draft and goes on to the next, so a
dropped connection loses at most the step on screen."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from icv.access import allow
from icv.db import get_session
from icv.models import CHECKLIST_AREAS, CheckState, ReportStatus, Role
from icv.services import Invalid, NotFound, visit_reports
from icv.services import suites as suite_service
from icv.visits import bp
from icv.visits.forms import (
    AccessForm,
    ChecklistForm,
    DetaineesForm,
    IssuesForm,
    ObservationsForm,
    ReturnForm,
    SubmitReportForm,
    VisitForm,
)

volunteer = allow(Role.VOLUNTEER)

STEPS = [
    ("visit", "The visit"),
    ("access", "Access"),
    ("detainees", "Detainees"),
    ("checklist", "The suite"),
    ("issues", "Issues"),
    ("observations", "Other observations"),
]
STEP_NAMES = [name for name, _ in STEPS]


def _me():
    return current_user._get_current_object()


def _editable(visit_id):
    try:
        return visit_reports.editable(get_session(), _me(), visit_id)
    except NotFound:
        abort(404)


def _visible(visit_id):
    try:
        return visit_reports.visible(get_session(), _me(), visit_id)
    except NotFound:
        abort(404)


def _next(step: str, visit) -> str:
    """Where "Save and continue" goes: the next step, or back to check answers when changing."""
    if request.args.get("from") == "check":
        return url_for("visits.check", visit_id=visit.id)
    following = STEP_NAMES.index(step) + 1
    if following == len(STEP_NAMES):
        return url_for("visits.check", visit_id=visit.id)
    return url_for(f"visits.{STEP_NAMES[following]}", visit_id=visit.id)


def _render(step, visit, form, **context):
    number = STEP_NAMES.index(step)
    back = (
        url_for(f"visits.{STEP_NAMES[number - 1]}", visit_id=visit.id)
        if number
        else url_for("home.index")
    )
    return render_template(
        f"visits/{step}.html",
        visit=visit,
        form=form,
        step=step,
        step_number=number + 1,
        step_count=len(STEPS),
        step_title=dict(STEPS)[step],
        back=back,
        **context,
    )


@bp.route("/new", methods=["POST"])
@volunteer
def new():
    if not SubmitReportForm().validate_on_submit():
        abort(400)
    visit = visit_reports.start_draft(get_session(), _me())
    return redirect(url_for("visits.visit", visit_id=visit.id))


@bp.route("/<uuid:visit_id>/visit", methods=["GET", "POST"])
@volunteer
def visit(visit_id):
    db = get_session()
    report = _editable(visit_id)
    form = VisitForm(obj=None if request.method == "POST" else report)
    form.suite_id.choices = [SelectChoice(s.id, s.name) for s in suite_service.listing(db, True)]
    partners = [SelectChoice("", "Select a volunteer")] + [
        SelectChoice(str(p.id), p.name)
        for p in visit_reports.active_volunteers(db, excluding=_me())
    ]
    form.partner.choices = partners
    form.second_partner.choices = [SelectChoice("", "Nobody else"), *partners[1:]]
    if request.method == "GET":
        ids = [str(v.person_id) for v in report.partners] + ["", ""]
        form.partner.data, form.second_partner.data = ids[0], ids[1]
        form.visit_type.data = report.visit_type.value
        form.outcome.data = report.outcome.value
    if form.validate_on_submit():
        try:
            visit_reports.save_visit(
                db,
                _me(),
                report,
                suite_id=form.suite_id.data,
                visit_date=form.visit_date.data,
                visit_type=form.visit_type.data,
                partner_ids=form.partner_ids,
                outcome=form.outcome.data,
                abandoned_reason=form.abandoned_reason.data,
            )
        except Invalid as error:
            form.show(_partner_field(error))
        else:
            return redirect(_next("visit", report))
    return _render("visit", report, form)


def _partner_field(error: Invalid) -> Invalid:
    # The service speaks of partner_ids; on this page the first partner's box answers for them.
    return Invalid(errors=[("partner" if f == "partner_ids" else f, m) for f, m in error.errors])


@bp.route("/<uuid:visit_id>/access", methods=["GET", "POST"])
@volunteer
def access(visit_id):
    report = _editable(visit_id)
    form = AccessForm(obj=None if request.method == "POST" else report)
    if form.validate_on_submit():
        try:
            visit_reports.save_access(
                get_session(),
                _me(),
                report,
                arrived_at=form.arrived_at.time,
                admitted_at=form.admitted_at.time,
                delay_reason=form.delay_reason.data,
                delay_authorised_by=form.delay_authorised_by.data,
            )
        except Invalid as error:
            form.show(error)
        else:
            return redirect(_next("access", report))
    wait = visit_reports.wait_minutes(
        getattr(form.arrived_at, "time", None), getattr(form.admitted_at, "time", None)
    )
    return _render("access", report, form, wait=wait)


def _rows_from(report):
    return [
        {
            "outcome": d.outcome.value,
            "not_available_reason": d.reason if d.outcome.value == "not_available" else None,
            "not_offered_reason": d.reason if d.outcome.value == "not_offered" else None,
            "not_available_detail": d.reason_detail if d.outcome.value == "not_available" else None,
            "not_offered_detail": d.reason_detail if d.outcome.value == "not_offered" else None,
            "age_group": d.age_group.value if d.age_group else None,
            "sex": d.sex.value if d.sex else None,
            "vulnerable": d.vulnerable,
            "needs_appropriate_adult": d.needs_appropriate_adult,
            "needs_interpreter": d.needs_interpreter,
            "custody_number": d.custody_number,
            "welfare_notes": d.welfare_notes,
        }
        for d in report.detainees
    ]


@bp.route("/<uuid:visit_id>/detainees", methods=["GET", "POST"])
@volunteer
def detainees(visit_id):
    report = _editable(visit_id)
    return _list_step(
        "detainees",
        report,
        DetaineesForm,
        _rows_from(report),
        visit_reports.save_detainees,
        blank_when_empty=True,
    )


def _list_step(step, report, form_class, stored, save, blank_when_empty=False, **context):
    """A step that is a list of rows named like the step (detainees, issues). With JavaScript
    "Add another" adds a row on the page; without, it saves and comes back with a blank row."""
    if request.method == "GET":
        adding = _adding() or (blank_when_empty and not stored)
        form = form_class(data={step: [*stored, {}] if adding else stored})
    else:
        form = form_class()
    if form.validate_on_submit():
        _drop_entry(form[step])
        try:
            save(get_session(), _me(), report, [entry.form.to_input() for entry in form[step]])
        except Invalid as error:
            form.show(error)
        else:
            if form.add.data:
                return redirect(_same_page(f"visits.{step}", report))
            return redirect(_next(step, report))
    return _render(step, report, form, template=_blank_row(form_class, step), **context)


def _adding() -> bool:
    return request.args.get("add") == "1"


def _same_page(endpoint, report) -> str:
    """Back to this step with a blank row, after "Add another" without JavaScript."""
    args = {"visit_id": report.id, "add": "1", "from": request.args.get("from")}
    return url_for(endpoint, **{k: v for k, v in args.items() if v}) + "#add"


def _drop_entry(field_list):
    """Take out the rows ticked "Remove this …" (with JavaScript, the row just disappears)."""
    names = {f"{field_list.name}-{index}" for index in request.form.getlist("remove_row")}
    field_list.entries = [entry for entry in field_list.entries if entry.name not in names]


def _blank_row(form_class, step):
    """A blank row numbered 999, which the page's script copies for "Add another"."""
    form = form_class(formdata=None, data={step: []})
    form[step].last_index = 998
    form[step].append_entry()
    return form[step][-1]


@bp.route("/<uuid:visit_id>/checklist", methods=["GET", "POST"])
@volunteer
def checklist(visit_id):
    report = _editable(visit_id)
    if request.method == "GET":
        stored = {c.area.value: {"state": c.state.value, "note": c.note} for c in report.checks}
        form = ChecklistForm(data=stored)
    else:
        form = ChecklistForm()
    if form.validate_on_submit():
        checks = {
            area: (form[area.value].form.state.data, form[area.value].form.note.data)
            for area in CHECKLIST_AREAS
        }
        raise_issues = [
            area
            for area in CHECKLIST_AREAS
            if form[area.value].form.raise_issue.data
            and form[area.value].form.state.data == CheckState.CONCERN
        ]
        try:
            visit_reports.save_checklist(get_session(), _me(), report, checks)
        except Invalid as error:
            form.show(error)
        else:
            target = _next("checklist", report)
            if raise_issues:
                target = url_for(
                    "visits.issues", visit_id=report.id, raise_area=[a.value for a in raise_issues]
                )
            return redirect(target)
    return _render("checklist", report, form, areas=CHECKLIST_AREAS)


def _issue_rows(report, raise_areas):
    rows = [
        {
            "id": str(i.id),
            "area": i.area.value,
            "description": i.description,
            "raised_with": i.raised_with,
            "response_at_time": i.response_at_time,
            "resolved_on_spot": i.resolved_on_spot,
            "level": str(i.level),
        }
        for i in report.issues
    ]
    notes = {c.area.value: c.note for c in report.checks}
    raised = {row["area"] for row in rows}
    rows += [
        {"area": area, "description": notes.get(area)}
        for area in raise_areas
        if area not in raised and area in notes
    ]
    return rows


@bp.route("/<uuid:visit_id>/issues", methods=["GET", "POST"])
@volunteer
def issues(visit_id):
    report = _editable(visit_id)
    stored = _issue_rows(report, request.args.getlist("raise_area"))
    return _list_step(
        "issues",
        report,
        IssuesForm,
        stored,
        visit_reports.save_issues,
        concerns=visit_reports.concerns_without_issue(report),
    )


@bp.route("/<uuid:visit_id>/observations", methods=["GET", "POST"])
@volunteer
def observations(visit_id):
    report = _editable(visit_id)
    form = ObservationsForm(obj=None if request.method == "POST" else report)
    if form.validate_on_submit():
        try:
            visit_reports.save_observations(get_session(), _me(), report, form.observations.data)
        except Invalid as error:
            form.show(error)
        else:
            return redirect(_next("observations", report))
    return _render("observations", report, form)


@bp.route("/<uuid:visit_id>/check", methods=["GET", "POST"])
@volunteer
def check(visit_id):
    db = get_session()
    report = _editable(visit_id)
    form = SubmitReportForm()
    problems = []
    if form.validate_on_submit():
        try:
            visit_reports.submit(db, _me(), report)
        except Invalid as error:
            problems = error.errors
        else:
            return redirect(url_for("visits.submitted", visit_id=report.id))
    elif request.method == "GET":
        problems = []
    return render_template(
        "visits/check.html",
        visit=report,
        form=form,
        steps=STEPS,
        problems=[_problem_link(report, field, message) for field, message in problems],
    )


def _problem_link(report, field, message):
    step, _, name = field.partition(":")
    href = url_for(f"visits.{step}", visit_id=report.id, **{"from": "check"}) + f"#{name}"
    return {"text": message, "href": href}


@bp.route("/<uuid:visit_id>/submitted")
@volunteer
def submitted(visit_id):
    report = _visible(visit_id)
    if report.lead_id != current_user.id or report.status is ReportStatus.DRAFT:
        abort(404)
    return render_template("visits/submitted.html", visit=report)


@bp.route("/<uuid:visit_id>")
@volunteer
def show(visit_id):
    report = _visible(visit_id)
    waiting = report.status is ReportStatus.SUBMITTED and report.lead_id != current_user.id
    return render_template(
        "visits/show.html",
        visit=report,
        confirm_form=SubmitReportForm() if waiting else None,
        return_form=ReturnForm() if waiting else None,
    )


@bp.route("/<uuid:visit_id>/confirm", methods=["POST"])
@volunteer
def confirm(visit_id):
    report = _visible(visit_id)
    if SubmitReportForm().validate_on_submit():
        try:
            visit_reports.confirm(get_session(), _me(), report)
        except NotFound:
            abort(404)
        flash("You have confirmed the report. It goes to the coordinator for review.", "success")
    return redirect(url_for("home.index"))


@bp.route("/<uuid:visit_id>/return", methods=["POST"])
@volunteer
def send_back(visit_id):
    report = _visible(visit_id)
    form = ReturnForm()
    if form.validate_on_submit():
        try:
            visit_reports.return_to_lead(get_session(), _me(), report, form.note.data)
        except NotFound:
            abort(404)
        except Invalid as error:
            form.show(error)
        else:
            flash(f"The report is back with {report.lead.name} with your note.", "success")
            return redirect(url_for("home.index"))
    return render_template(
        "visits/show.html",
        visit=report,
        confirm_form=SubmitReportForm(),
        return_form=form,
        form=form,
    ), 400
