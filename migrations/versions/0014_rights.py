"""Rights and entitlements on each detainee seen, vulnerability, the TACT flag, and reasons for
a declined visit; each counted in the visits' tallies, as every detainee figure is.

Revision ID: 0014_rights
Revises: 0013_issue_versions
Create Date: 2026-12-04 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_rights"
down_revision = "0013_issue_versions"
branch_labels = None
depends_on = None

# As they were when written (icv.models.rights.RIGHTS): a migration never follows the code.
RIGHTS = (
    "told_rights",
    "offered_legal_advice",
    "had_legal_advice",
    "arrest_told",
    "offered_codes",
    "food_and_drink",
    "washing_and_toilet",
    "medical_care_needed",
    "medical_care_given",
    "bedding",
    "fresh_air",
    "custody_record_checked",
)
ANSWERS = ("yes", "no", "not_asked", "declined_to_say")
FLAGS = ("mental_health_concern", "appropriate_adult_present", "interpreter_present", "tact")
NEW_TALLIES = (
    "declined_did_not_want_to_talk",
    "declined_too_distressed",
    "declined_waiting_for_solicitor",
    "declined_other",
    *FLAGS,
    "tact_accepted",
    *(f"{name}_{answer}" for name in RIGHTS for answer in ANSWERS),
)


def upgrade():
    with op.batch_alter_table("detainee_entries", schema=None) as batch_op:
        for flag in FLAGS:
            batch_op.add_column(
                sa.Column(flag, sa.Boolean(), server_default=sa.false(), nullable=False)
            )
        for name in RIGHTS:
            batch_op.add_column(
                sa.Column(
                    name,
                    sa.Enum(
                        *ANSWERS,
                        name=name,
                        native_enum=False,
                        create_constraint=True,
                        length=20,
                    ),
                    nullable=True,
                )
            )
    # Entries until now carry none of these (no declined reason, no flag, no answer), so every
    # visit's new tallies are 0.
    with op.batch_alter_table("detainee_tallies", schema=None) as batch_op:
        for name in NEW_TALLIES:
            batch_op.add_column(sa.Column(name, sa.Integer(), server_default="0", nullable=False))


def downgrade():
    with op.batch_alter_table("detainee_tallies", schema=None) as batch_op:
        for name in NEW_TALLIES:
            batch_op.drop_column(name)
    with op.batch_alter_table("detainee_entries", schema=None) as batch_op:
        for name in (*RIGHTS, *FLAGS):
            batch_op.drop_column(name)
    # A declined entry's reason has no meaning before this revision.
    op.execute(
        "UPDATE detainee_entries SET reason = NULL, reason_detail = NULL WHERE outcome = 'declined'"
    )
