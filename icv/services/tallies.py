"""Recounting a visit's detainee tallies from its entries (see icv.models.tallies).

One SELECT … GROUP BY defines every tally, so the tallies cannot mean anything other than a
count of the entries. Every writer of detainee entries calls recount in its transaction.
"""

from collections.abc import Iterable

from sqlalchemy import case, delete, func, insert, select
from sqlalchemy.orm import Session

from icv.models import RIGHTS, AgeGroup, DetaineeEntry, DetaineeOutcome, RightsAnswer
from icv.models.tallies import (
    FLAGS,
    NEEDS,
    REASONS_BY_OUTCOME,
    TALLY_COLUMNS,
    detainee_tallies,
)

_BATCH = 500  # visit ids per statement, well under every database's limit on parameters


def _count(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _tally_query():
    entry = DetaineeEntry
    columns = [entry.visit_id]
    columns += [_count(entry.outcome == outcome) for outcome in DetaineeOutcome]
    columns += [
        _count((entry.outcome == outcome) & (entry.reason == reason.value))
        for outcome, reasons in REASONS_BY_OUTCOME.items()
        for reason in reasons
    ]
    columns += [
        _count((entry.outcome == outcome) & (entry.age_group == AgeGroup.JUVENILE))
        for outcome in DetaineeOutcome
    ]
    columns += [_count(getattr(entry, need)) for need in NEEDS]
    columns += [_count(getattr(entry, flag)) for flag in FLAGS]
    seen = entry.outcome == DetaineeOutcome.ACCEPTED
    columns += [_count(entry.tact & seen)]
    columns += [
        _count(seen & (getattr(entry, check.name) == answer))
        for check in RIGHTS
        for answer in RightsAnswer
    ]
    return select(*columns).group_by(entry.visit_id)


def _names():
    return ["visit_id", *TALLY_COLUMNS]  # in the order _tally_query selects them


def recount(session: Session, visit_ids: Iterable):
    """Write the tallies of these visits afresh from their entries (none left, no tally)."""
    ids = list(visit_ids)
    session.flush()  # the entries just changed must be in the database to be counted
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        session.execute(delete(detainee_tallies).where(detainee_tallies.c.visit_id.in_(batch)))
        session.execute(
            insert(detainee_tallies).from_select(
                _names(), _tally_query().where(DetaineeEntry.visit_id.in_(batch))
            )
        )


def recount_all(session: Session):
    """Every visit's tallies afresh: after a bulk load, or to repair them."""
    session.flush()
    session.execute(delete(detainee_tallies))
    session.execute(insert(detainee_tallies).from_select(_names(), _tally_query()))
