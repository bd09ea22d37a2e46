"""Per-visit tallies of the detainee entries: how many of each outcome, reason, juveniles and
needs a visit saw.

Derived data, never typed in: icv.services.tallies.recount writes them from the entries, in the
same transaction as every change to the entries. The statistics of a period add up one tally
row per visit instead of reading every entry, so a report costs a pass over the period's visits
(about 8 detainees fewer rows each), not over its detainees.
"""

from sqlalchemy import Column, ForeignKey, Integer, Table, Uuid

from icv.db import Base
from icv.models.rights import RIGHTS, RightsAnswer
from icv.models.visits import REASONS_BY_OUTCOME, DetaineeOutcome

NEEDS = ("vulnerable", "needs_appropriate_adult", "needs_interpreter")
# The other flags of an entry (icv.models.rights), and the TACT detainees seen.
FLAGS = ("mental_health_concern", "appropriate_adult_present", "interpreter_present", "tact")
TACT_SEEN = "tact_accepted"


def rights_column(check: str, answer: RightsAnswer) -> str:
    """Detainees seen who answered `answer` to the rights check named `check`."""
    return f"{check}_{answer.value}"


RIGHTS_COLUMNS = tuple(
    rights_column(check.name, answer) for check in RIGHTS for answer in RightsAnswer
)


def reason_column(outcome: DetaineeOutcome, reason) -> str:
    return f"{outcome.value}_{reason.value}"


def juvenile_column(outcome: DetaineeOutcome) -> str:
    return f"juvenile_{outcome.value}"


TALLY_COLUMNS = (
    *(outcome.value for outcome in DetaineeOutcome),
    *(
        reason_column(outcome, reason)
        for outcome, reasons in REASONS_BY_OUTCOME.items()
        for reason in reasons
    ),
    *(juvenile_column(outcome) for outcome in DetaineeOutcome),
    *NEEDS,
    *FLAGS,
    TACT_SEEN,
    *RIGHTS_COLUMNS,
)

detainee_tallies = Table(
    "detainee_tallies",
    Base.metadata,
    Column("visit_id", Uuid, ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True),
    *(Column(name, Integer, nullable=False) for name in TALLY_COLUMNS),
)
