"""Published statistics: a financial year's or quarter's figures frozen as the board saw them,
with who published them, when, and the time of the newest data they hold; each publication of
a period is a revision, the earlier ones kept.

Revision ID: 0018_published_figures
Revises: 0017_volunteer_records
Create Date: 2026-12-05 08:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_published_figures"
down_revision = "0017_volunteer_records"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "published_statistics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("published_by_name", sa.String(length=120), nullable=True),
        sa.Column("as_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("revision >= 1", name=op.f("ck_published_statistics_revision_from_one")),
        sa.CheckConstraint(
            "ends_on >= starts_on",
            name=op.f("ck_published_statistics_published_ends_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["people.id"],
            name=op.f("fk_published_statistics_published_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_statistics")),
        sa.UniqueConstraint(
            "starts_on", "ends_on", "revision", name="uq_published_statistics_revision"
        ),
    )


def downgrade():
    op.drop_table("published_statistics")
