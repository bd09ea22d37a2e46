from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from icv import clock, periods
from icv.access import allow
from icv.db import get_session
from icv.models import Role
from icv.reporting import charts, exporters, narrative, statistics
from icv.services import Invalid, detentions, imports
from icv.statistics import bp
from icv.statistics.forms import DetentionsForm, ImportForm, PeriodForm, RangeForm

coordinator = allow(Role.COORDINATOR)


def _chosen_period() -> tuple[periods.Period, PeriodForm, RangeForm]:
    """The period the query string asks for (the current financial year when it asks for
    none), and the two chooser forms showing it, with any error."""
    choose = PeriodForm(request.args, meta={"csrf": False})
    choose.period.choices = _period_choices()
    between = RangeForm(request.args, meta={"csrf": False})
    period = periods.year_of(clock.today())
    if "starts_on" in request.args or "ends_on" in request.args:
        if between.validate():
            try:
                period = periods.date_range(between.starts_on.data, between.ends_on.data)
            except periods.PeriodError as error:
                between.ends_on.errors = [str(error)]
    elif request.args.get("period"):
        try:
            period = periods.parse(request.args["period"])
        except periods.PeriodError as error:
            choose.period.errors = [str(error)]
    if period.kind == "range" and not between.errors:
        between.starts_on.data, between.ends_on.data = period.start, period.end
    else:
        choose.period.data = period.key
    return period, choose, between


def _period_choices() -> list[SelectChoice]:
    """Every financial year from the first visit to this one, newest first, each followed by
    its quarters."""
    first = statistics.first_visit_date(get_session())
    this_year = periods.year_of(clock.today()).start.year
    first_year = max(periods.year_of(first).start.year, 2000) if first else this_year
    choices = []
    for year in range(this_year, first_year - 1, -1):
        choices.append(
            SelectChoice(periods.financial_year(year).key, periods.financial_year(year).label)
        )
        choices += [
            SelectChoice(quarter.key, f"{quarter.label} ({quarter.start:%B} to {quarter.end:%B})")
            for quarter in periods.quarters(year)
        ]
    return choices


@bp.route("/")
@coordinator
def index():
    period, choose, between = _chosen_period()
    stats = statistics.compute(get_session(), period)
    form = between if between.errors else choose
    return render_template(
        "statistics/index.html",
        period=period,
        stats=stats,
        tables=exporters.tables(stats),
        charts=charts.all_charts(stats),
        paragraphs=narrative.paragraphs(stats),
        choose=choose,
        between=between,
        form=form,
        formats=exporters.FORMATS,
    )


@bp.route("/export/<fmt>")
@coordinator
def export(fmt):
    if fmt not in exporters.FORMATS:
        abort(404)
    try:
        period = periods.parse(request.args.get("period") or periods.year_of(clock.today()).key)
    except periods.PeriodError:
        abort(404)
    stats = statistics.compute(get_session(), period)
    return Response(
        exporters.export(stats, fmt),
        mimetype=exporters.FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{exporters.filename(stats, fmt)}"'},
    )


@bp.route("/import", methods=["GET", "POST"])
@coordinator
def import_visits():
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            result = imports.import_visits(
                get_session(),
                current_user,
                upload.read(),
                create_suites=form.create_suites.data,
                filename=upload.filename,
            )
        except imports.ImportRefused as refused:
            form.file.errors = [bad.message for bad in refused.bad_lines]
        else:
            added = (
                f" Suites added: {', '.join(result.suites_created)}."
                if result.suites_created
                else ""
            )
            flash(
                f"Imported {result.visits:,} visits with {result.detainees:,} detainees, "
                f"from {result.first:%-d %B %Y} to {result.last:%-d %B %Y}.{added}",
                "success",
            )
            return redirect(url_for("statistics.import_visits"))
    # Passed as `upload`, not `form`: the page lists every bad line in its own error summary.
    return render_template("statistics/import.html", upload=form, columns=imports.COLUMNS)


@bp.route("/detentions", methods=["GET", "POST"])
@coordinator
def force_detentions():
    db = get_session()
    form = DetentionsForm()
    if form.validate_on_submit():
        try:
            record = detentions.set_detentions(
                db, current_user, form.chosen_period, form.detentions.data
            )
        except Invalid as error:
            form.show(error)
        else:
            flash(f"{record.label}: {record.detentions:,} persons detained by the force", "success")
            return redirect(url_for("statistics.force_detentions"))
    return render_template("statistics/detentions.html", form=form, entered=detentions.listing(db))
