"""Which figures a surface shows for a period: the newest published revision once there is one
(icv.services.publishing), else the live figures; and what has changed since it was published.

Every surface (the statistics page, each download, `icv report`, GET /api/v1/statistics) reads
its figures through figures(), so a paper the board has seen reads the same everywhere.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from icv import clock
from icv.models import PublishedStatistics
from icv.periods import Period
from icv.reporting import statistics
from icv.reporting.statistics import BAND_LABELS, BANDS

OUTCOME_LABELS = {
    "offered": "Detainees offered a visit",
    "not_available": "Detainees not available",
    "not_offered": "Detainees not offered a visit",
    "accepted": "Detainees who agreed to be seen",
    "declined": "Detainees who refused",
}
VOLUNTEER_LABELS = {
    "active_at_end": "Volunteers at the end of the period",
    "joined": "Volunteers who joined",
    "left": "Volunteers who left",
}


@dataclass
class Difference:
    figure: str
    published: object
    now: object

    def __str__(self) -> str:
        return f"{self.figure}: {_shown(self.published)} published, {_shown(self.now)} now"


def _shown(value) -> str:
    if value is None:
        return "none"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _of_period(period: Period):
    return select(PublishedStatistics).where(
        PublishedStatistics.starts_on == period.start, PublishedStatistics.ends_on == period.end
    )


def revisions(session: Session, period: Period) -> list[PublishedStatistics]:
    """Every publication of the period, the newest first."""
    query = _of_period(period).order_by(PublishedStatistics.revision.desc())
    return list(session.scalars(query))


def publication(
    session: Session, period: Period, revision: int | None = None
) -> PublishedStatistics | None:
    """The period's newest published revision (or the one asked for); None when unpublished."""
    query = _of_period(period).order_by(PublishedStatistics.revision.desc()).limit(1)
    if revision is not None:
        query = query.where(PublishedStatistics.revision == revision)
    return session.scalar(query)


def figures(
    session: Session, period: Period, *, live: bool = False, revision: int | None = None
) -> dict:
    """The figures to show for the period: its published ones, with a `published` block saying
    when, by whom and as at when, and whether (`live_figures_differ`) and how
    (`live_differences`) the live figures have changed since; or, unpublished or when `live`
    is asked for, as they are now. LookupError for a `revision` never published."""
    chosen = None if live else publication(session, period, revision)
    if chosen is None and revision is not None and not live:
        raise LookupError(f"{period.label} has no published revision {revision}")
    if chosen is None:
        return statistics.compute(session, period)
    stats = as_published(chosen)
    changes = differences(stats, statistics.compute(session, period))
    # Never silently: every surface says when the live figures have changed since.
    stats["published"] |= {
        "live_figures_differ": bool(changes),
        "live_differences": [str(change) for change in changes],
    }
    return stats


def as_published(chosen: PublishedStatistics) -> dict:
    return {**chosen.figures, "published": chosen.notice()}


def differences(published: dict, live: dict) -> list[Difference]:
    """The board's figures that differ between a publication and the live figures; when only
    figures beyond these differ, one line saying so."""
    before, after = _headline(published), _headline(live)
    changed = [
        Difference(figure, before.get(figure), after.get(figure))
        for figure in dict.fromkeys([*before, *after])
        if before.get(figure) != after.get(figure)
    ]
    if not changed and _without_notice(published) != _without_notice(live):
        changed.append(
            Difference("Other figures (see the live figures)", "as they were", "changed")
        )
    return changed


def _without_notice(stats: dict) -> dict:
    return {key: value for key, value in stats.items() if key != "published"}


def _headline(stats: dict) -> dict:
    """The figures the board paper leads with, by the words that name them."""
    visits, detainees = stats["visits"], stats["detainees"]
    figures = {"Visits": visits["total"], "Visits abandoned": visits["abandoned"]}
    figures |= {f"Visits to {name}": count for name, count in visits["by_suite"].items()}
    figures |= {  # a suite with no visits left now is 0, not missing
        f"Visits to {suite['name']}": suite["visits"] for suite in stats.get("suites", [])
    }
    figures |= {f"Access: {BAND_LABELS[band]}": stats["access"][band] for band in BANDS}
    figures["Detainees present"] = detainees["present"]
    figures |= {label: detainees[key]["count"] for key, label in OUTCOME_LABELS.items()}
    if "issues" in stats:
        figures["Issues raised"] = stats["issues"]["total"]
    figures["Persons detained by the force"] = stats.get("force_detentions")
    for key, label in VOLUNTEER_LABELS.items():
        if key in stats.get("volunteers", {}):
            figures[label] = stats["volunteers"][key]
    return figures


def _moment(text: str) -> str:
    return clock.in_england(datetime.fromisoformat(text)).strftime("%-d %B %Y at %H:%M")


def notice(stats: dict) -> str | None:
    """The line every surface prints above published figures; None for live ones."""
    block = stats.get("published")
    if not block:
        return None
    day = clock.in_england(datetime.fromisoformat(block["published_at"])).strftime("%-d %B %Y")
    by = f" by {block['published_by']}" if block.get("published_by") else ""
    revision = f"Revision {block['revision']}, published" if block["revision"] > 1 else "Published"
    return f"{revision} on {day}{by} (as at {_moment(block['as_at'])})"


def changed_notice(stats: dict) -> str | None:
    """ "The live figures have changed since publication: Visits: 29 published, 30 now; …",
    the differences the page lists; None for live figures or when nothing has changed."""
    block = stats.get("published") or {}
    if not block.get("live_figures_differ"):
        return None
    return "The live figures have changed since publication: " + "; ".join(
        block.get("live_differences", [])
    )


def notices(stats: dict) -> list[str]:
    """The lines a download prints above its figures: the publication and any change since."""
    return [line for line in (notice(stats), changed_notice(stats)) if line]
