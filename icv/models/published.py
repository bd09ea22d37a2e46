"""The figures of a financial year or quarter as the coordinator published them to the board.

A publication freezes the whole statistics dict (icv.reporting.statistics.compute) with who
published it, when, and the time of the newest data it holds: a report amended or imported
later no longer changes a paper the board has already seen. Publishing again adds a revision;
earlier revisions are kept.
"""

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv import clock
from icv.db import Base, UTCDateTime


class PublishedStatistics(Base):
    __tablename__ = "published_statistics"
    __table_args__ = (
        UniqueConstraint(
            "starts_on", "ends_on", "revision", name="uq_published_statistics_revision"
        ),
        CheckConstraint("revision >= 1", name="revision_from_one"),
        CheckConstraint("ends_on >= starts_on", name="published_ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(60))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    revision: Mapped[int]
    figures: Mapped[dict] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    # Kept as written when published: the paper names its author even after the account goes.
    published_by_name: Mapped[str | None] = mapped_column(String(120))
    as_at: Mapped[datetime] = mapped_column(UTCDateTime)

    published_by: Mapped["Person | None"] = relationship()  # noqa: F821

    def audit_state(self) -> dict:
        return {
            "period": self.label,
            "revision": self.revision,
            "as_at": self.as_at.isoformat(),
            "visits": self.figures.get("visits", {}).get("total"),
        }

    def notice(self) -> dict:
        """What every surface says of the publication: the `published` block of the JSON."""
        return {
            "revision": self.revision,
            "published_at": self.published_at.isoformat(),
            "published_by": self.published_by_name,
            "as_at": self.as_at.isoformat(),
        }
