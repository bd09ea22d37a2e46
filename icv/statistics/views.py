from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from icv import clock, periods
from icv.access import allow
from icv.db import get_session, writes
from icv.models import Role
from icv.reporting import charts, exporters, figure_tables, narrative, published, statistics, tact
from icv.schemas import ValidationError
from icv.schemas.statistics import (
    COLUMNS,
    MOST_DETAINEES,
    ForceDetentionsSchema,
    ImportSchema,
    StatisticsQuerySchema,
)
from icv.services import audit, detentions, imports
from icv.statistics import bp, publishing
from icv.statistics.forms import DetentionsForm, ImportForm, PeriodForm, RangeForm

coordinator = allow(Role.COORDINATOR)


def _chosen_period() -> tuple[periods.Period, PeriodForm, RangeForm]:
    """The period the query string asks for (the current financial year when it asks for
    none), and the two chooser forms showing it, with any error."""
    choose = PeriodForm(request.args)
    choose.period.choices = _period_choices()
    between = RangeForm(request.args)
    dates = "starts_on" in request.args or "ends_on" in request.args
    asked = between.posted() if dates else choose.posted()
    try:
        period = StatisticsQuerySchema().load(asked)
    except ValidationError as error:
        (between if dates else choose).show(error)
        period = None
    period = period or periods.year_of(clock.today())
    if period.kind != "range":
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
    board = publishing.shown(period)
    stats = board.stats
    form = between if between.errors else choose
    return render_template(
        "statistics/index.html",
        period=period,
        board=board,
        stats=stats,
        tables=figure_tables.tables(stats),
        charts=charts.all_charts(stats),
        paragraphs=narrative.paragraphs(stats),
        choose=choose,
        between=between,
        form=form,
        formats=exporters.FORMATS,
    )


@bp.route("/export/<fmt>")
@coordinator
@writes
def export(fmt):
    if fmt not in exporters.FORMATS:
        abort(404)
    try:
        period = StatisticsQuerySchema().load({"period": request.args.get("period")})
    except ValidationError:
        abort(404)
    period = period or periods.year_of(clock.today())
    live, revision = publishing.asked_figures()
    try:
        stats = published.figures(get_session(), period, live=live, revision=revision)
    except LookupError:
        abort(404)
    audit.read(
        get_session(),
        _me(),
        "export_downloaded",
        ("statistics", None),
        period=period.label,
        format=fmt,
    )
    return Response(
        exporters.export(stats, fmt, contact=_me().name),
        content_type=exporters.FORMATS[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="{exporters.filename(stats, fmt)}"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/tact/<fmt>")
@coordinator
@writes
def tact_export(fmt):
    """The period's Terrorism Act detainees, for the Independent Reviewer (icv.reporting.tact)."""
    if fmt not in tact.TACT_FORMATS:
        abort(404)
    try:
        period = StatisticsQuerySchema().load({"period": request.args.get("period")})
    except ValidationError:
        abort(404)
    period = period or periods.year_of(clock.today())
    audit.read(
        get_session(),
        _me(),
        "tact_export_downloaded",
        ("statistics", None),
        period=period.label,
        format=fmt,
    )
    return Response(
        tact.export(get_session(), period, fmt),
        content_type=tact.TACT_FORMATS[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="{tact.filename(period, fmt)}"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/import", methods=["GET", "POST"])
@coordinator
def import_visits():
    form = ImportForm()
    if form.is_submitted():
        try:
            upload = ImportSchema().load(form.posted())
            result = imports.import_visits(
                get_session(),
                _me(),
                upload["file"].read(imports.MOST_BYTES + 1),
                create_suites=upload["create_suites"],
                filename=upload["file"].filename,
            )
        except ValidationError as error:
            form.show(error)
        except imports.ImportRefused as refused:
            form.file.errors = [bad.message for bad in refused.bad_lines]
        else:
            flash(result.summary, "success")
            return redirect(url_for("statistics.import_visits"))
    # Passed as `upload`, not `form`: the page lists every bad line in its own error summary.
    return render_template(
        "statistics/import.html",
        upload=form,
        columns=COLUMNS,
        most_detainees=MOST_DETAINEES,
        most_megabytes=imports.MOST_BYTES // 1024 // 1024,
        most_rows=imports.MOST_ROWS,
        most_in_file=imports.MOST_DETAINEES_A_FILE,
    )


@bp.route("/detentions", methods=["GET", "POST"])
@coordinator
def force_detentions():
    db = get_session()
    form = DetentionsForm()
    if form.is_submitted():
        try:
            entered = ForceDetentionsSchema().load(form.posted())
            record = detentions.set_detentions(db, _me(), entered["period"], entered["detentions"])
        except ValidationError as error:
            form.show(error)
        else:
            flash(f"{record.label}: {record.detentions:,} persons detained by the force", "success")
            return redirect(url_for("statistics.force_detentions"))
    return render_template("statistics/detentions.html", form=form, entered=detentions.listing(db))


def _me():
    return current_user._get_current_object()
