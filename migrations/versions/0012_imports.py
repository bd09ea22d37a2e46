"""Imported rows: the natural key of every row of past visits imported, so a file imported
twice adds its visits once.

Revision ID: 0012_imports
Revises: 0011_two_step
Create Date: 2026-11-26 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_imports"
down_revision = "0011_two_step"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "imported_rows",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("visit_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
            name=op.f("fk_imported_rows_visit_id_visits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_imported_rows")),
    )
    with op.batch_alter_table("imported_rows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_imported_rows_visit_id"), ["visit_id"], unique=False)


def downgrade():
    with op.batch_alter_table("imported_rows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_imported_rows_visit_id"))
    op.drop_table("imported_rows")
