"""The rota: a quarter's planned visits, each a suite, a week and a pair of volunteers. No day
or time of day is stored for a planned visit: visits stay unannounced.

Revision ID: 0019_rota
Revises: 0018_published_figures
Create Date: 2026-12-05 08:00:00
"""

import sqlalchemy as sa
from alembic import op

import icv.db

revision = "0019_rota"
down_revision = "0018_published_figures"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rotas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "published",
                name="rotastatus",
                native_enum=False,
                length=20,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", icv.db.UTCDateTime(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("published_at", icv.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["people.id"],
            name=op.f("fk_rotas_created_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["people.id"],
            name=op.f("fk_rotas_published_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rotas")),
        sa.UniqueConstraint("period", name=op.f("uq_rotas_period")),
    )
    op.create_table(
        "rota_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rota_id", sa.Integer(), nullable=False),
        sa.Column("suite_id", sa.Integer(), nullable=False),
        sa.Column("week_starting", sa.Date(), nullable=False),
        sa.Column("first_visitor_id", sa.Integer(), nullable=False),
        sa.Column("second_visitor_id", sa.Integer(), nullable=False),
        sa.Column("swapped_from_id", sa.Integer(), nullable=True),
        sa.Column("swapped_to_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "first_visitor_id <> second_visitor_id",
            name=op.f("ck_rota_assignments_two_visitors"),
        ),
        sa.ForeignKeyConstraint(
            ["first_visitor_id"],
            ["people.id"],
            name=op.f("fk_rota_assignments_first_visitor_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["rota_id"],
            ["rotas.id"],
            name=op.f("fk_rota_assignments_rota_id_rotas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["second_visitor_id"],
            ["people.id"],
            name=op.f("fk_rota_assignments_second_visitor_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["suite_id"],
            ["suites.id"],
            name=op.f("fk_rota_assignments_suite_id_suites"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["swapped_from_id"],
            ["people.id"],
            name=op.f("fk_rota_assignments_swapped_from_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["swapped_to_id"],
            ["people.id"],
            name=op.f("fk_rota_assignments_swapped_to_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rota_assignments")),
        sa.UniqueConstraint(
            "rota_id",
            "suite_id",
            "week_starting",
            name=op.f("uq_rota_assignments_suite_week"),
        ),
    )
    op.create_index(
        op.f("ix_rota_assignments_rota_id"), "rota_assignments", ["rota_id"], unique=False
    )
    op.create_index(
        op.f("ix_rota_assignments_first_visitor_id"),
        "rota_assignments",
        ["first_visitor_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_rota_assignments_second_visitor_id"),
        "rota_assignments",
        ["second_visitor_id"],
        unique=False,
    )


def downgrade():
    op.drop_index(op.f("ix_rota_assignments_second_visitor_id"), table_name="rota_assignments")
    op.drop_index(op.f("ix_rota_assignments_first_visitor_id"), table_name="rota_assignments")
    op.drop_index(op.f("ix_rota_assignments_rota_id"), table_name="rota_assignments")
    op.drop_table("rota_assignments")
    op.drop_table("rotas")
