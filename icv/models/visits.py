"""A custody visit and its report: visitors, access, detainees, the suite checklist, versions.

A report's id is a UUID made where the draft starts (on the phone, for the offline outbox), so
sending the same report twice can never store two.
"""

import uuid
from datetime import date, datetime, time

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv import clock
from icv.db import Base, UTCDateTime
from icv.models.checklist import CHECKLIST_AREAS, CheckState
from icv.models.labels import Labelled, enum_column
from icv.models.rights import RightsAnswer


class VisitType(Labelled):
    IN_PERSON = "in_person"
    REMOTE = "remote"


VisitType.LABELS = {"in_person": "In person", "remote": "Remote, by phone or video"}


class VisitOutcome(Labelled):
    COMPLETED = "completed"
    ABANDONED = "abandoned"


VisitOutcome.LABELS = {"completed": "Completed", "abandoned": "Abandoned"}


class ReportStatus(Labelled):
    DRAFT = "draft"  # the lead is filling it in
    SUBMITTED = "submitted"  # waiting for the partner to confirm
    RETURNED = "returned"  # the partner sent it back to the lead with a note
    CONFIRMED = "confirmed"  # confirmed by the partner, waiting for the coordinator
    AMENDMENT_REQUESTED = "amendment_requested"  # the coordinator asked the lead to amend it
    REVIEWED = "reviewed"  # the coordinator has reviewed it


ReportStatus.LABELS = {
    "draft": "Draft",
    "submitted": "Waiting for partner",
    "returned": "Returned by partner",
    "confirmed": "Waiting for review",
    "amendment_requested": "Amendment requested",
    "reviewed": "Reviewed",
}

# Statistics count every report that has been submitted once, whatever has happened since.
COUNTED_STATUSES = tuple(status for status in ReportStatus if status is not ReportStatus.DRAFT)
# The lead may change the report only in these.
EDITABLE_STATUSES = (
    ReportStatus.DRAFT,
    ReportStatus.RETURNED,
    ReportStatus.AMENDMENT_REQUESTED,
)


class DelayReason(Labelled):
    """Why custody staff kept the visitors waiting, as visit reports name it. The Code of
    Practice allows a delay only on an inspector's authority; the board asks why it happened."""

    SUITE_BUSY = "suite_busy"
    INCIDENT = "incident"
    STAFF_UNAVAILABLE = "staff_unavailable"
    DETAINEES_MOVING = "detainees_moving"
    HANDOVER = "handover"
    OTHER = "other"


DelayReason.LABELS = {
    "suite_busy": "Suite busy",
    "incident": "Incident at the desk or in the cells",
    "staff_unavailable": "No staff free to escort the visitors",
    "detainees_moving": "Detainees being booked in, moved or released",
    "handover": "Staff handover or briefing",
    "other": "Other",
}


class VisitSource(Labelled):
    REPORT = "report"  # filed in icv
    IMPORT = "import"  # history imported from a spreadsheet


VisitSource.LABELS = {"report": "Visit report", "import": "Imported"}


