"""A report sent back or open for an amendment is changed in a copy: the coordinator, the force
and the statistics see it as last submitted until its lead submits it again."""

import re
from datetime import date, timedelta

from icv import periods
from icv.models import IssueStatus, ReportStatus, Role
from icv.reporting import statistics
from tests import factories
from tests.conftest import page_text
from tests.test_visit_reports import rows, stored

VISITED = date.today() - timedelta(days=1)
ISSUES = [
    {"area": "cctv", "description": "Camera in cell 2 not working", "level": 2},
    {"area": "showers", "description": "Shower cold", "level": 1},
]


def present(db) -> int:
    return statistics.compute(db, periods.year_of(VISITED))["detainees"]["present"]


def test_during_an_amendment_everyone_else_sees_the_report_as_last_submitted(client, db, login_as):
    lead = factories.create_person(db, Role.VOLUNTEER)
    partner = factories.create_person(db, Role.VOLUNTEER)
    visit = factories.create_report(
        db, lead, partners=[partner], status="confirmed", issues=ISSUES, visit_date=VISITED
    )
    report = f"/visits/{visit.id}"
    camera, shower = visit.issues
    factories.refer_issue(db, camera)
    assert present(db) == 2

    coordinator = login_as(Role.COORDINATOR)
    client.post(f"/review/{visit.id}/amendment", data={"reason": "Three were seen"})
    client.post("/sign-out")

    login_as(lead)
    client.post(f"{report}/detainees", data=rows("detainees", [{"outcome": "accepted"}] * 3))
    issues_page = client.get(f"{report}/issues").get_data(as_text=True)
    ids = re.findall(r'name="issues-\d+-id"[^>]*value="(\d*)"', issues_page)
    assert ids[:2] == [str(camera.id), str(shower.id)]  # then the blank row to copy
    changed = [
        {"id": ids[0], "area": "cctv", "description": "Changed by the lead", "level": "3"},
        {"id": ids[1], "area": "showers", "description": "Shower cold all day", "level": "1"},
        {"area": "kitchen_and_food", "description": "No hot drinks", "level": "1"},
    ]
    assert client.post(f"{report}/issues", data=rows("issues", changed)).status_code == 302
    client.post(f"{report}/observations", data={"observations": "Amended: three seen"})
    check = page_text(client.get(f"{report}/check"))
    assert "Detainees (3)" in check and "Amended: three seen" in check
    assert "Shower cold all day" in check and "No hot drinks" in check

    # Everyone else: as last submitted.
    live = stored(db, report)
    assert live.status is ReportStatus.AMENDMENT_REQUESTED
    assert len(live.detainees) == 2 and live.observations is None
    assert [i.description for i in live.issues] == ["Camera in cell 2 not working", "Shower cold"]
    assert present(db) == 2
    client.post("/sign-out")
    login_as(coordinator)
    review = page_text(client.get(f"/review/{visit.id}"))
    assert "Detainees (2)" in review and "Amended: three seen" not in review
    assert len(client.get(f"/api/v1/visits/{visit.id}").json["detainees"]) == 2
    client.post("/sign-out")

    login_as(lead)
    assert len(client.get(f"/api/v1/visits/{visit.id}").json["detainees"]) == 3
    assert client.post(f"{report}/check").headers["Location"].endswith("/submitted")
    live = stored(db, report)
    assert len(live.detainees) == 3 and live.observations == "Amended: three seen"
    assert present(db) == 3
    assert live.amended_copy is None
    assert [v.number for v in live.versions] == [1, 2]
    assert len(live.versions[1].body["detainees"]) == 3
    # Each issue is the same issue: the referred one as the force has it, the other changed.
    by_id = {issue.id: issue for issue in live.issues}
    assert by_id[camera.id].status is IssueStatus.REFERRED
    assert by_id[camera.id].description == "Camera in cell 2 not working"
    assert by_id[shower.id].description == "Shower cold all day"
    assert [i.description for i in live.issues][2] == "No hot drinks"


def test_the_partner_sees_the_report_they_sent_back_until_it_comes_again(client, db, login_as):
    lead = factories.create_person(db, Role.VOLUNTEER)
    partner = factories.create_person(db, Role.VOLUNTEER)
    visit = factories.create_report(db, lead, partners=[partner], status="submitted")
    login_as(partner)
    client.post(f"/visits/{visit.id}/return", data={"note": "Add the second detainee's notes"})
    client.post("/sign-out")
    login_as(lead)
    client.post(f"/visits/{visit.id}/observations", data={"observations": "Half done"})
    client.post("/sign-out")
    login_as(partner)
    assert "Half done" not in page_text(client.get(f"/visits/{visit.id}"))


def test_two_tabs_on_a_copy_the_second_save_is_refused(client, db, login_as):
    lead = factories.create_person(db, Role.VOLUNTEER)
    visit = factories.create_report(db, lead, status="confirmed")
    factories.request_amendment(db, visit)
    login_as(lead)
    page = client.get(f"/visits/{visit.id}/observations").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page)[1]
    first = client.post(
        f"/visits/{visit.id}/observations", data={"observations": "First", "version": version}
    )
    assert first.status_code == 302
    second = client.post(
        f"/visits/{visit.id}/observations", data={"observations": "Second", "version": version}
    )
    assert second.status_code == 409
    assert "Second" in page_text(second)
    assert "First" in page_text(client.get(f"/visits/{visit.id}/check"))
