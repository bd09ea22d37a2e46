"""issue follow up: the force's day of action, the referral note, the last reminder

Revision ID: 0004_issue_follow_up
Revises: 0003_force_detentions
Create Date: 2026-11-23 16:16:29.890027
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_issue_follow_up"
down_revision = "0003_force_detentions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.add_column(sa.Column("action_taken_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("referral_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("reminded_on", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.drop_column("reminded_on")
        batch_op.drop_column("referral_note")
        batch_op.drop_column("action_taken_on")
