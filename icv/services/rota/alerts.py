"""What the rota tells the coordinator's home page: planned weeks passed with no report."""

from datetime import date, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from icv import clock
from icv.models import COUNTED_STATUSES, Person, Rota, RotaAssignment, RotaStatus, Suite, Visit
from icv.reporting.sql import week_number


def planned_weeks_without_report(session: Session, today: date | None = None) -> list[dict]:
    """Each published planned visit whose week has ended with no counted visit report of its
    suite dated in that week, oldest first, as plain dicts: `suite`, `week_starting`,
    `week_ending` (dates), `visitors` (names) and `period` (the rota's quarter)."""
    today = today or clock.today()
    # A week has ended when its Sunday is before today: the Monday is more than six days ago.
    last_monday_ended = today - timedelta(days=7)
    first, second = aliased(Person), aliased(Person)
    reported = exists().where(
        Visit.suite_id == RotaAssignment.suite_id,
        week_number(Visit.visit_date, 0) == week_number(RotaAssignment.week_starting, 0),
        Visit.status.in_(COUNTED_STATUSES),
    )
    query = (
        select(Suite.name, RotaAssignment.week_starting, first.name, second.name, Rota.period)
        .join(Rota, Rota.id == RotaAssignment.rota_id)
        .join(Suite, Suite.id == RotaAssignment.suite_id)
        .join(first, first.id == RotaAssignment.first_visitor_id)
        .join(second, second.id == RotaAssignment.second_visitor_id)
        .where(
            Rota.status == RotaStatus.PUBLISHED,
            RotaAssignment.week_starting <= last_monday_ended,
            ~reported,
        )
        .order_by(RotaAssignment.week_starting, Suite.position, Suite.name)
    )
    return [
        {
            "suite": suite,
            "week_starting": monday,
            "week_ending": monday + timedelta(days=6),
            "visitors": [first_name, second_name],
            "period": period,
        }
        for suite, monday, first_name, second_name, period in session.execute(query)
    ]
