"""Each issue carries a version, so two people acting on it at once cannot both succeed.

Revision ID: 0013_issue_versions
Revises: 0012_imports
Create Date: 2026-11-25 11:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_issue_versions"
down_revision = "0012_imports"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade():
    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.drop_column("version")
