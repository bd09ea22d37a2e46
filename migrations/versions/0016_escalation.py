"""A level 3 issue remembers when it was escalated to the coordinators and to the force, so
that a report submitted again does not e-mail them about it again.

Revision ID: 0016_escalation
Revises: 0015_delay_reasons
Create Date: 2026-12-04 17:00:00
"""

import sqlalchemy as sa
from alembic import op

import icv.db

revision = "0016_escalation"
down_revision = "0015_delay_reasons"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("escalated_at", icv.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("escalated_to_force_at", icv.db.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.drop_column("escalated_to_force_at")
        batch_op.drop_column("escalated_at")
