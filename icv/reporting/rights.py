"""The rights-and-entitlements figures of a period, with vulnerability, Terrorism Act (TACT)
detainees and the reasons detainees declined a visit (docs/statistics.md).

Counted by the database into each visit's tallies (icv.models.tallies) like every other
detainee figure, so a period's figures come in the same single pass over its visits' tallies
(statistics._detainees), whatever the number of checks; this module only names and shares
out the sums.

- rights: for each check, yes / no / not asked / declined to say, as counts and whole
  percentages (half up) of the detainees seen (accepted); `not_recorded` is the seen
  detainees with no answer to it (a report from before the question, or left unanswered).
- vulnerability: each flag as a share of the detainees present, except an appropriate adult
  or an interpreter present, which are shares of those who needed one.
- tact: TACT detainees present (share of all present) and seen (share of TACT present).
- declined_reasons: like `reasons`, with `not_recorded` for a declined without a reason.
"""

from icv.models import RIGHTS, DeclinedReason, DetaineeOutcome, RightsAnswer
from icv.models.rights import PRESENT_WHERE_NEEDED, VULNERABILITY
from icv.models.tallies import TACT_SEEN, reason_column, rights_column

NOT_RECORDED = "not_recorded"


def from_tallies(sums: dict, share) -> dict:
    """The figures under their JSON keys (rights, vulnerability, tact, declined_reasons),
    from a period's tally sums; `share` makes {count, percent} as every other figure does."""
    present = sum(sums[outcome.value] for outcome in DetaineeOutcome)
    seen = sums[DetaineeOutcome.ACCEPTED.value]
    return {
        "rights": {check.name: _answers(sums, check.name, seen, share) for check in RIGHTS},
        "vulnerability": {
            flag: share(sums[flag], sums[PRESENT_WHERE_NEEDED[flag]])
            if flag in PRESENT_WHERE_NEEDED
            else share(sums[flag], present)
            for flag in VULNERABILITY
        },
        "tact": {
            "present": share(sums["tact"], present),
            "seen": share(sums[TACT_SEEN], sums["tact"]),
        },
        "declined_reasons": _declined_reasons(sums),
    }


def _answers(sums: dict, name: str, seen: int, share) -> dict:
    figures = {
        answer.value: share(sums[rights_column(name, answer)], seen) for answer in RightsAnswer
    }
    answered = sum(figure["count"] for figure in figures.values())
    figures[NOT_RECORDED] = share(seen - answered, seen)
    return figures


def _declined_reasons(sums: dict) -> dict:
    declined = DetaineeOutcome.DECLINED
    reasons = {reason.value: sums[reason_column(declined, reason)] for reason in DeclinedReason}
    reasons[NOT_RECORDED] = sums[declined.value] - sum(reasons.values())
    return reasons
