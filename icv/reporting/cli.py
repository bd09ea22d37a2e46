"""`icv report`, `icv import visits` and `icv detentions set`: the statistics from the console."""

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from icv import periods, unit_of_work
from icv.cli import fail
from icv.db import get_session
from icv.reporting import exporters, published
from icv.schemas import ValidationError
from icv.schemas.statistics import StatisticsQuerySchema


def register(app):
    for command in (report, import_group, detentions):
        app.cli.add_command(command)


def _period(text: str, kind: str) -> periods.Period:
    """The financial year or quarter `text` names; anything else is said, and exits 1."""
    try:
        period = periods.parse(text)
    except periods.PeriodError as error:
        fail(ValidationError(str(error), kind))
    if period.kind != kind:
        example = {"year": "2016/17", "quarter": '"2016/17 Q3"'}[kind]
        fail(ValidationError(f"{text} is not a {kind}: write it like {example}", kind))
    return period


def _report_options(function):
    function = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        help="Write to this file instead of the screen (needed for xlsx and docx)",
    )(function)
    function = click.option(
        "--live",
        is_flag=True,
        help="The figures as they are now, not the published ones",
    )(function)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(exporters.FORMATS)),
        default="json",
        show_default=True,
    )(function)


@click.group()
def report():
    """Statistics for a period, as the reports page shows them."""


@report.command("annual")
@click.argument("year")
@_report_options
@with_appcontext
def annual(year, fmt, output, live):
    """The statistics of the financial YEAR, like 2016/17 (as published, once published)."""
    _write_report(_period(year, "year"), fmt, output, live)


@report.command("quarter")
@click.argument("quarter")
@_report_options
@with_appcontext
def quarter(quarter, fmt, output, live):
    """The statistics of the QUARTER, like "2016/17 Q3" (as published, once published)."""
    _write_report(_period(quarter, "quarter"), fmt, output, live)


@report.command("range")
@click.argument("starts_on")
@click.argument("ends_on")
@_report_options
@with_appcontext
def date_range(starts_on, ends_on, fmt, output, live):
    """The statistics from STARTS_ON to ENDS_ON inclusive, both written YYYY-MM-DD, at most
    ten years apart (as the reports page and the API allow)."""
    try:
        period = StatisticsQuerySchema().load({"starts_on": starts_on, "ends_on": ends_on})
    except ValidationError as error:
        fail(error)
    _write_report(period, fmt, output)


@report.command("tact")
@click.argument("period")
@click.option(
    "--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="csv", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file instead of the screen (needed for xlsx)",
)
@with_appcontext
def tact_return(period, fmt, output):
    """The Terrorism Act detainees of PERIOD (2016/17 or "2016/17 Q3"), one row each, for the
    Independent Reviewer of Terrorism Legislation: no names or custody numbers."""
    from icv.reporting import tact

    try:
        chosen = periods.parse(period)
    except periods.PeriodError as error:
        fail(ValidationError(str(error), "period"))
    _write(tact.export(get_session(), chosen, fmt), output)


@report.command("qa")
@click.argument("period")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the workbook to this file (or pipe it: it is not for the screen)",
)
@with_appcontext
def qa_evidence(period, output):
    """The quality-assurance evidence pack of PERIOD (2016/17, "2016/17 Q3" or
    2016-04-01..2016-09-30) as an XLSX workbook, for the Association's assessors."""
    from icv.reporting import qa_pack

    try:
        chosen = periods.parse(period)
    except periods.PeriodError as error:
        fail(ValidationError(str(error), "period"))
    _write(qa_pack.workbook(get_session(), chosen), output)


def _write_report(period, fmt, output, live=False):
    stats = published.figures(get_session(), period, live=live)
    changed = published.changed_notice(stats)
    if changed:
        click.echo(f"Warning: {changed}", err=True)
    _write(exporters.export(stats, fmt), output)


def _write(content, output):
    if output is not None:
        if isinstance(content, str):
            output.write_text(content, encoding="utf-8", newline="")
        else:
            output.write_bytes(content)
        click.echo(f"Wrote {output}", err=True)
    elif isinstance(content, bytes):
        if sys.stdout.isatty():
            raise click.UsageError("A workbook or Word paper is not for the screen: add -o FILE")
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        click.echo(content, nl=False)


@click.group("import")
def import_group():
    """Bring in history from spreadsheets."""


@import_group.command("visits")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--create-suites", is_flag=True, help="Add suites the file names that do not exist yet"
)
@unit_of_work.command
def import_visits(file, create_suites):
    """Import past visits from FILE.csv; all or nothing. See the README for the columns."""
    from icv.services import imports

    with file.open("rb") as opened:  # no more than the most a file may hold, to refuse it
        data = opened.read(imports.MOST_BYTES + 1)
    try:
        result = imports.import_visits(
            get_session(), None, data, create_suites=create_suites, filename=file.name
        )
    except imports.ImportRefused as refused:
        for bad in refused.bad_lines:
            click.echo(f"{file.name}: {bad.message}", err=True)
        count = len(refused.bad_lines)
        click.echo(
            f"Nothing was imported: {count} bad {'line' if count == 1 else 'lines'}.", err=True
        )
        sys.exit(1)
    click.echo(result.summary)


@click.group()
def detentions():
    """The force's own count of persons detained."""


@detentions.command("set")
@click.argument("period")
@click.argument("number")
@unit_of_work.command
def set_detentions(period, number):
    """Record that the force detained NUMBER persons in PERIOD (2016/17 or "2016/17 Q3")."""
    from icv.cli import fail
    from icv.schemas import ValidationError
    from icv.schemas.statistics import ForceDetentionsSchema
    from icv.services import detentions as service

    try:
        entered = ForceDetentionsSchema().load({"period": period, "detentions": number})
    except ValidationError as error:
        fail(error)
    record = service.set_detentions(get_session(), None, entered["period"], entered["detentions"])
    click.echo(f"{record.label}: {record.detentions:,} persons detained by the force")
