"""Alembic driven from the app, so `icv db upgrade` needs no alembic.ini."""

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError

from icv import ROOT


def config(app) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["engine"] = app.extensions["icv.engine"]
    return cfg


def upgrade(app, revision: str = "head"):
    command.upgrade(config(app), revision)


def revision(app, message: str):
    command.revision(config(app), message=message, autogenerate=True)


def current(app) -> str | None:
    with app.extensions["icv.engine"].connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head(app) -> str:
    """The revision this icv's migrations end at."""
    return ScriptDirectory.from_config(config(app)).get_current_head()


def knows(app, revision: str) -> bool:
    """Whether `revision` is one of this icv's migrations (one of a newer icv is not)."""
    try:
        return ScriptDirectory.from_config(config(app)).get_revision(revision) is not None
    except CommandError:
        return False
