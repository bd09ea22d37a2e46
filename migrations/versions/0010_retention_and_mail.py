"""Invitation links kept out of the database: an e-mail names its invitation, whose mailed
link is made as it is sent (only its hash kept); links already stored in e-mails are masked.

Revision ID: 0010_retention_and_mail
Revises: 0009_amended_copy
Create Date: 2026-11-25 12:00:00.000000
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0010_retention_and_mail"
down_revision = "0009_amended_copy"
branch_labels = None
depends_on = None

# As icv.invitation_links masks them.
_LINK = re.compile(r"/invitation/[^\s/?#\"'<>]+")


def upgrade():
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mailed_token_hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_invitations_mailed_token_hash"), ["mailed_token_hash"]
        )

    with op.batch_alter_table("emails", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invitation_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_emails_invitation_id_invitations"),
            "invitations",
            ["invitation_id"],
            ["id"],
            ondelete="SET NULL",
        )

    # A link written into an e-mail before now is a working secret: mask it. Such an e-mail
    # names no invitation, so it is not sent any more; the coordinator sends a new link.
    emails = sa.table(
        "emails", sa.column("id", sa.Integer), sa.column("body", sa.Text), sa.column("private")
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(emails.c.id, emails.c.body).where(emails.c.private.is_(sa.true()))
    ).all()
    for email_id, body in rows:
        masked = _LINK.sub("/invitation/…", body)
        if masked != body:
            connection.execute(sa.update(emails).where(emails.c.id == email_id).values(body=masked))


def downgrade():
    with op.batch_alter_table("emails", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_emails_invitation_id_invitations"), type_="foreignkey"
        )
        batch_op.drop_column("invitation_id")

    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_invitations_mailed_token_hash"), type_="unique")
        batch_op.drop_column("mailed_token_hash")
