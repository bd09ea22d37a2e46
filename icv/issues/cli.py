"""`icv issues remind`: the daily e-mail about overdue issues (run it from cron)."""

import click
from flask import current_app

from icv import unit_of_work
from icv.cli import warn_of_bare_links
from icv.db import get_session


@click.group()
def issues():
    """Issues referred to the force."""


@issues.command()
@unit_of_work.command
def remind():
    """E-mail the force about overdue issues, copying the coordinators; at most once a day."""
    from icv.services import issues as issue_service

    count = issue_service.remind(get_session())
    sent = unit_of_work.commit()
    click.echo(
        f"Reminded the force about {count} overdue issue{'s' if count != 1 else ''}"
        if count
        else "No overdue issue needs a reminder today"
    )
    if count:
        warn_of_bare_links()
    if current_app.config["MAIL_SERVER"]:
        click.echo(f"Sent {sent} e-mails")
    elif count:
        click.echo("ICV_MAIL_SERVER is not set: the e-mails wait at E-mails for the coordinator")
