"""Removing what is kept only for a while: custody numbers, after the retention period.

A custody number lets the coordinator trace a welfare concern with the force in the weeks
after a visit; after that it is personal data with no purpose, so it goes (PRODUCT.md, Private).
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from icv import clock
from icv.models import DetaineeEntry, Visit
from icv.services import audit


def purge_custody_numbers(session: Session, today=None) -> int:
    """Blank the custody numbers of visits older than ICV_CUSTODY_NUMBER_DAYS; how many went."""
    days = current_app.config["CUSTODY_NUMBER_DAYS"]
    cutoff = (today or clock.today()) - timedelta(days=days)
    old_visits = select(Visit.id).where(Visit.visit_date < cutoff)
    result = session.execute(
        update(DetaineeEntry)
        .where(DetaineeEntry.visit_id.in_(old_visits), DetaineeEntry.custody_number.is_not(None))
        .values(custody_number=None)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount:
        audit.record(
            session,
            None,
            "custody_numbers_removed",
            ("detainee_entries", None),
            after={"count": result.rowcount, "visits_before": cutoff.isoformat()},
        )
    session.flush()
    return result.rowcount
