"""Publishing a period's statistics to the board: the figures frozen, audited, as a new
revision that keeps the earlier ones (icv.models.published)."""

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from icv import clock
from icv.models import Person, PublishedStatistics, Visit
from icv.periods import Period
from icv.reporting import published, statistics
from icv.reporting.sql import counted
from icv.services import Conflict, audit

PUBLISHABLE = ("year", "quarter")


class NotPublishable(ValueError):
    """Only a financial year or a quarter is put to the board."""


def publish(
    session: Session, actor: Person | None, period: Period, *, based_on: int | None = None
) -> PublishedStatistics:
    """Freeze the period's figures as they are now, as its next revision.

    `based_on` is the newest revision the publisher saw (0 for none): when a newer one has been
    published meanwhile (a second click, or someone else), nothing is published; nor are
    figures identical to the newest revision's. Two at the same moment meet the unique
    (period, revision) constraint, and the second is told."""
    if period.kind not in PUBLISHABLE:
        raise NotPublishable("Only a financial year or a quarter can be published")
    figures = statistics.compute(session, period)
    newest = _newest(session, period)
    if based_on is not None and newest is not None and newest.revision > based_on:
        raise Conflict(
            f"Revision {newest.revision} of {period.label} was published meanwhile: look at it "
            "before you publish again",
            f"Revision {newest.revision} was published meanwhile",
        )
    if newest is not None and not published.differences(published.as_published(newest), figures):
        raise Conflict(
            f"The figures of {period.label} are the same as its revision {newest.revision}: "
            "there is nothing new to publish",
            "Nothing has changed since the last publication",
        )
    publication = PublishedStatistics(
        label=period.label,
        starts_on=period.start,
        ends_on=period.end,
        revision=(newest.revision if newest is not None else 0) + 1,
        figures=figures,
        published_at=clock.now(),
        published_by_id=actor.id if actor is not None else None,
        published_by_name=actor.name if actor is not None else None,
        as_at=data_as_at(session, period),
    )
    try:
        with session.begin_nested():  # two publishing at once: the second is told, not a 500
            session.add(publication)
    except IntegrityError:
        raise Conflict(
            f"{period.label} was published by someone else at the same moment: look at its "
            "revisions before you publish again",
            "These figures have just been published",
        ) from None
    audit.record(
        session, actor, "statistics_published", publication, None, publication.audit_state()
    )
    session.flush()
    return publication


def data_as_at(session: Session, period: Period):
    """The time of the newest data the figures hold: the last change to a counted report of
    the period (now, when there is none)."""
    newest = session.scalar(select(func.max(Visit.updated_at)).where(counted(period)))
    return newest or clock.now()


def _newest(session: Session, period: Period) -> PublishedStatistics | None:
    return published.publication(session, period)
