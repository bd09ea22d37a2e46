"""A volunteer's record, kept by the coordinator: when they joined and left, vetting, training,
probation and term, the meetings and training days they attended, and the dates they cannot
visit. The rota reads it (unavailability, probation); the board hears how many volunteers the
scheme has from it (joined_on and left_on), not from who can sign in.
"""

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv.db import Base
from icv.models.labels import Labelled, enum_column

TERM_YEARS = 3  # a volunteer is appointed for three years, renewable


class VolunteerRecord(Base):
    """One per volunteer. A volunteer is in the scheme on day D when joined_on <= D and
    (left_on is null or left_on > D)."""

    __tablename__ = "volunteer_records"
    __table_args__ = (
        CheckConstraint("left_on IS NULL OR left_on >= joined_on", name="left_after_joining"),
    )

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    joined_on: Mapped[date]
    left_on: Mapped[date | None]
    vetting_expires_on: Mapped[date | None]
    training_completed_on: Mapped[date | None]  # initial training
    probation_ends_on: Mapped[date | None]
    term_ends_on: Mapped[date | None]

    person: Mapped["Person"] = relationship()  # noqa: F821

    def audit_state(self) -> dict:
        return {
            column: (value.isoformat() if value else None)
            for column in (
                "joined_on",
                "left_on",
                "vetting_expires_on",
                "training_completed_on",
                "probation_ends_on",
                "term_ends_on",
            )
            for value in [getattr(self, column)]
        }

    def in_probation_on(self, day: date) -> bool:
        return self.probation_ends_on is not None and day <= self.probation_ends_on


class AttendanceKind(Labelled):
    MEETING = "meeting"
    TRAINING = "training"


AttendanceKind.LABELS = {"meeting": "Meeting", "training": "Training day"}


class VolunteerAttendance(Base):
    """A meeting or training day a volunteer attended."""

    __tablename__ = "volunteer_attendance"
    __table_args__ = (Index("ix_volunteer_attendance_person", "person_id", "held_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[AttendanceKind] = enum_column(AttendanceKind, length=20)
    held_on: Mapped[date]
    title: Mapped[str] = mapped_column(String(120))

    def audit_state(self) -> dict:
        return {"kind": self.kind.value, "held_on": self.held_on.isoformat(), "title": self.title}


class Unavailability(Base):
    """Dates, inclusive, on which a volunteer cannot visit: the rota never plans them in."""

    __tablename__ = "volunteer_unavailability"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="unavailable_ends_after_start"),
        Index("ix_volunteer_unavailability_person", "person_id", "starts_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    starts_on: Mapped[date]
    ends_on: Mapped[date]

    def audit_state(self) -> dict:
        return {"starts_on": self.starts_on.isoformat(), "ends_on": self.ends_on.isoformat()}

    def covers(self, first: date, last: date) -> bool:
        """Whether any day from first to last is unavailable."""
        return self.starts_on <= last and self.ends_on >= first
