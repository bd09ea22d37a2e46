"""The tables, one module per aggregate; importing this package registers them all on Base."""

from icv.models.audit import AuditEvent
from icv.models.mail import Email
from icv.models.people import Invitation, Person, Role, force_suites
from icv.models.suites import Suite, SuiteClosure

__all__ = [
    "AuditEvent",
    "Email",
    "Invitation",
    "Person",
    "Role",
    "Suite",
    "SuiteClosure",
    "force_suites",
]
