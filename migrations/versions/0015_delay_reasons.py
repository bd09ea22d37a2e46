"""Why access was delayed, as a choice the statistics can count; the words written before it
existed (reports and imported history) count as "other".

Revision ID: 0015_delay_reasons
Revises: 0014_rights
Create Date: 2026-12-04 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_delay_reasons"
down_revision = "0014_rights"
branch_labels = None
depends_on = None

REASONS = (
    "suite_busy",
    "incident",
    "staff_unavailable",
    "detainees_moving",
    "handover",
    "other",
)


def upgrade():
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "delay_cause",
                sa.Enum(
                    *REASONS,
                    name="delayreason",
                    native_enum=False,
                    create_constraint=True,
                    length=20,
                ),
                nullable=True,
            )
        )
    op.execute(
        "UPDATE visits SET delay_cause = 'other' "
        "WHERE delay_reason IS NOT NULL AND delay_reason <> ''"
    )


def downgrade():
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_column("delay_cause")
