"""Retention: a custody number goes after ICV_CUSTODY_NUMBER_DAYS and a welfare note after
ICV_WELFARE_NOTE_DAYS, from every copy the app keeps; the statistics stay as they were."""

import json
from datetime import timedelta

from sqlalchemy import func, select

from icv import clock
from icv.db import Base
from icv.models import AuditEvent, ReportVersion, Role, Visit
from icv.services import held_posts, visit_reports
from icv.services.visit_reports.workflow import digest
from tests import factories
from tests.conftest import columns_holding, page_text

NUMBER = "LE/12345/17"
NOTE = "Asked for a blanket twice; given one after forty minutes"


def filed_report(app, db, days_ago, number=NUMBER, note=NOTE):
    """A report of a visit `days_ago` with a detainee's custody number and welfare note, as it
    goes: submitted, sent back by the partner with a note quoting the number, changed and
    submitted again, confirmed; its issue (quoting the number) referred to the force; opened
    for an amendment the lead has begun; a step of it held over a sign-in."""
    suite = factories.create_suite(db)
    factories.create_person(db, Role.FORCE, suites=[suite])
    lead = factories.create_person(db, Role.VOLUNTEER)
    partner = factories.create_person(db, Role.VOLUNTEER)
    issue = {"area": "cctv", "description": f"No camera covers the cell of {number}", "level": 2}
    visit = factories.create_report(
        db,
        lead,
        partners=[partner],
        suite=suite,
        visit_date=clock.today() - timedelta(days=days_ago),
        issues=[issue],
    )
    detainee = {"outcome": "accepted", "custody_number": number, "welfare_notes": note}
    factories.save_draft(db, lead, visit, detainees=[detainee])
    with app.app_context():
        visit_reports.submit(db, lead, visit)
        visit_reports.return_to_lead(db, partner, visit, f"Say whether {number} was offered food")
        db.commit()
    factories.save_draft(db, lead, visit, detainees=[{**detainee, "welfare_notes": note + "."}])
    with app.app_context():
        visit_reports.submit(db, lead, visit)
        visit_reports.confirm(db, partner, visit)
        db.commit()
    factories.refer_issue(db, visit.issues[0])
    factories.request_amendment(db, visit, reason=f"Check the rights of {number}")
    factories.save_draft(db, lead, visit, detainees=[detainee])
    with app.app_context():
        fields = [("detainees-0-custody_number", number), ("detainees-0-welfare_notes", note)]
        held_posts.hold(db, lead, f"/visits/{visit.id}/detainees", fields)
        db.commit()
    return visit


def statistics(runner) -> dict:
    start, end = clock.today() - timedelta(days=800), clock.today()
    result = runner.invoke(args=["report", "range", str(start), str(end), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def purge(runner) -> str:
    result = runner.invoke(args=["retention", "purge"])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_custody_number_goes_from_every_copy_and_the_statistics_stay(
    app, db, runner, client, login_as
):
    visit = filed_report(app, db, days_ago=200)
    assert set(columns_holding(db, NUMBER)) == {
        "detainee_entries.custody_number",
        "report_versions.body",
        "report_versions.reason",  # the partner's note, which version 2 answers
        "visits.amended_copy",
        "visits.return_note",  # the coordinator's reason for the amendment
        "held_posts.fields",
        "issues.description",
        "audit_events.after",  # the partner's note and the coordinator's reason
        "emails.body",  # the referral, which describes the issue
    }
    before = statistics(runner)

    output = purge(runner)

    assert "Removed 1 custody numbers from visits before" in output
    assert "from copies: 2 report versions, 1 amended copies, 1 held posts" in output
    assert "written out in 4 report records, 2 audit events, 1 e-mails" in output
    assert columns_holding(db, NUMBER) == []
    assert statistics(runner) == before
    db.expire_all()
    issue = db.get(Visit, visit.id).issues[0]
    assert issue.description == "No camera covers the cell of […]"
    # Welfare notes are kept for a year: this visit's stay.
    assert "detainee_entries.welfare_notes" in columns_holding(db, NOTE)
    # The fingerprint of the report last submitted is made from what is left of it.
    stored = db.get(Visit, visit.id)
    assert stored.submitted_digest == digest(stored.versions[-1].body)
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "custody_numbers_removed"))
    assert event.one().after["report_versions"] == 2
    login_as(Role.COORDINATOR)
    review = client.get(f"/review/{visit.id}")
    assert review.status_code == 200
    assert "Version 2" in page_text(review) and NUMBER not in review.get_data(as_text=True)


def test_welfare_notes_go_after_their_own_period(app, db, runner):
    days = app.config["WELFARE_NOTE_DAYS"]
    old = filed_report(app, db, days + 10, "LE/1/15", "Old note about a sore wrist")
    filed_report(app, db, days - 10, "LE/2/16", "Newer note about a sore wrist")
    before = statistics(runner)

    output = purge(runner)

    assert "Removed 1 welfare notes from visits before" in output
    assert columns_holding(db, "Old note about a sore wrist") == []
    assert "detainee_entries.welfare_notes" in columns_holding(db, "Newer note about a sore")
    versions = db.scalars(select(ReportVersion.body).where(ReportVersion.visit_id == old.id))
    assert {detainee["welfare_notes"] for v in versions for detainee in v["detainees"]} == {None}
    assert statistics(runner) == before


def everything(db) -> dict:
    db.expire_all()
    return {
        table.name: sorted(map(repr, db.execute(select(table)).all()))
        for table in Base.metadata.sorted_tables
    }


def test_a_second_purge_changes_nothing(app, db, runner):
    filed_report(app, db, days_ago=app.config["WELFARE_NOTE_DAYS"] + 1)
    purge(runner)
    kept = everything(db)
    events = db.scalar(select(func.count()).select_from(AuditEvent))

    output = purge(runner)

    assert "Removed 0 custody numbers" in output and "Removed 0 welfare notes" in output
    assert "from copies: 0 report versions, 0 amended copies, 0 held posts" in output
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == events
    assert everything(db) == kept


def test_a_recent_visit_keeps_its_custody_number_and_welfare_note(app, db, runner):
    filed_report(app, db, days_ago=app.config["CUSTODY_NUMBER_DAYS"] - 1)
    held = set(columns_holding(db, NUMBER))

    output = purge(runner)

    assert "Removed 0 custody numbers" in output
    assert set(columns_holding(db, NUMBER)) == held
    assert "report_versions.body" in columns_holding(db, NOTE)


def test_a_custody_number_written_out_with_spaces_or_hyphens_goes_too(app, db, runner):
    """Stranger review: "AB 12345" stayed in the observations and the report's versions when
    the detainee's number was AB12345."""
    visit = filed_report(app, db, days_ago=200, number="AB12345")
    written = ["ab 12345", "AB-123-45", "Ab.12345", "AB 123 45"]
    visit = db.get(Visit, visit.id)
    visit.observations = "Saw " + ", then ".join(written) + "; AB123456 is another person"
    visit.issues[0].description = f"No camera covers the cell of {written[0]}"
    db.commit()

    purge(runner)

    db.expire_all()
    for text in written:
        assert columns_holding(db, text) == [], text
    stored = db.get(Visit, visit.id)
    assert (
        stored.observations == "Saw […], then […], then […], then […]; AB123456 is another person"
    )
    assert stored.issues[0].description == "No camera covers the cell of […]"
