"""What a person posted after their session had ended, kept until they sign in again."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from icv import clock
from icv.db import Base, UTCDateTime


class HeldPost(Base):
    """A step of a report posted when its session had ended (icv.held_posts).

    It is kept for the person whose session it was, under a random token that only their
    browser is given, and saved through the step as if just posted once they sign in again.
    """

    __tablename__ = "held_posts"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(200))
    fields: Mapped[list] = mapped_column(JSON)  # [[name, value], …] as posted, in order
    held_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
