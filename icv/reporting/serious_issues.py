"""The level 3 ("unacceptable") issues of a period, one by one, with what the force did: the
board hears each of them by name in the issues paragraph (icv.reporting.narrative).

Level 3 issues are few (a handful a year), so they are listed rather than counted; one query
reads them all, in the order they were raised.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from icv.models import Area, Issue, IssueLevel, IssueStatus, Suite, Visit
from icv.periods import Period
from icv.reporting.sql import counted, rows


def of_period(session: Session, period: Period) -> list[dict]:
    query = (
        select(
            Visit.visit_date,
            Suite.name,
            Issue.area,
            Issue.status,
            Issue.resolved_on_spot,
            Issue.referred_at,
            Issue.due_on,
            Issue.force_response,
            Issue.action_taken_on,
        )
        .join(Visit, Visit.id == Issue.visit_id)
        .outerjoin(Suite, Suite.id == Visit.suite_id)
        .where(counted(period), Issue.level == IssueLevel.UNACCEPTABLE.value)
        .order_by(Visit.visit_date, Suite.name, Issue.position)
    )
    return [
        {
            "visit_date": day.isoformat(),
            "suite": suite,
            "area": Area(area).value,
            "status": IssueStatus(status).value,
            "resolved_on_spot": bool(on_spot),
            "referred": referred_at is not None,
            "due_on": due_on.isoformat() if due_on else None,
            "force_response": response,
            "action_taken_on": acted_on.isoformat() if acted_on else None,
        }
        for (
            day,
            suite,
            area,
            status,
            on_spot,
            referred_at,
            due_on,
            response,
            acted_on,
        ) in rows(session, query)
    ]
