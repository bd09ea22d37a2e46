"""The report journey's steps. Each step is a page that saves the draft and goes on to the
next, so a dropped connection loses at most the step on screen. Each step's input is loaded by
its schema (icv.schemas.visit_reports) and saved by the drafting service."""

from flask import flash, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from icv.db import get_session
from icv.forms import answered, submission
from icv.held_posts import keeps_post
from icv.models import CHECKLIST_AREAS, CheckState
from icv.schemas import ValidationError
from icv.schemas.fields import TimeOfDay
from icv.schemas.visit_reports import (
    AccessSchema,
    ChecklistSchema,
    DetaineeEntrySchema,
    DetaineesSchema,
    IssueRaisedSchema,
    IssuesSchema,
    ObservationsSchema,
    VisitSchema,
    wait_minutes,
)
from icv.services import suites as suite_service
from icv.services import visit_reports
from icv.services.visit_reports import raising
from icv.visits import bp
from icv.visits.forms import (
    AccessForm,
    ChecklistForm,
    DetaineeForm,
    DetaineesForm,
    IssuesForm,
    ObservationsForm,
    VisitForm,
)
from icv.visits.views import _editable, _me, volunteer

STEPS = [
    ("visit", "The visit"),
    ("access", "Access"),
    ("detainees", "Detainees"),
    ("checklist", "The suite"),
    ("issues", "Issues"),
    ("observations", "Other observations"),
]


STEP_NAMES = [name for name, _ in STEPS]


# The step where each part of the report is answered.
STEP_OF = {
    **dict.fromkeys(VisitSchema().fields, "visit"),
    **dict.fromkeys(AccessSchema().fields, "access"),
    **dict.fromkeys(("detainees", "checklist", "issues", "observations"), None),
}


def _next(step: str, visit_report) -> str:
    """Where "Save and continue" goes: the next step, or back to check answers when changing;
    "Save and come back later" goes home."""
    if "later" in submission():
        flash("Your report is saved as it was on the screen. It is on your home page.", "success")
        return url_for("home.index")
    following = STEP_NAMES.index(step) + 1
    if request.args.get("from") == "check" or following == len(STEP_NAMES):
        return url_for("visits.check", visit_id=visit_report.id)
    return url_for(f"visits.{STEP_NAMES[following]}", visit_id=visit_report.id)


def _saved(form, schema, save, visit_report) -> bool:
    """Load what `form` posted with `schema` and save it to the draft; on a refusal, by the
    schema or the service, the form shows why and nothing is saved. A page read at another
    version of the report is refused whole (StaleVersion: the conflict page below)."""
    visit_reports.check_version(visit_report, submission().get("version"))
    try:
        data = form.posted()
        loaded = _as_on_screen(schema, data) if "later" in submission() else schema.load(data)
        save(get_session(), _me(), visit_report, loaded)
    except ValidationError as error:
        form.show(error)
        return False
    return True


def _as_on_screen(schema, data: dict) -> dict:
    """A step saved "to come back later": what is on the screen, whether or not the step is
    finished. An answer left blank that the step needs keeps what was saved before; every
    answer given must still read (a date must be a date)."""
    unanswered = tuple(
        name
        for name, field in schema.fields.items()
        if field.required and not answered(data.get(field.data_key or name))
    )
    schema.context["for_later"] = True
    kept = {key: value for key, value in data.items() if key not in unanswered}
    return schema.load(kept, partial=unanswered)


def _render(step, visit_report, form, **context):
    number = STEP_NAMES.index(step)
    back = (
        url_for(f"visits.{STEP_NAMES[number - 1]}", visit_id=visit_report.id)
        if number
        else url_for("home.index")
    )
    return render_template(
        f"visits/{step}.html",
        visit=visit_report,
        form=form,
        step=step,
        step_number=number + 1,
        step_count=len(STEPS),
        step_title=dict(STEPS)[step],
        back=back,
        **context,
    )


@bp.route("/<uuid:visit_id>/visit", methods=["GET", "POST"])
@volunteer
@keeps_post
def visit(visit_id):
    db = get_session()
    visit_report, report = _changing(visit_id)
    partners = [*map(str, report.partner_ids), "", ""]
    form = VisitForm.of_request(
        obj=report,
        suite_id=str(report.suite_id or ""),
        partner=partners[0],
        second_partner=partners[1],
    )
    offer_choices(form, db, _me())
    if form.is_submitted() and _saved(form, VisitSchema(), visit_reports.save_visit, visit_report):
        return redirect(_next("visit", visit_report))
    return _render("visit", report, form)


