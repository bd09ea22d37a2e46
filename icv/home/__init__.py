"""The page each person lands on after signing in, shaped by their role."""

from flask import Blueprint, render_template
from flask_login import current_user

from icv import clock
from icv.access import allow
from icv.db import get_session
from icv.kept import render_kept
from icv.models import ReportStatus, Role
from icv.services import issues, suites, visit_reports, volunteer_alerts, volunteer_records
from icv.services import waiting as waiting_counts

bp = Blueprint("home", __name__)


@bp.route("/")
@allow(*Role)
def index():
    db = get_session()
    if current_user.role is Role.COORDINATOR:
        waiting = visit_reports.ReviewFilter(status=ReportStatus.CONFIRMED)
        today = clock.today()
        return render_template(
            "home/coordinator.html",
            volunteers=volunteer_records.scheme_numbers(db, today),
            alerts=volunteer_alerts.alerts(db, today),
            suites=suites.listing(db),
            waiting=visit_reports.for_review(db, waiting),
            counts=waiting_counts.for_coordinator(db),
        )
    if current_user.role is Role.FORCE:
        suite_ids = [suite.id for suite in current_user.suites]
        latest = visit_reports.for_review(
            db, visit_reports.ReviewFilter(), suite_ids=suite_ids, limit=10
        )
        return render_template(
            "home/force.html",
            visits=latest,
            issues=issues.waiting_for_answer(db, current_user._get_current_object()),
        )
    return render_kept("home/volunteer.html", lambda: _volunteer_home(db))


def _volunteer_home(db) -> tuple:
    """What a volunteer's home shows, and the page's context (icv.kept)."""
    home = visit_reports.for_volunteer(db, current_user._get_current_object())
    counts = waiting_counts.for_volunteer(home)  # from the rows, so kept with them
    return tuple(home.values()), {"counts": counts, **home}
