"""Issues raised on a visit, and their life with the force afterwards."""

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, and_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv import clock
from icv.db import Base, UTCDateTime
from icv.models.checklist import Area
from icv.models.labels import Labelled, enum_column


class IssueStatus(Labelled):
    OPEN = "open"
    REFERRED = "referred"
    RESPONDED = "responded"
    CLOSED = "closed"


IssueStatus.LABELS = {
    "open": "Open",
    "referred": "Referred to the force",
    "responded": "Answered by the force",
    "closed": "Closed",
}


# Not yet closed: waiting to be referred, for the force's answer, or for the coordinator.
OUTSTANDING_ISSUE_STATUSES = (IssueStatus.OPEN, IssueStatus.REFERRED, IssueStatus.RESPONDED)


class IssueLevel(enum.IntEnum):
    EASILY_FIXED = 1
    URGENT = 2
    UNACCEPTABLE = 3

    @property
    def label(self) -> str:
        return {1: "1 – easily fixed", 2: "2 – urgent", 3: "3 – unacceptable"}[self.value]


class Issue(Base):
    __tablename__ = "issues"
    __table_args__ = (CheckConstraint("level BETWEEN 1 AND 3", name="level_1_to_3"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("visits.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    area: Mapped[Area] = enum_column(Area, length=40)
    description: Mapped[str] = mapped_column(Text)
    raised_with: Mapped[str | None] = mapped_column(String(120))
    response_at_time: Mapped[str | None] = mapped_column(Text)
    resolved_on_spot: Mapped[bool] = mapped_column(default=False)
    level: Mapped[int]
    status: Mapped[IssueStatus] = enum_column(IssueStatus, default=IssueStatus.OPEN, index=True)
    # Goes up with each action on the issue; a page's form carries the version it was read at,
    # so an action on an issue someone else has since acted on is refused (icv.services.issues).
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    due_on: Mapped[date | None]
    referred_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    force_response: Mapped[str | None] = mapped_column(Text)
    # The day the force says it acted, which may be before it wrote its answer.
    action_taken_on: Mapped[date | None]
    # What the coordinator asked the force, when referring (again).
    referral_note: Mapped[str | None] = mapped_column(Text)
    # The day the last overdue reminder went, so that a second run that day sends none.
    reminded_on: Mapped[date | None]
    # When a level 3 issue was escalated (icv.services.visit_reports.notifications): to the
    # coordinators, then to the force; kept so that a report submitted again never repeats it.
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_to_force_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    visit: Mapped["Visit"] = relationship(back_populates="issues")  # noqa: F821

    def audit_state(self) -> dict:
        """What the audit trail keeps of an issue at each step; its timeline reads it back."""
        return {
            "status": self.status.value,
            "due_on": _iso(self.due_on),
            "referral_note": self.referral_note,
            "force_response": self.force_response,
            "action_taken_on": _iso(self.action_taken_on),
        }

    @property
    def level_label(self) -> str:
        return IssueLevel(self.level).label

    def overdue_on(self, day: date) -> bool:
        """Waiting for the force's answer past its due date."""
        return self.status is IssueStatus.REFERRED and self.due_on is not None and self.due_on < day

    @classmethod
    def overdue_on_day(cls, day: date):
        """overdue_on, as a condition for a query."""
        return and_(cls.status == IssueStatus.REFERRED, cls.due_on < day)

    @property
    def is_overdue(self) -> bool:
        return self.overdue_on(clock.today())


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
