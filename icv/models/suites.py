"""Custody suites and the periods they are closed (refurbishment, flood, …)."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv import clock
from icv.db import Base, UTCDateTime


class Suite(Base):
    __tablename__ = "suites"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    # The order the scheme lists its suites in (the coordinator sets it); then by name.
    position: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    closures: Mapped[list["SuiteClosure"]] = relationship(
        back_populates="suite",
        order_by="SuiteClosure.starts_on.desc()",
        cascade="all, delete-orphan",
    )

    def audit_state(self) -> dict:
        return {"name": self.name, "active": self.active}

    def __repr__(self) -> str:
        return f"<Suite {self.id} {self.name}>"


class SuiteClosure(Base):
    """A suite closed from starts_on to ends_on inclusive: no visits, and no missed weeks."""

    __tablename__ = "suite_closures"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    suite_id: Mapped[int] = mapped_column(ForeignKey("suites.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    reason: Mapped[str] = mapped_column(String(200))

    suite: Mapped[Suite] = relationship(back_populates="closures")

    def audit_state(self) -> dict:
        return {
            "suite": self.suite.name,
            "starts_on": self.starts_on.isoformat(),
            "ends_on": self.ends_on.isoformat(),
            "reason": self.reason,
        }
