"""Why access was delayed: the visits whose wait put them outside the immediate band, counted
by the reason the visitors chose. The counts are columns of the statistics' one query over the
period's visits (statistics._visits_by_suite_and_month), so they cost no query of their own.

A delayed visit is one in the 6–15 or 16+ band (headline.band), so the reasons add up to
those two bands. Reports from before the choice, and imported history, carry only words: the
migration and the schema count those as "other". A delayed visit with no reason at all (history
with none) is "not_recorded".
"""

from sqlalchemy import and_

from icv.models import DelayReason, Visit
from icv.reporting.sql import count_where

NOT_RECORDED = "not_recorded"
KEYS = (*(reason.value for reason in DelayReason), NOT_RECORDED)
LABELS = {**DelayReason.LABELS, NOT_RECORDED: "Not recorded"}
DELAYED_BANDS = ("wait_6_to_15", "wait_16_plus")


def columns(band) -> list:
    """A count per reason (KEYS, in order) among delayed visits; `band` is the access band
    expression the statistics use, so "delayed" means the same in both."""
    delayed = band.in_(DELAYED_BANDS)
    return [
        *(count_where(and_(delayed, Visit.delay_cause == reason)) for reason in DelayReason),
        count_where(and_(delayed, Visit.delay_cause.is_(None))),
    ]
