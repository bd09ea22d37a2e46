"""Publishing a period's figures to the board from the statistics page, and which figures the
page shows: the newest published revision (or one asked for by `?revision=N`), the live
figures with `?live=1`, and what has changed since publication."""

from dataclasses import dataclass, field

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from icv import unit_of_work
from icv.access import allow
from icv.db import get_session
from icv.models import PublishedStatistics, Role
from icv.periods import Period
from icv.reporting import published, statistics
from icv.schemas import ValidationError
from icv.schemas.statistics import MOST_REVISION, PublishSchema
from icv.services import Conflict, publishing
from icv.statistics import bp
from icv.statistics.forms import PublishForm


@dataclass
class Shown:
    """The figures the page shows for a period, and their publication."""

    stats: dict
    publishable: bool
    live: bool = False
    publication: PublishedStatistics | None = None
    revisions: list[PublishedStatistics] = field(default_factory=list)
    differences: list[published.Difference] = field(default_factory=list)

    @property
    def notice(self) -> str | None:
        return published.notice(self.stats)


def shown(period: Period) -> Shown:
    """The page's figures for `period`, as the query string asks."""
    db = get_session()
    publishable = period.kind in publishing.PUBLISHABLE
    revisions = published.revisions(db, period) if publishable else []
    live_figures = statistics.compute(db, period)
    live, asked = asked_figures()
    chosen = next((item for item in revisions if item.revision == asked), None)
    if asked is not None and chosen is None:
        abort(404)  # a revision of this period never published
    chosen = chosen or (revisions[0] if revisions else None)
    if chosen is None or live:
        return Shown(live_figures, publishable, live, None, revisions)
    stats = published.as_published(chosen)
    changes = published.differences(stats, live_figures)
    return Shown(stats, publishable, False, chosen, revisions, changes)


def asked_figures() -> tuple[bool, int | None]:
    """Whether `?live=1` asks for the live figures, and the revision `?revision=N` asks for
    (not read when live figures are asked for: they win)."""
    live = request.args.get("live") == "1"
    return live, None if live else _asked_revision()


def _asked_revision() -> int | None:
    """The revision `?revision=N` asks for: None when none is asked; 404 for one that cannot
    exist (not a whole number from 1 to the column's largest), never the database's overflow."""
    text = request.args.get("revision")
    if text is None or text == "":
        return None
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        abort(404)
    number = int(text)
    if not 1 <= number <= MOST_REVISION:
        abort(404)
    return number


@bp.route("/publish", methods=["POST"])
@allow(Role.COORDINATOR)
def publish():
    form = PublishForm()  # its CSRF token is checked before the view (icv.extensions)
    try:
        posted = PublishSchema().load(form.posted())
        period = posted["period"]
    except ValidationError as error:  # only a changed page posts another period
        unit_of_work.rollback()
        flash(" ".join(error.normalized_messages().get("period", ["Choose again"])), "error")
        return redirect(url_for("statistics.index"))
    me = current_user._get_current_object()
    try:
        publication = publishing.publish(get_session(), me, period, based_on=posted["based_on"])
    except Conflict as conflict:
        there = url_for("statistics.index", period=period.key)
        conflict.back = (there, f"See the figures of {period.label} as they are now")
        raise
    flash(
        f"{publication.label}: revision {publication.revision} published"
        if publication.revision > 1
        else f"{publication.label}: figures published",
        "success",
    )
    return redirect(url_for("statistics.index", period=period.key))
