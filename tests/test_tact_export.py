"""The coordinator sends the Independent Reviewer of Terrorism Legislation a row for each
Terrorism Act (TACT) detainee of the period: what the visitors found, and nothing of anyone's
name, custody number or contact details."""

from datetime import date

import openpyxl
import pytest
from sqlalchemy import select

from icv.models import AuditEvent, Role
from tests import factories

DAY = date(2016, 7, 14)  # 2016/17 Q2


@pytest.fixture
def tact_visit(db):
    """A reviewed report at Euston Street with one TACT detainee seen and one not; filed by
    named volunteers whose e-mails are on record."""
    suite = factories.create_suite(db, "Euston Street")
    lead = factories.create_person(db, Role.VOLUNTEER, name="Alex Morgan", email="alex@icv.example")
    partner = factories.create_person(
        db, Role.VOLUNTEER, name="Priya Mistry", email="priya@icv.example"
    )
    visit = factories.create_report(
        db,
        lead,
        partners=[partner],
        suite=suite,
        visit_date=DAY,
        status="draft",
        issues=[{"area": "detainee_care", "description": "No hot meal since arrest", "level": 3}],
    )
    factories.save_draft(
        db,
        lead,
        visit,
        detainees=[
            {
                "outcome": "accepted",
                "tact": True,
                "told_rights": "yes",
                "food_and_drink": "no",
                "mental_health_concern": True,
                "custody_number": "EU/99887/16",
                "welfare_notes": "Asked for his brother John Smith",
            },
            {"outcome": "declined", "reason": "waiting_for_solicitor", "tact": True},
            {"outcome": "accepted", "told_rights": "no"},  # not TACT: not in the return
        ],
    )
    from icv.services import visit_reports

    with db.info["app"].app_context():
        visit_reports.submit(db, lead, visit)
    db.commit()
    return visit


def download(client, fmt, period="2016/17"):
    return client.get(f"/reports/tact/{fmt}", query_string={"period": period})


def test_the_tact_return_opens_in_a_spreadsheet_and_names_nobody(
    client, db, login_as, tact_visit, tmp_path
):
    coordinator = login_as(Role.COORDINATOR)
    response = download(client, "xlsx")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "icv-tact-detainees-2016-17.xlsx" in response.headers["Content-Disposition"]
    path = tmp_path / "tact.xlsx"
    path.write_bytes(response.data)
    sheet = openpyxl.load_workbook(path)["TACT detainees"]
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    first = dict(zip(header, rows[0], strict=True))
    assert first["Date of visit"] == "2016-07-14" and first["Suite"] == "Euston Street"
    assert first["Told of their rights"] == "Yes"
    assert first["Offered food and drink"] == "No"
    assert first["Mental health concern"] == "Yes"
    # The level and the area, never what was written (free text may name someone).
    assert (
        first["Issues raised on the visit"] == "Level 3 – unacceptable: Detainee care and welfare"
    )
    second = dict(zip(header, rows[1], strict=True))
    assert second["Reason"] == "Waiting for their solicitor"
    cells = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
    for private in (
        "Alex Morgan",
        "Priya Mistry",
        "alex@icv.example",
        "priya@icv.example",
        "EU/99887/16",
        "John Smith",
        "No hot meal since arrest",
        coordinator.name,
        coordinator.email,
    ):
        assert private not in cells
    event = db.scalars(
        select(AuditEvent).where(AuditEvent.action == "tact_export_downloaded")
    ).one()
    assert event.actor_id == coordinator.id and event.after["format"] == "xlsx"


def test_the_csv_return_and_the_command_give_the_same_rows(client, runner, login_as, tact_visit):
    login_as(Role.COORDINATOR)
    text = download(client, "csv").get_data(as_text=True)
    assert text.count("Euston Street") == 2
    assert "Alex Morgan" not in text and "EU/99887/16" not in text
    command = runner.invoke(args=["report", "tact", "2016/17 Q2", "--format", "csv"])
    assert command.exit_code == 0, command.output
    assert command.output.splitlines()[1:] == text.splitlines()[1:]
    quiet = runner.invoke(args=["report", "tact", "2016/17 Q3", "--format", "csv"])
    assert len(quiet.output.splitlines()) == 2  # the title and the headings: no TACT detainee


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.FORCE])
def test_only_the_coordinator_downloads_the_tact_return(client, login_as, tact_visit, role):
    login_as(role)
    assert download(client, "xlsx").status_code == 404


def test_the_statistics_page_links_the_tact_return(client, login_as, tact_visit):
    login_as(Role.COORDINATOR)
    html = client.get("/reports/?period=2016/17").get_data(as_text=True)
    assert 'href="/reports/tact/xlsx?period=2016/17"' in html
