"""The force's own count of persons detained in a period, entered by the coordinator.

It gives the visits' figures their context in the annual report: "1,026 detainees were in
police cells at the time of custody visits, out of 13,168 persons detained during the year".
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from icv import clock
from icv.db import Base, UTCDateTime


class ForceDetentions(Base):
    __tablename__ = "force_detentions"
    __table_args__ = (
        UniqueConstraint("starts_on", "ends_on", name="uq_force_detentions_period"),
        CheckConstraint("detentions >= 0", name="detentions_not_negative"),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(60))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    detentions: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))

    def audit_state(self) -> dict:
        return {"period": self.label, "detentions": self.detentions}
