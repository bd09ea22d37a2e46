"""`icv users reset-two-step`: for a scheme whose only coordinator has lost their phone and
their recovery codes, so that no coordinator can reset it from the pages."""

import click

from icv import unit_of_work
from icv.db import get_session
from icv.schemas import ValidationError


@click.command("reset-two-step")
@click.argument("email")
@unit_of_work.command
def reset_two_step(email):
    """Forget the authenticator app and recovery codes of the person with EMAIL: they set
    two-step sign-in up again when they next sign in."""
    from icv.cli import fail
    from icv.services import people, two_step

    session = get_session()
    person = people.find_by_email(session, email)
    if person is None:
        fail(ValidationError(f"Nobody has the email address {email}", "email"))
    try:
        two_step.reset(session, None, person)
    except ValidationError as error:
        fail(error)
    click.echo(f"Two-step sign-in of {person.name} <{person.email}> is reset")
