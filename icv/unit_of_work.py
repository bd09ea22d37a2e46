"""One unit of work per request or command.

Services change records and flush; they never commit. The request (or `icv` command) that
called them commits once, when its view (or command) has finished without an exception, and
then sends the e-mails the work queued. A request that raises commits nothing: its session is
rolled back at teardown, so no change is ever half-kept and no e-mail goes about a change that
was not kept.
"""

import functools

from flask import Flask, g
from flask.cli import with_appcontext

from icv import mailer


def commit() -> int:
    """Commit the current request's or command's work, then send the e-mails it queued;
    return how many were sent."""
    session = g.get("db_session")
    if session is None:
        return 0
    session.commit()
    return mailer.send_queued(session)


def rollback():
    """Drop what the current work changed: after a failed flush the session is unusable until
    it is rolled back (an error page still reads the signed-in person from it)."""
    session = g.get("db_session")
    if session is not None:
        session.rollback()


class App(Flask):
    """Flask, with a unit of work around each view: a view that returns has its work committed
    before the response goes, so a failed commit (two people changing one report) is answered
    by the conflict page, not by a response saying all went well."""

    def dispatch_request(self):
        response = super().dispatch_request()
        commit()
        return response


def command(function):
    """A CLI command run as one unit of work, in an app context, committed when it returns."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        g.icv_writes = True  # its transaction takes SQLite's write lock at once (icv.db)
        result = function(*args, **kwargs)
        commit()
        return result

    return with_appcontext(run)
