"""Read-only keys to the statistics, for a program such as a PCC's dashboard."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv import clock
from icv.db import Base, UTCDateTime


class ApiToken(Base):
    """A key a coordinator made for a program to read the statistics through the API.

    Only a hash of the key is stored: the key itself is shown once, when it is made, so reading
    the database does not give it away. A revoked key works no more.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(20), default="statistics")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped["Person | None"] = relationship()  # noqa: F821

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def audit_state(self) -> dict:
        """What the audit trail keeps of a key: never the key or its hash."""
        return {"name": self.name, "scope": self.scope, "revoked": not self.active}
