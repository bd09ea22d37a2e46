"""Volunteers' records (joined, left, vetting, training, probation, term), the meetings and
training days they attended, the dates they cannot visit, and the suites' display order.
Every volunteer already here gets a record: joined the day they were added, a three-year term.

Revision ID: 0017_volunteer_records
Revises: 0016_escalation
Create Date: 2026-12-05 08:00:00
"""

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0017_volunteer_records"
down_revision = "0016_escalation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "volunteer_records",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("vetting_expires_on", sa.Date(), nullable=True),
        sa.Column("training_completed_on", sa.Date(), nullable=True),
        sa.Column("probation_ends_on", sa.Date(), nullable=True),
        sa.Column("term_ends_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "left_on IS NULL OR left_on >= joined_on",
            name=op.f("ck_volunteer_records_left_after_joining"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_volunteer_records_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_volunteer_records")),
    )
    op.create_table(
        "volunteer_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "meeting",
                "training",
                name="attendancekind",
                native_enum=False,
                length=20,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_volunteer_attendance_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_attendance")),
    )
    op.create_index(
        "ix_volunteer_attendance_person", "volunteer_attendance", ["person_id", "held_on"]
    )
    op.create_table(
        "volunteer_unavailability",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "ends_on >= starts_on",
            name=op.f("ck_volunteer_unavailability_unavailable_ends_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_volunteer_unavailability_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_unavailability")),
    )
    op.create_index(
        "ix_volunteer_unavailability_person", "volunteer_unavailability", ["person_id", "starts_on"]
    )
    with op.batch_alter_table("suites", schema=None) as batch_op:
        batch_op.add_column(sa.Column("position", sa.Integer(), server_default="0", nullable=False))

    people = sa.table(
        "people",
        sa.column("id", sa.Integer),
        sa.column("role", sa.String),
        sa.column("created_at", sa.DateTime),
    )
    records = sa.table(
        "volunteer_records",
        sa.column("person_id", sa.Integer),
        sa.column("joined_on", sa.Date),
        sa.column("term_ends_on", sa.Date),
    )
    connection = op.get_bind()
    rows = []
    for person_id, created_at in connection.execute(
        sa.select(people.c.id, people.c.created_at).where(people.c.role == "volunteer")
    ):
        joined = (
            created_at.date()
            if hasattr(created_at, "date")
            else date.fromisoformat(str(created_at)[:10])
        )
        try:
            term_ends = joined.replace(year=joined.year + 3)
        except ValueError:  # 29 February
            term_ends = joined.replace(year=joined.year + 3, day=28)
        rows.append({"person_id": person_id, "joined_on": joined, "term_ends_on": term_ends})
    if rows:
        op.bulk_insert(records, rows)


def downgrade():
    with op.batch_alter_table("suites", schema=None) as batch_op:
        batch_op.drop_column("position")
    op.drop_index("ix_volunteer_unavailability_person", table_name="volunteer_unavailability")
    op.drop_table("volunteer_unavailability")
    op.drop_index("ix_volunteer_attendance_person", table_name="volunteer_attendance")
    op.drop_table("volunteer_attendance")
    op.drop_table("volunteer_records")
