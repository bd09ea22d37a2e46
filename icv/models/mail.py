"""E-mails, kept in the database before they are sent so that none is lost.

A message is written in the same transaction as the change that caused it; delivery happens
after the commit (SMTP when ICV_MAIL_SERVER is set). With no SMTP the coordinator reads the
messages here. A message that could not be sent stays unsent, with the reason in `error`.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv import clock
from icv.db import Base, UTCDateTime


class Email(Base):
    __tablename__ = "emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(String(500))
    # Carries a secret (a one-time link to set a password): never shown on a page. The body
    # is stored with the link masked; the mailer fills in a token made as it sends
    # (icv.invitation_links), so the database never holds one.
    private: Mapped[bool] = mapped_column(default=False, server_default=false())
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitations.id", ondelete="SET NULL")
    )

    invitation: Mapped["Invitation | None"] = relationship()  # noqa: F821
