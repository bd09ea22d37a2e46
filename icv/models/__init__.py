"""The tables, one module per aggregate; importing this package registers them all on Base."""

from icv.models.audit import AuditEvent
from icv.models.detentions import ForceDetentions
from icv.models.issues import Issue, IssueLevel, IssueStatus
from icv.models.mail import Email
from icv.models.people import Invitation, Person, Role, force_suites
from icv.models.suites import Suite, SuiteClosure
from icv.models.visits import (
    CHECKLIST_AREAS,
    COUNTED_STATUSES,
    EDITABLE_STATUSES,
    REASONS_BY_OUTCOME,
    AgeGroup,
    Area,
    CheckState,
    DetaineeEntry,
    DetaineeOutcome,
    NotAvailableReason,
    NotOfferedReason,
    ReportStatus,
    ReportVersion,
    Sex,
    SuiteCheck,
    Visit,
    VisitOutcome,
    VisitSource,
    VisitType,
    VisitVisitor,
)

__all__ = [
    "CHECKLIST_AREAS",
    "COUNTED_STATUSES",
    "EDITABLE_STATUSES",
    "REASONS_BY_OUTCOME",
    "AgeGroup",
    "Area",
    "AuditEvent",
    "CheckState",
    "DetaineeEntry",
    "DetaineeOutcome",
    "Issue",
    "IssueLevel",
    "IssueStatus",
    "NotAvailableReason",
    "NotOfferedReason",
    "ReportStatus",
    "ReportVersion",
    "Sex",
    "SuiteCheck",
    "Visit",
    "VisitOutcome",
    "VisitSource",
    "VisitType",
    "VisitVisitor",
    "Email",
    "ForceDetentions",
    "Invitation",
    "Person",
    "Role",
    "Suite",
    "SuiteClosure",
    "force_suites",
]
