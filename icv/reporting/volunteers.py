"""The scheme's volunteers in a period, from their records (icv.models.volunteers): how many
were in the scheme at its end, how many joined and how many left during it. One query.

A volunteer is in the scheme on day D when joined_on <= D and (left_on is null or
left_on > D); one who left on D left that day, within the period that holds D.
"""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from icv.models import Person, Role, VolunteerRecord
from icv.periods import Period
from icv.reporting.sql import count_where, rows
from icv.services.volunteer_records import in_scheme_on


def summary_rows(volunteers: dict | None) -> list[list]:
    """The volunteers' rows of the summary table: figure, number, (no) per cent."""
    if not volunteers:
        return []
    at = date.fromisoformat(volunteers["at"])
    return [
        [f"Volunteers at {at.day} {at:%B %Y}", volunteers["active_at_end"], None],
        ["Volunteers who joined", volunteers["joined"], None],
        ["Volunteers who left", volunteers["left"], None],
    ]


def of_period(session: Session, period: Period, today: date) -> dict:
    """`active_at_end`: in the scheme on the period's last day (today, while it is in
    progress; the same rule as the coordinator's home); `joined` and `left`: joined_on and
    left_on within the period."""
    record = VolunteerRecord
    at = min(period.end, today)
    query = (
        select(
            count_where(in_scheme_on(at)),
            count_where(record.joined_on.between(period.start, period.end)),
            count_where(record.left_on.between(period.start, period.end)),
        )
        .select_from(record)
        .join(Person, Person.id == record.person_id)
        .where(Person.role == Role.VOLUNTEER)  # one who became a coordinator is no longer
    )
    active, joined, left = rows(session, query)[0]
    return {"active_at_end": active, "joined": joined, "left": left, "at": at.isoformat()}
