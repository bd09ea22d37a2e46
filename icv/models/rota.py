"""The rota: for each week of a quarter, which pair of volunteers visits each open suite.

A planned visit is a suite, a week (its Monday) and two visitors: never a day or a time of
day, so that visits stay unannounced. The pair chooses when to go.
"""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv import clock
from icv.db import Base, UTCDateTime
from icv.models.labels import Labelled, enum_column


class RotaStatus(Labelled):
    DRAFT = "draft"
    PUBLISHED = "published"


RotaStatus.LABELS = {"draft": "Draft", "published": "Published"}


class Rota(Base):
    """The rota of one quarter (`period`, as icv.periods writes it: "2026/27 Q4")."""

    __tablename__ = "rotas"

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(20), unique=True)
    status: Mapped[RotaStatus] = enum_column(RotaStatus, length=20, default=RotaStatus.DRAFT)
    seed: Mapped[int]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    assignments: Mapped[list["RotaAssignment"]] = relationship(
        back_populates="rota",
        order_by="(RotaAssignment.week_starting, RotaAssignment.suite_id)",
        cascade="all, delete-orphan",
    )

    @property
    def published(self) -> bool:
        return self.status is RotaStatus.PUBLISHED

    @property
    def drawn(self) -> str:
        """Which draw this is (its seed and moment): a page posts it back with Publish, so
        that a draft drawn again since (SQLite may give it the same id) is not published
        unseen."""
        return f"{self.seed}@{self.created_at.astimezone(UTC):%Y%m%dT%H%M%S%f}"

    def audit_state(self) -> dict:
        return {"period": self.period, "status": self.status.value, "seed": self.seed}


class RotaAssignment(Base):
    """One planned visit: a suite, the week starting on Monday `week_starting`, and its pair.
    `swapped_from_id` and `swapped_to_id` name the last swap of a visitor, so that the
    coordinator sees it in the rota."""

    __tablename__ = "rota_assignments"
    __table_args__ = (
        UniqueConstraint(
            "rota_id", "suite_id", "week_starting", name="uq_rota_assignments_suite_week"
        ),
        CheckConstraint("first_visitor_id <> second_visitor_id", name="two_visitors"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rota_id: Mapped[int] = mapped_column(ForeignKey("rotas.id", ondelete="CASCADE"), index=True)
    suite_id: Mapped[int] = mapped_column(ForeignKey("suites.id", ondelete="CASCADE"))
    week_starting: Mapped[date]  # a Monday
    first_visitor_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    second_visitor_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    swapped_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    swapped_to_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))

    rota: Mapped[Rota] = relationship(back_populates="assignments")
    suite: Mapped["Suite"] = relationship()  # noqa: F821
    first_visitor: Mapped["Person"] = relationship(foreign_keys=[first_visitor_id])  # noqa: F821
    second_visitor: Mapped["Person"] = relationship(foreign_keys=[second_visitor_id])  # noqa: F821
    swapped_from: Mapped["Person | None"] = relationship(foreign_keys=[swapped_from_id])  # noqa: F821
    swapped_to: Mapped["Person | None"] = relationship(foreign_keys=[swapped_to_id])  # noqa: F821

    @property
    def week_ending(self) -> date:
        return self.week_starting + timedelta(days=6)

    @property
    def visitors(self) -> list:
        return [self.first_visitor, self.second_visitor]

    @property
    def visitor_ids(self) -> tuple[int, int]:
        return (self.first_visitor_id, self.second_visitor_id)

    def partner_of(self, person_id: int):
        return self.second_visitor if self.first_visitor_id == person_id else self.first_visitor

    def audit_state(self) -> dict:
        return {
            "suite": self.suite.name if self.suite else self.suite_id,
            "week_starting": self.week_starting.isoformat(),
            "visitors": [self.first_visitor_id, self.second_visitor_id],
        }
