"""Why access was delayed: the visits whose wait put them outside the immediate band, counted
by the reason the visitors chose, in one GROUP BY.

A delayed visit is one in the 6–15 or 16+ band (statistics._band), so the reasons add up to
those two bands. Reports from before the choice, and imported history, carry only words: the
migration and the schema count those as "other". A delayed visit with no reason at all (history
with none) is "not_recorded".
"""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icv.models import DelayReason, Visit
from icv.periods import Period
from icv.reporting.sql import counted, rows

NOT_RECORDED = "not_recorded"
LABELS = {**DelayReason.LABELS, NOT_RECORDED: "Not recorded"}


def of_period(session: Session, period: Period, band) -> dict:
    """{reason: visits} among the period's delayed visits, every reason listed; `band` is the
    access band expression the statistics use, so "delayed" means the same in both."""
    query = (
        select(Visit.delay_cause, func.count())
        .where(counted(period), band.in_(("wait_6_to_15", "wait_16_plus")))
        .group_by(Visit.delay_cause)
    )
    counts = dict.fromkeys([*(reason.value for reason in DelayReason), NOT_RECORDED], 0)
    for cause, count in rows(session, query):
        counts[DelayReason(cause).value if cause else NOT_RECORDED] += count
    return counts
