"""Times are stored in UTC and shown as a clock in England showed them: Greenwich Mean Time in
winter, an hour on (British Summer Time) from the last Sunday of March to the last of October."""

from datetime import UTC, datetime

from sqlalchemy import select

from icv.models import AuditEvent, Issue, Role
from icv.services import audit
from tests import factories
from tests.conftest import page_text

SUMMER = datetime(2026, 7, 14, 12, 30, tzinfo=UTC)
WINTER = datetime(2026, 1, 14, 12, 30, tzinfo=UTC)


def recorded_at(db, moment: datetime, action: str) -> AuditEvent:
    audit.record(db, None, action, ("suites", 1))
    db.flush()
    event = db.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    event.at = moment
    db.commit()
    return event


def test_the_audit_trail_shows_summer_and_winter_changes_in_englands_time(client, db, login_as):
    recorded_at(db, SUMMER, "suite_changed_in_summer")
    recorded_at(db, WINTER, "suite_changed_in_winter")
    login_as(Role.COORDINATOR)
    text = page_text(client.get("/manage/audit"))
    assert "14 July 2026 at 13:30 Suite changed in summer" in text.replace(" — ", " ")
    assert "14 January 2026 at 12:30 Suite changed in winter" in text.replace(" — ", " ")
    assert "UTC" not in text


def test_a_moment_after_11pm_in_summer_is_the_next_day_in_england(app):
    with app.app_context():
        shown = app.jinja_env.filters
        late = datetime(2026, 6, 30, 23, 15, tzinfo=UTC)
        assert shown["datetime"](late) == "1 July 2026 at 00:15"
        assert shown["date"](late) == "1 July 2026"
        # In winter England keeps UTC's time, and a time read back without its zone is UTC.
        assert shown["datetime"](datetime(2026, 12, 31, 23, 15)) == "31 December 2026 at 23:15"
        # Summer time ends at 2am on the last Sunday of October: 00:59 UTC is 01:59 BST,
        # 01:00 UTC is 01:00 GMT.
        assert shown["datetime"](datetime(2026, 10, 25, 0, 59, tzinfo=UTC)).endswith("01:59")
        assert shown["datetime"](datetime(2026, 10, 25, 1, 0, tzinfo=UTC)).endswith("01:00")


def test_an_issues_history_shows_when_it_was_referred_in_englands_time(client, db, login_as):
    report = factories.create_report(
        db,
        status="confirmed",
        issues=[{"area": "cctv", "description": "Camera off", "level": 2}],
    )
    issue = db.scalars(select(Issue).where(Issue.visit_id == report.id)).one()
    factories.refer_issue(db, issue)
    referral = db.scalars(select(AuditEvent).where(AuditEvent.action == "issue_referred")).one()
    referral.at = SUMMER
    db.commit()
    login_as(Role.COORDINATOR)
    text = page_text(client.get(f"/issues/{issue.id}"))
    assert "14 July 2026 at 13:30" in text
    assert "12:30" not in text
