"""What waits for each person, counted for their home page: each count is what the list it
links to shows, so the number and the list never disagree."""

from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from icv import clock
from icv.models import Issue, IssueStatus, ReportStatus, Visit
from icv.services.issues.access import _submitted

SENT_BACK = (ReportStatus.RETURNED, ReportStatus.AMENDMENT_REQUESTED)


def for_volunteer(home: dict) -> dict[str, int]:
    """A volunteer's counts, from the rows their home already holds (visit_reports.
    for_volunteer): no query of their own on the page every volunteer lands on."""
    to_write = home["to_write"]
    return {
        "to_confirm": len(home["to_confirm"]),
        "sent_back": sum(row.status in SENT_BACK for row in to_write),
        "drafts": sum(row.status is ReportStatus.DRAFT for row in to_write),
    }


def for_coordinator(session: Session, today: date | None = None) -> dict[str, int]:
    """Reports the pair have agreed, waiting for review; issues not yet referred; referred
    issues past their due date. As the review list and the issues list count them."""
    today = today or clock.today()
    # The issues list leaves out issues resolved on the spot, unless referred since.
    listed = _submitted().where(
        or_(Issue.resolved_on_spot.is_(False), Issue.referred_at.is_not(None))
    )

    def counted(query):
        return select(func.count()).select_from(query.subquery()).scalar_subquery()

    row = session.execute(
        select(
            counted(select(Visit.id).where(Visit.status == ReportStatus.CONFIRMED)).label(
                "to_review"
            ),
            counted(listed.where(Issue.status == IssueStatus.OPEN)).label("to_refer"),
            counted(listed.where(Issue.overdue_on_day(today))).label("overdue"),
        )
    ).one()
    return row._asdict()
