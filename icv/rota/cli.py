"""`icv rota plan "2026/27 Q4" [--seed N] [--format text|json]` draws a quarter's draft rota and
prints it; `icv rota publish "2026/27 Q4"` makes it visible to volunteers."""

import json
import sys

import click

from icv import unit_of_work
from icv.db import get_session
from icv.schemas import ValidationError
from icv.schemas.rota import RotaPlanSchema
from icv.services import Conflict


@click.group()
def rota():
    """The rota: which pair visits each suite, week by week."""


def _quarter_and_seed(period: str, seed: str | None):
    from icv.cli import fail

    try:
        return RotaPlanSchema().load({"period": period, "seed": seed})
    except ValidationError as error:
        fail(error)


@rota.command()
@click.argument("period")
@click.option("--seed", help="The same seed draws the same rota again (default: a new draw)")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text")
@unit_of_work.command
def plan(period, seed, output):
    """Draw the draft rota of PERIOD (a quarter, like "2026/27 Q4"), replacing its draft."""
    from icv.cli import fail
    from icv.services.rota import planner, plans

    loaded = _quarter_and_seed(period, seed)
    db = get_session()
    try:
        drawn = plans.make_draft(db, None, loaded["period"], loaded["seed"])
    except planner.Impossible as impossible:
        click.echo(f"The rota of {loaded['period'].label} cannot be planned:", err=True)
        for reason in impossible.reasons:
            click.echo(f"- {reason}", err=True)
        click.echo("Nothing was saved.", err=True)
        sys.exit(1)
    except (ValidationError, Conflict) as error:
        fail(error)
    db.flush()
    db.refresh(drawn)
    rows = plans.rows(drawn)
    if output == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(f"Draft rota of {drawn.period} (seed {drawn.seed}):")
    week = None
    for row in rows:
        if row["week_starting"] != week:
            week = row["week_starting"]
            click.echo(f"Week starting {week}")
        click.echo(f"  {row['suite']}: {' and '.join(row['visitors'])}")
    click.echo(f'Publish it with: icv rota publish "{drawn.period}"')


@rota.command()
@click.argument("period")
@unit_of_work.command
def publish(period):
    """Make the draft rota of PERIOD visible to volunteers."""
    from icv.cli import fail, warn_of_bare_links
    from icv.services import NotAllowedNow
    from icv.services.rota import plans

    quarter = _quarter_and_seed(period, None)["period"]
    db = get_session()
    found = plans.find(db, quarter)
    if found is None:
        click.echo(
            f'Error: {quarter.label} has no rota: draw it with icv rota plan "{quarter.label}"',
            err=True,
        )
        sys.exit(1)
    try:
        plans.publish(db, None, found)
    except (NotAllowedNow, Conflict) as error:
        fail(error)
    click.echo(f"The rota of {found.period} is published: {len(found.assignments)} visits planned")
    warn_of_bare_links()  # each volunteer on it is e-mailed their visits