@bp.route("/<uuid:visit_id>/access", methods=["GET", "POST"])
@volunteer
@keeps_post
def access(visit_id):
    visit_report, report = _changing(visit_id)
    form = AccessForm.of_request(obj=report)
    schema = AccessSchema(context={"visit_type": report.visit_type, "outcome": report.outcome})
    if form.is_submitted() and _saved(form, schema, visit_reports.save_access, visit_report):
        return redirect(_next("access", visit_report))
    return _render("access", report, form, wait=_typed_wait(form))


def offer_choices(form, db, lead):
    """The suites visited and the volunteers who may be `lead`'s partners, on a VisitForm."""
    form.suite_id.choices = [
        SelectChoice(str(s.id), s.name) for s in suite_service.listing(db, True)
    ]
    volunteers = [
        SelectChoice(str(p.id), p.name) for p in visit_reports.active_volunteers(db, excluding=lead)
    ]
    form.partner.choices = [SelectChoice("", "Select a volunteer"), *volunteers]
    form.second_partner.choices = [SelectChoice("", "Nobody else"), *volunteers]


def _typed_wait(form) -> int | None:
    """The wait the times on the page make, shown beside them (JavaScript works it out as
    they are typed)."""
    try:
        times = [
            TimeOfDay().deserialize(field.data) for field in (form.arrived_at, form.admitted_at)
        ]
    except ValidationError:
        return None
    return wait_minutes(*times)


@bp.route("/<uuid:visit_id>/detainees", methods=["GET", "POST"])
@volunteer
@keeps_post
def detainees(visit_id):
    visit_report, report = _changing(visit_id)
    stored = [DetaineeForm.data_of(row) for row in _dumped(DetaineeEntrySchema, report.detainees)]
    return _list_step(
        "detainees",
        (visit_report, report),
        DetaineesForm,
        DetaineesSchema(),
        stored,
        visit_reports.save_detainees,
        blank_when_empty=True,
    )


def _changing(visit_id):
    """The lead's report to change (locked while a post changes it), and the report as they
    change it: the draft, or its copy while it is sent back or open for an amendment."""
    visit_report = _editable(visit_id)
    return visit_report, visit_reports.working(get_session(), visit_report)


def _dumped(schema, records) -> list[dict]:
    return schema(many=True).dump(records)


def _list_step(
    step,
    reports,
    form_class,
    schema,
    stored,
    save,
    blank_when_empty=False,
    context_of=None,
    prefill=None,
):
    """A step that is a list of rows named like the step (detainees, issues). With JavaScript
    "Add another" adds a row on the page; without, it saves and comes back with a blank row.
    `reports`: the report and the report as its lead changes it (_changing); `context_of`:
    more for the page, from the form as it is shown; `prefill`: the rows a post asks to add
    to those on the page (None when it asks none), shown pre-filled and not yet saved."""
    visit_report, report = reports
    if submission() is None:
        adding = request.args.get("add") == "1" or (blank_when_empty and not stored)
        form = form_class(data={step: [*stored, {}] if adding else stored})
    else:
        form = form_class()
        _drop_rows(form[step])
    added = prefill(form) if prefill and form.is_submitted() else None
    if added is not None:
        for row in added:
            form[step].append_entry(row)
        context = context_of(form) if context_of else {}
        template = blank_row(form_class, step)
        return _render(step, report, form, template=template, prefilled=True, **context)
    if form.is_submitted() and _saved(form, schema, save, visit_report):
        if form.add.data:
            return redirect(_same_page(f"visits.{step}", visit_report))
        return redirect(_next(step, visit_report))
    context = context_of(form) if context_of else {}
    return _render(step, report, form, template=blank_row(form_class, step), **context)


def _same_page(endpoint, visit_report) -> str:
    """Back to this step with a blank row, after "Add another" without JavaScript."""
    args = {"visit_id": visit_report.id, "add": "1", "from": request.args.get("from")}
    return url_for(endpoint, **{k: v for k, v in args.items() if v}) + "#add"


def _drop_rows(field_list):
    """Take out the rows ticked "Remove this …" (with JavaScript, the row just disappears)."""
    names = {f"{field_list.name}-{index}" for index in submission().getlist("remove_row")}
    field_list.entries = [entry for entry in field_list.entries if entry.name not in names]


def blank_row(form_class, step):
    """A blank row numbered 999, which the page's script copies for "Add another"."""
    form = form_class(formdata=None, data={step: []})
    form[step].last_index = 998
    form[step].append_entry()
    return form[step][-1]


