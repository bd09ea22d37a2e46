"""The coordinator's rota: plan a quarter (drawn at random under the rules), publish it, swap a
person or the weeks of a planned visit, and the coverage grid of any period."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from icv import periods
from icv.access import allow
from icv.db import get_or_404, get_session
from icv.models import Role, Rota, RotaAssignment
from icv.reporting import coverage_grid
from icv.rota import bp
from icv.rota.forms import PlanForm, VisitorSwapForm, WeekSwapForm
from icv.schemas import ValidationError
from icv.schemas.rota import RotaPlanSchema, VisitorSwapSchema, WeekSwapSchema
from icv.services import Invalid, NotAllowedNow, people
from icv.services.rota import alerts, changes, planner, plans

coordinator = allow(Role.COORDINATOR)


def _me():
    return current_user._get_current_object()


@bp.route("/rota", methods=["GET", "POST"])
@coordinator
def index():
    db = get_session()
    form = PlanForm.of_request(data={"period": plans.current_quarter().label})
    if form.is_submitted():
        try:
            loaded = RotaPlanSchema().load(form.posted())
            rota = plans.make_draft(db, _me(), loaded["period"], loaded["seed"])
        except planner.Impossible as impossible:
            form.show(Invalid(errors=[("period", reason) for reason in impossible.reasons]))
        except ValidationError as error:
            form.show(error)
        else:
            flash(f"The draft rota of {rota.period} is drawn: check it, then publish it", "success")
            return redirect(url_for("rota.show", rota_id=rota.id))
    return render_template(
        "rota/index.html",
        form=form,
        rotas=plans.listing(db),
        overdue=alerts.planned_weeks_without_report(db),
    )


@bp.route("/rota/<int:rota_id>")
@coordinator
def show(rota_id):
    rota = get_or_404(Rota, rota_id)
    by_suite = request.args.get("by") == "suite"
    return render_template(
        "rota/show.html",
        rota=rota,
        by_suite=by_suite,
        groups=_grouped(rota.assignments, by_suite),
        cannot_go=alerts.cannot_go(get_session(), rota.assignments),
    )


def _grouped(assignments, by_suite: bool) -> list[tuple[str, list]]:
    ordered = sorted(
        assignments,
        key=lambda a: (
            (a.suite.position, a.suite.name, a.week_starting)
            if by_suite
            else (a.week_starting, a.suite.position, a.suite.name)
        ),
    )
    groups: dict[str, list] = {}
    for assignment in ordered:
        heading = (
            assignment.suite.name
            if by_suite
            else "W" + planner.week_label(assignment.week_starting)[1:]
        )
        groups.setdefault(heading, []).append(assignment)
    return list(groups.items())


@bp.route("/rota/<int:rota_id>/publish", methods=["POST"])
@coordinator
def publish(rota_id):
    drawn = request.form.get("drawn")  # the draw the page showed
    rota = get_session().get(Rota, rota_id)
    if rota is None:
        if drawn:  # the page showed a draft replaced since
            raise plans.drawn_again()
        abort(404)
    try:
        plans.publish(get_session(), _me(), rota, drawn=drawn)
    except NotAllowedNow as error:
        flash(error.message, "error")
    else:
        flash(f"The rota of {rota.period} is published: volunteers see their visits", "success")
    return redirect(url_for("rota.show", rota_id=rota.id))


@bp.route("/rota/visits/<int:assignment_id>/visitor", methods=["GET", "POST"])
@coordinator
def swap_visitor(assignment_id):
    assignment = get_or_404(RotaAssignment, assignment_id)
    form = VisitorSwapForm.of_request(data={"based_on": _shown(assignment)})
    form.leaving.choices = [SelectChoice(str(p.id), p.name) for p in assignment.visitors]
    form.joining.choices = _volunteer_choices(exclude=assignment.visitor_ids)
    if form.is_submitted():
        try:
            loaded = VisitorSwapSchema().load(form.posted())
            warnings = changes.replace_visitor(
                get_session(),
                _me(),
                assignment,
                loaded["leaving"],
                loaded["joining"],
                based_on=loaded["based_on"],
            )
        except ValidationError as error:
            form.show(error)
        else:
            flash("The visitor is swapped", "success")
            _warn(warnings)
            return redirect(url_for("rota.show", rota_id=assignment.rota_id))
    return render_template("rota/swap_visitor.html", form=form, assignment=assignment)


@bp.route("/rota/visits/<int:assignment_id>/week", methods=["GET", "POST"])
@coordinator
def swap_week(assignment_id):
    assignment = get_or_404(RotaAssignment, assignment_id)
    form = WeekSwapForm.of_request(data={"based_on": _shown(assignment)})
    form.week.choices = [SelectChoice("", "Choose a week")] + [
        SelectChoice(other.week_starting.isoformat(), planner.week_label(other.week_starting))
        for other in assignment.rota.assignments
        if other.suite_id == assignment.suite_id and other.id != assignment.id
    ]
    if form.is_submitted():
        try:
            loaded = WeekSwapSchema().load(form.posted())
            warnings = changes.swap_weeks(
                get_session(), _me(), assignment, loaded["week"], based_on=loaded["based_on"]
            )
        except ValidationError as error:
            form.show(error)
        else:
            flash("The weeks are swapped", "success")
            _warn(warnings)
            return redirect(url_for("rota.show", rota_id=assignment.rota_id))
    return render_template("rota/swap_week.html", form=form, assignment=assignment)


def _shown(assignment) -> str:
    """The visitors as this page shows them, posted back with the change (a change made
    meanwhile is then refused, not overwritten)."""
    return ",".join(str(person_id) for person_id in assignment.visitor_ids)


def _warn(warnings: list[str]):
    for warning in warnings:
        flash(warning, "warning")


def _volunteer_choices(exclude=()) -> list[SelectChoice]:
    return [SelectChoice("", "Choose a volunteer")] + [
        SelectChoice(str(person.id), person.name)
        for person in people.listing(get_session(), Role.VOLUNTEER)
        if person.active and person.id not in exclude
    ]


@bp.route("/rota/coverage")
@coordinator
def coverage():
    text = request.args.get("period") or plans.current_quarter().label
    try:
        period = periods.parse(text)
    except periods.PeriodError as error:
        return render_template("rota/coverage.html", grid=None, period_text=text, error=str(error))
    return render_template(
        "rota/coverage.html",
        grid=coverage_grid.grid(get_session(), period),
        period_text=period.key,
        error=None,
        states=coverage_grid.STATES,
    )
