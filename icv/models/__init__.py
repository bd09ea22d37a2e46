"""The tables, one module per aggregate; importing this package registers them all on Base."""

from icv.models.api_tokens import ApiToken
from icv.models.audit import AuditEvent
from icv.models.checklist import CHECKLIST_AREAS, Area, CheckState, SuiteCheck
from icv.models.detentions import ForceDetentions
from icv.models.held_posts import HeldPost
from icv.models.imports import ImportedRow
from icv.models.issues import OUTSTANDING_ISSUE_STATUSES, Issue, IssueLevel, IssueStatus
from icv.models.mail import Email
from icv.models.people import Invitation, Person, Role, force_suites
from icv.models.published import PublishedStatistics
from icv.models.rights import RIGHTS, RIGHTS_NAMES, RightsAnswer
from icv.models.rota import Rota, RotaAssignment, RotaStatus
from icv.models.suites import Suite, SuiteClosure
from icv.models.tallies import TALLY_COLUMNS, detainee_tallies
from icv.models.two_step import RecoveryCode, TwoStepKey
from icv.models.visits import (
    COUNTED_STATUSES,
    EDITABLE_STATUSES,
    OPTIONAL_REASONS,
    REASONS_BY_OUTCOME,
    AgeGroup,
    DeclinedReason,
    DelayReason,
    DetaineeEntry,
    DetaineeOutcome,
    NotAvailableReason,
    NotOfferedReason,
    ReportStatus,
    ReportVersion,
    Sex,
    Visit,
    VisitOutcome,
    VisitSource,
    VisitType,
    VisitVisitor,
)
from icv.models.volunteers import (
    TERM_YEARS,
    AttendanceKind,
    Unavailability,
    VolunteerAttendance,
    VolunteerRecord,
)

__all__ = [
    "CHECKLIST_AREAS",
    "COUNTED_STATUSES",
    "EDITABLE_STATUSES",
    "OPTIONAL_REASONS",
    "OUTSTANDING_ISSUE_STATUSES",
    "REASONS_BY_OUTCOME",
    "RIGHTS",
    "RIGHTS_NAMES",
    "TALLY_COLUMNS",
    "TERM_YEARS",
    "AgeGroup",
    "ApiToken",
    "Area",
    "AttendanceKind",
    "AuditEvent",
    "CheckState",
    "DeclinedReason",
    "DelayReason",
    "DetaineeEntry",
    "DetaineeOutcome",
    "Email",
    "ForceDetentions",
    "HeldPost",
    "ImportedRow",
    "Invitation",
    "Issue",
    "IssueLevel",
    "IssueStatus",
    "NotAvailableReason",
    "NotOfferedReason",
    "Person",
    "PublishedStatistics",
    "RecoveryCode",
    "ReportStatus",
    "ReportVersion",
    "RightsAnswer",
    "Role",
    "Rota",
    "RotaAssignment",
    "RotaStatus",
    "Sex",
    "Suite",
    "SuiteCheck",
    "SuiteClosure",
    "TwoStepKey",
    "Unavailability",
    "Visit",
    "VisitOutcome",
    "VisitSource",
    "VisitType",
    "VisitVisitor",
    "VolunteerAttendance",
    "VolunteerRecord",
    "detainee_tallies",
    "force_suites",
]