class Visit(Base):
    __tablename__ = "visits"
    __table_args__ = (
        Index("ix_visits_visit_date_suite_id", "visit_date", "suite_id"),
        CheckConstraint("wait_minutes >= 0", name="wait_not_negative"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    suite_id: Mapped[int | None] = mapped_column(ForeignKey("suites.id"), index=True)
    visit_date: Mapped[date | None]
    visit_type: Mapped[VisitType] = enum_column(VisitType, default=VisitType.IN_PERSON)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    source: Mapped[VisitSource] = enum_column(VisitSource, default=VisitSource.REPORT)
    status: Mapped[ReportStatus] = enum_column(ReportStatus, default=ReportStatus.DRAFT, index=True)

    outcome: Mapped[VisitOutcome] = enum_column(VisitOutcome, default=VisitOutcome.COMPLETED)
    abandoned_reason: Mapped[str | None] = mapped_column(String(500))

    arrived_at: Mapped[time | None]
    admitted_at: Mapped[time | None]
    # Whole minutes from arrival to admission: worked out from the two times, or given on import.
    wait_minutes: Mapped[int | None]
    # Why a wait over five minutes happened (DelayReason); for "other", delay_reason says it
    # in words. Reports from before the choice, and imported history, have only the words.
    delay_cause: Mapped[DelayReason | None] = enum_column(DelayReason, length=20)
    delay_reason: Mapped[str | None] = mapped_column(String(500))
    delay_authorised_by: Mapped[str | None] = mapped_column(String(120))

    observations: Mapped[str | None] = mapped_column(Text)

    # What the partner or the coordinator said when sending it back.
    return_note: Mapped[str | None] = mapped_column(String(1000))
    version: Mapped[int] = mapped_column(default=0)
    # Hash of the body last submitted: the same body again is a retry, another is a conflict.
    submitted_digest: Mapped[str | None] = mapped_column(String(64))
    # The lead's changes to a report sent back or open for an amendment, until resubmitted
    # (icv.services.visit_reports.amending).
    amended_copy: Mapped[dict | None] = mapped_column(JSON)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    # Optimistic locking: every UPDATE of the row checks and bumps it, so of two people (or two
    # taps) changing a report at once only the first gets through; the other sees a conflict.
    lock_version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": lock_version}

    suite: Mapped["Suite | None"] = relationship()  # noqa: F821
    lead: Mapped["Person | None"] = relationship(foreign_keys=[lead_id])  # noqa: F821
    visitors: Mapped[list["VisitVisitor"]] = relationship(
        back_populates="visit", order_by="VisitVisitor.position", cascade="all, delete-orphan"
    )
    detainees: Mapped[list["DetaineeEntry"]] = relationship(
        back_populates="visit", order_by="DetaineeEntry.position", cascade="all, delete-orphan"
    )
    checks: Mapped[list["SuiteCheck"]] = relationship(  # noqa: F821
        back_populates="visit", cascade="all, delete-orphan"
    )
    issues: Mapped[list["Issue"]] = relationship(  # noqa: F821
        back_populates="visit", order_by="Issue.position", cascade="all, delete-orphan"
    )
    versions: Mapped[list["ReportVersion"]] = relationship(
        back_populates="visit", order_by="ReportVersion.number", cascade="all, delete-orphan"
    )

    @property
    def partners(self) -> list["VisitVisitor"]:
        return [visitor for visitor in self.visitors if visitor.position > 0]

    @property
    def partner_ids(self) -> list[int]:
        return [visitor.person_id for visitor in self.partners]

    @property
    def checklist(self) -> dict[str, dict]:
        """Every area's answer by the area's name; an area not answered was not checked."""
        answers = {check.area: check for check in self.checks}
        return {
            area.value: {
                "state": answers[area].state if area in answers else CheckState.NOT_CHECKED,
                "note": answers[area].note if area in answers else None,
            }
            for area in CHECKLIST_AREAS
        }


class VisitVisitor(Base):
    """A visitor on a visit: position 0 is the lead. Imported history may name someone who has
    left, so the name is kept as written when it matches no one."""

    __tablename__ = "visit_visitors"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("visits.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))

    visit: Mapped[Visit] = relationship(back_populates="visitors")
    person: Mapped["Person | None"] = relationship()  # noqa: F821


class AgeGroup(Labelled):
    ADULT = "adult"
    JUVENILE = "juvenile"


AgeGroup.LABELS = {"adult": "Adult", "juvenile": "Juvenile (under 18)"}


class Sex(Labelled):
    MALE = "male"
    FEMALE = "female"
    OTHER = "other"


Sex.LABELS = {"male": "Male", "female": "Female", "other": "Other or not known"}


class DetaineeOutcome(Labelled):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    NOT_AVAILABLE = "not_available"
    NOT_OFFERED = "not_offered"


DetaineeOutcome.LABELS = {
    "accepted": "Seen: offered a visit and agreed",
    "declined": "Declined: offered a visit and refused",
    "not_available": "Not available",
    "not_offered": "Not offered a visit",
}


class NotAvailableReason(Labelled):
    ASLEEP = "asleep"
    IN_INTERVIEW = "in_interview"
    WITH_LEGAL_ADVISER = "with_legal_adviser"
    AT_HOSPITAL = "at_hospital"
    OUT_OF_CELL = "out_of_cell"
    RELEASED_OR_TRANSFERRED = "released_or_transferred"
    OTHER = "other"


NotAvailableReason.LABELS = {
    "asleep": "Asleep",
    "in_interview": "In interview",
    "with_legal_adviser": "With legal adviser",
    "at_hospital": "At hospital",
    "out_of_cell": "Out of cell (for example, fingerprints, exercise)",
    "released_or_transferred": "Released or transferred",
    "other": "Other",
}


class NotOfferedReason(Labelled):
    STAFF_ADVISED_RISK = "staff_advised_risk"
    VISITORS_PRIORITISED_OTHERS = "visitors_prioritised_others"
    LANGUAGE_OR_CAPACITY = "language_or_capacity"
    OTHER = "other"


NotOfferedReason.LABELS = {
    "staff_advised_risk": "Staff advised not to, because of risk",
    "visitors_prioritised_others": "Visitors prioritised other detainees",
    "language_or_capacity": "Language or capacity",
    "other": "Other",
}


class DeclinedReason(Labelled):
    DID_NOT_WANT_TO_TALK = "did_not_want_to_talk"
    TOO_DISTRESSED = "too_distressed"
    WAITING_FOR_SOLICITOR = "waiting_for_solicitor"
    OTHER = "other"


DeclinedReason.LABELS = {
    "did_not_want_to_talk": "Did not want to talk",
    "too_distressed": "Too distressed",
    "waiting_for_solicitor": "Waiting for their solicitor",
    "other": "Other",
}

# Every reason, in one column: which ones are allowed depends on the outcome.
REASONS_BY_OUTCOME = {
    DetaineeOutcome.NOT_AVAILABLE: NotAvailableReason,
    DetaineeOutcome.NOT_OFFERED: NotOfferedReason,
    DetaineeOutcome.DECLINED: DeclinedReason,
}
# A detainee who declined need not say why: the reason is asked, never required.
OPTIONAL_REASONS = (DetaineeOutcome.DECLINED,)


def _rights_answer(name: str):
    """A rights check's answer (icv.models.rights): None until answered, and for a detainee
    not seen. Each column's check is named after it, as all share one enum."""
    return enum_column(RightsAnswer, length=20, name=name, nullable=True)


class DetaineeEntry(Base):
    """One detainee in custody at the time of the visit. Never a name."""

    __tablename__ = "detainee_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("visits.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    # Removed after the retention period (icv.services.retention; docs/security.md).
    custody_number: Mapped[str | None] = mapped_column(String(30))
    age_group: Mapped[AgeGroup | None] = enum_column(AgeGroup, length=10)
    sex: Mapped[Sex | None] = enum_column(Sex, length=10)
    vulnerable: Mapped[bool] = mapped_column(default=False)
    needs_appropriate_adult: Mapped[bool] = mapped_column(default=False)
    needs_interpreter: Mapped[bool] = mapped_column(default=False)
    outcome: Mapped[DetaineeOutcome] = enum_column(DetaineeOutcome, length=20)
    reason: Mapped[str | None] = mapped_column(String(40))
    reason_detail: Mapped[str | None] = mapped_column(String(200))
    welfare_notes: Mapped[str | None] = mapped_column(Text)

    mental_health_concern: Mapped[bool] = mapped_column(default=False, server_default=false())
    appropriate_adult_present: Mapped[bool] = mapped_column(default=False, server_default=false())
    interpreter_present: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Held under the Terrorism Act 2000: reported to the Independent Reviewer of Terrorism
    # Legislation (icv.reporting.tact).
    tact: Mapped[bool] = mapped_column(default=False, server_default=false())

    # Rights and entitlements, one column per check of icv.models.rights.RIGHTS.
    told_rights: Mapped[RightsAnswer | None] = _rights_answer("told_rights")
    offered_legal_advice: Mapped[RightsAnswer | None] = _rights_answer("offered_legal_advice")
    had_legal_advice: Mapped[RightsAnswer | None] = _rights_answer("had_legal_advice")
    arrest_told: Mapped[RightsAnswer | None] = _rights_answer("arrest_told")
    offered_codes: Mapped[RightsAnswer | None] = _rights_answer("offered_codes")
    food_and_drink: Mapped[RightsAnswer | None] = _rights_answer("food_and_drink")
    washing_and_toilet: Mapped[RightsAnswer | None] = _rights_answer("washing_and_toilet")
    medical_care_needed: Mapped[RightsAnswer | None] = _rights_answer("medical_care_needed")
    medical_care_given: Mapped[RightsAnswer | None] = _rights_answer("medical_care_given")
    bedding: Mapped[RightsAnswer | None] = _rights_answer("bedding")
    fresh_air: Mapped[RightsAnswer | None] = _rights_answer("fresh_air")
    custody_record_checked: Mapped[RightsAnswer | None] = _rights_answer("custody_record_checked")

    visit: Mapped[Visit] = relationship(back_populates="detainees")

    @property
    def reason_label(self) -> str | None:
        reasons = REASONS_BY_OUTCOME.get(self.outcome)
        return reasons(self.reason).label if reasons and self.reason else None


class ReportVersion(Base):
    """A report as it was each time it was submitted, kept whole so every version can be shown."""

    __tablename__ = "report_versions"
    __table_args__ = (UniqueConstraint("visit_id", "number", name="one_per_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("visits.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    # Why this version exists: the partner's or the coordinator's request it answers.
    reason: Mapped[str | None] = mapped_column(String(1000))
    body: Mapped[dict] = mapped_column(JSON)

    visit: Mapped[Visit] = relationship(back_populates="versions")
    submitted_by: Mapped["Person | None"] = relationship()  # noqa: F821