@bp.route("/<uuid:visit_id>/checklist", methods=["GET", "POST"])
@volunteer
@keeps_post
def checklist(visit_id):
    visit_report, report = _changing(visit_id)
    form = ChecklistForm.of_request(data=report.checklist)
    if form.is_submitted() and "all_satisfactory" in submission():
        return _all_satisfactory(form, visit_report, report)
    if form.is_submitted() and _saved(
        form, ChecklistSchema(), visit_reports.save_checklist, visit_report
    ):
        raise_areas = [
            area.value
            for area in CHECKLIST_AREAS
            if form[area.value].form.raise_issue.data
            and form[area.value].form.state.data == CheckState.CONCERN
        ]
        if raise_areas and "later" not in submission():
            return redirect(
                url_for("visits.issues", visit_id=visit_report.id, raise_area=raise_areas)
            )
        return redirect(_next("checklist", visit_report))
    return _render("checklist", report, form, areas=CHECKLIST_AREAS)


def _all_satisfactory(form, visit_report, report):
    """One tap for a suite found in order: the checklist as on the screen is saved (a concern
    typed and not yet saved is kept), every area not a concern marked satisfactory, and the
    step comes back to mark the exceptions."""
    if not _saved(form, ChecklistSchema(), visit_reports.mark_all_satisfactory, visit_report):
        return _render("checklist", report, form, areas=CHECKLIST_AREAS)
    flash("Every area is marked satisfactory. Now mark any that were not.", "success")
    back = {"from": request.args.get("from")} if request.args.get("from") else {}
    return redirect(url_for("visits.checklist", visit_id=visit_report.id, **back))


def _issue_rows(report, raise_areas) -> list[dict]:
    """The issues saved, then a row for each checklist concern asked to be raised."""
    rows = [
        {**row, "id": str(issue.id or ""), "level": str(row["level"])}
        for issue, row in zip(report.issues, _dumped(IssueRaisedSchema, report.issues), strict=True)
    ]
    notes = {c.area.value: c.note for c in report.checks}
    raised = {row["area"] for row in rows}
    rows += [
        {"area": area, "description": notes[area]}
        for area in raise_areas
        if area not in raised and area in notes
    ]
    return rows


@bp.route("/<uuid:visit_id>/issues", methods=["GET", "POST"])
@volunteer
@keeps_post
def issues(visit_id):
    visit_report, report = _changing(visit_id)
    stored = _issue_rows(report, request.args.getlist("raise_area"))
    stored += raising.rows_to_raise(report, request.args.getlist("raise_right"), stored)
    return _list_step(
        "issues",
        (visit_report, report),
        IssuesForm,
        IssuesSchema(),
        stored,
        visit_reports.save_issues,
        context_of=lambda form: {
            "concerns": _concerns_not_on(form, report),
            "no_answers": raising.not_raised(report, _rows_on(form)),
        },
        prefill=lambda form: _to_raise(form, report),
    )


def _rows_on(form) -> list[dict]:
    return [{"description": entry.form.description.data} for entry in form.issues]


def _to_raise(form, report) -> list[dict] | None:
    """ "Raise as an issue" beside a "no", and "Raise them as issues" for checklist concerns,
    are buttons of the issues form, so what is typed on the page stays: the rows posted, and
    an issue row for each "no" or concern asked and not on them."""
    asked, concerns = submission().getlist("raise_right"), submission().getlist("raise_area")
    if not asked and not concerns:
        return None
    rows = raising.rows_to_raise(report, asked, _rows_on(form)) if asked else []
    if concerns:
        rows += [
            {"area": check.area.value, "description": check.note}
            for check in _concerns_not_on(form, report)
        ]
    return rows


def _concerns_not_on(form, report):
    """Checklist concerns neither raised before nor in a row on the page: a concern the
    checklist asked to raise is already Issue 1 here, so it is not offered again."""
    on_the_page = [entry.form.area.data for entry in form.issues]
    return visit_reports.concerns_without_issue(report, also_raised=on_the_page)


@bp.route("/<uuid:visit_id>/observations", methods=["GET", "POST"])
@volunteer
@keeps_post
def observations(visit_id):
    visit_report, report = _changing(visit_id)
    form = ObservationsForm.of_request(obj=report)
    if form.is_submitted() and _saved(
        form, ObservationsSchema(), visit_reports.save_observations, visit_report
    ):
        return redirect(_next("observations", visit_report))
    return _render("observations", report, form)
