"""Alembic environment: the engine comes from icv's app (see icv/migrate.py)."""

from alembic import context

from icv import models  # noqa: F401  (registers every table on Base.metadata)
from icv.db import Base

config = context.config


def _engine():
    engine = config.attributes.get("engine")
    if engine is None:
        from icv import create_app

        engine = create_app().extensions["icv.engine"]
    return engine


def run_migrations_online():
    with _engine().connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=True,  # SQLite alters tables by copying them
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
