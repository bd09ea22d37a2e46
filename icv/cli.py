"""The `icv` command: database, demo data, people, suites, mail and the server."""

import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from icv import unit_of_work
from icv.db import get_session
from icv.models import Role
from icv.schemas import ValidationError
from icv.services import Conflict


def _create_app():
    from icv import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False)
def main():
    """Independent Custody Visiting: the scheme's reports, issues and statistics."""


def register_commands(app):
    for command in (db, demo, users, suites, mail, retention, serve):
        app.cli.add_command(command)
    from icv.auth.cli import reset_two_step

    users.add_command(reset_two_step)
    from icv.backup import backup, restore

    app.cli.add_command(backup)
    app.cli.add_command(restore)
    from icv.issues.cli import issues

    app.cli.add_command(issues)
    from icv.rota.cli import rota

    app.cli.add_command(rota)
    from icv.reporting.cli import register

    register(app)


def warn_of_bare_links():
    """After a command queued e-mails: say so when their links are paths only (no
    ICV_BASE_URL, and from the command line no request to take an address from)."""
    if not current_app.config.get("BASE_URL"):
        click.echo(
            "Warning: ICV_BASE_URL is not set, so the links in these e-mails are paths only "
            "(like /my-rota): set it to the app's address, like https://icv.example.org",
            err=True,
        )


def fail(error: ValidationError | Conflict):
    """Say what was refused, and exit 1."""
    if isinstance(error, Conflict):  # someone changed it first, from the web
        click.echo(f"Error: {error.message}", err=True)
        sys.exit(1)
    for field, messages in error.normalized_messages().items():
        for message in messages if isinstance(messages, list) else [str(messages)]:
            click.echo(
                f"Error: {message}" if field == "_schema" else f"Error ({field}): {message}",
                err=True,
            )
    sys.exit(1)


@click.group()
def db():
    """The database schema."""


@db.command()
@click.option("--revision", default="head", show_default=True)
@with_appcontext
def upgrade(revision):
    """Apply migrations up to REVISION."""
    from icv import migrate

    migrate.upgrade(current_app, revision)
    click.echo(f"Database is at {migrate.current(current_app)}")


@db.command()
@click.option("-m", "--message", required=True)
@with_appcontext
def revision(message):
    """Write a new migration from the difference between the models and the database."""
    from icv import migrate

    migrate.revision(current_app, message)


@click.command()
@unit_of_work.command
def demo():
    """Load the demo scheme into an empty database and print the demo sign-ins."""
    from icv import demo as demo_data

    loaded = demo_data.load_if_empty(get_session())
    click.echo("Demo data loaded." if loaded else "The database already has data; demo skipped.")
    click.echo(demo_data.SIGN_INS)


@click.group()
def users():
    """People who sign in."""


@users.command("create")
@click.option("--name", required=True)
@click.option("--email", required=True)
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.option(
    "--suite", "suite_names", multiple=True, help="For a force user: a suite they answer for"
)
@click.password_option(help="Prompted for when not given")
@unit_of_work.command
def create_user(name, email, role, suite_names, password):
    """Add a person who can sign in at once with PASSWORD."""
    from icv.schemas.people import NewPasswordSchema, PersonSchema
    from icv.services import people
    from icv.services import suites as suite_service

    session = get_session()
    suite_ids = []
    for suite_name in suite_names:
        suite = suite_service.find_by_name(session, suite_name)
        if suite is None:
            fail(ValidationError(f"No suite is called {suite_name}", "suite"))
        suite_ids.append(suite.id)
    try:
        person = people.create_person(
            session,
            None,
            **PersonSchema().load(
                {"name": name, "email": email, "role": role, "suites": suite_ids}
            ),
            password=NewPasswordSchema.of(name, email, suite_service.names(session)).load(
                {"password": password, "confirm": password}
            )["password"],
        )
    except ValidationError as error:
        fail(error)
    click.echo(f"Added {person.name} <{person.email}> as {person.role.value}")


@click.group()
def suites():
    """Custody suites."""


@suites.command("add")
@click.argument("name")
@unit_of_work.command
def add_suite(name):
    """Add the custody suite NAME."""
    from icv.schemas.suites import SuiteSchema
    from icv.services import suites as suite_service

    try:
        suite = suite_service.add_suite(
            get_session(), None, SuiteSchema().load({"name": name})["name"]
        )
    except ValidationError as error:
        fail(error)
    click.echo(f"Added suite {suite.name}")


@click.group()
def mail():
    """E-mails waiting in the database."""


@mail.command("send")
@with_appcontext
def send_mail():
    """Send unsent e-mails through ICV_MAIL_SERVER (for a cron job)."""
    from icv import mailer

    if not current_app.config["MAIL_SERVER"]:
        click.echo("ICV_MAIL_SERVER is not set: e-mails stay in the database for the coordinator.")
        return
    delivery = mailer.send_pending(get_session())
    click.echo(f"Sent {delivery.sent} e-mails")
    if delivery.failed:
        click.echo(
            f"{delivery.failed} could not be sent and wait to be sent again; "
            "the reasons are at E-mails",
            err=True,
        )
        sys.exit(1)


@click.group()
def retention():
    """Removing what is kept only for a while."""


@retention.command("purge")
@unit_of_work.command
def purge():
    """Remove custody numbers and welfare notes, from every copy, once past
    ICV_CUSTODY_NUMBER_DAYS and ICV_WELFARE_NOTE_DAYS, and posts held over a sign-in for more
    than 7 days (daily cron)."""
    from icv.services import held_posts
    from icv.services import retention as retention_service

    for field, removed in retention_service.purge(get_session()).items():
        click.echo(_purged(REMOVED_WORDS[field], removed))
    click.echo(f"Removed {held_posts.remove_old(get_session())} posts held over a sign-in")


REMOVED_WORDS = {"custody_number": "custody numbers", "welfare_notes": "welfare notes"}


def _purged(words: str, removed: dict) -> str:
    line = (
        f"Removed {removed['count']} {words} from visits before "
        f"{removed['visits_before']:%-d %B %Y}; from copies: {removed['report_versions']} "
        f"report versions, {removed['amended_copies']} amended copies, "
        f"{removed['held_posts']} held posts"
    )
    if "quoted_in_reports" in removed:
        line += (
            f"; written out in {removed['quoted_in_reports']} report records, "
            f"{removed['quoted_in_audit_events']} audit events, "
            f"{removed['quoted_in_emails']} e-mails"
        )
    return line


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
# Four threads (waitress's own default): Python runs one at a time, and more threads only fight
# over it; with 16 connections a volunteer's home answered in p95 72 ms with 8, 51 ms with 4.
@click.option("--threads", default=4, show_default=True, type=int)
@with_appcontext
def serve(host, port, threads):
    """Serve icv with waitress, a production WSGI server."""
    import waitress

    from icv.serving import quiet_queue_warnings, waitress_settings

    app = current_app._get_current_object()
    settings = waitress_settings(app.config)
    quiet_queue_warnings()
    click.echo(f"Serving Independent Custody Visiting on http://{host}:{port} (Ctrl+C to stop)")
    waitress.serve(app, host=host, port=port, threads=threads, **settings)


if __name__ == "__main__":
    main()
