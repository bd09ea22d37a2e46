"""The force's total detentions for a period, entered by the coordinator. Audited."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from icv.models import ForceDetentions, Person
from icv.periods import Period
from icv.services import audit


def set_detentions(
    session: Session, actor: Person | None, period: Period, detentions: int
) -> ForceDetentions:
    """Record that the force detained `detentions` persons in `period`, replacing any figure
    entered for that period before (ForceDetentionsSchema)."""
    record = session.scalar(
        select(ForceDetentions).where(
            ForceDetentions.starts_on == period.start, ForceDetentions.ends_on == period.end
        )
    )
    before = record.audit_state() if record else None
    if record is None:
        record = ForceDetentions(starts_on=period.start, ends_on=period.end)
        session.add(record)
    record.label, record.detentions = period.label, detentions
    audit.record(session, actor, "force_detentions_set", record, before, record.audit_state())
    session.flush()
    return record


def listing(session: Session):
    return session.scalars(
        select(ForceDetentions).order_by(ForceDetentions.starts_on.desc(), ForceDetentions.ends_on)
    ).all()
