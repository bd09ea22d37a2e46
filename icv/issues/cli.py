"""`icv issues remind`: the daily e-mail about overdue issues (run it from cron)."""

import click
from flask import current_app
from flask.cli import with_appcontext

from icv.db import get_session


@click.group()
def issues():
    """Issues referred to the force."""


@issues.command()
@with_appcontext
def remind():
    """E-mail the force about overdue issues, copying the coordinators; at most once a day."""
    from icv.services import issues as issue_service
    from icv.services import mail

    session = get_session()
    count = issue_service.remind(session)
    click.echo(
        f"Reminded the force about {count} overdue issue{'s' if count != 1 else ''}"
        if count
        else "No overdue issue needs a reminder today"
    )
    if current_app.config["MAIL_SERVER"]:
        click.echo(f"Sent {mail.deliver_pending(session)} e-mails")
    elif count:
        click.echo("ICV_MAIL_SERVER is not set: the e-mails wait at E-mails for the coordinator")
