"""The JSON API: the same rules as the pages, a draft saved under the phone's id with its
version, a submitted report stored once, the statistics for a dashboard's key, and the force's
answers."""

import re
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from icv.models import ApiToken, AuditEvent, IssueStatus, ReportStatus, ReportVersion, Role, Visit
from tests import factories
from tests import llr_2016_17 as llr

YESTERDAY = date.today() - timedelta(days=1)


@pytest.fixture
def pair(db):
    lead = factories.create_person(db, Role.VOLUNTEER, name="Alex Morgan")
    partner = factories.create_person(db, Role.VOLUNTEER, name="Priya Mistry")
    suite = factories.create_suite(db, "Keyham Lane")
    return lead, partner, suite


def whole_report(suite, partner, **changes) -> dict:
    """The standard report as a phone sends it."""
    return {
        "suite_id": suite.id,
        "visit_date": YESTERDAY.isoformat(),
        "visit_type": "in_person",
        "partner_ids": [partner.id],
        "outcome": "completed",
        "arrived_at": "14:05",
        "admitted_at": "14:07",
        "detainees": [
            {"outcome": "accepted", "age_group": "adult", "sex": "male"},
            {"outcome": "not_available", "reason": "asleep"},
            {"outcome": "not_offered", "reason": "other", "reason_detail": "Being charged"},
        ],
        "checklist": {"cctv": {"state": "concern", "note": "Camera in cell 2 not working"}},
        "issues": [{"area": "cctv", "description": "Camera in cell 2 not working", "level": 2}],
        "observations": "Busy suite.",
        **changes,
    }


def count(db, model, *where) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model).where(*where))


# -- Who is asking ---------------------------------------------------------------------------


def test_me_says_who_is_signed_in(client, login_as, db):
    suite = factories.create_suite(db, "Euston Street")
    force = login_as(Role.FORCE, suites=[suite])
    me = client.get("/api/v1/me").json
    assert me.pop("csrf_token")
    assert me == {
        "id": force.id,
        "name": force.name,
        "email": force.email,
        "role": "force",
        "suites": [{"id": suite.id, "name": "Euston Street", "active": True}],
    }


def test_without_a_session_the_api_answers_401_in_json(app, client, db, monkeypatch):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json["code"] == 401
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    change = client.put(f"/api/v1/visits/{uuid.uuid4()}", json={})
    assert change.status_code == 401  # told to sign in, not about a token


def test_the_suites_are_listed_for_the_phone(client, login_as, db):
    factories.create_suite(db, "Keyham Lane")
    factories.create_suite(db, "Closed For Good", active=False)
    login_as(Role.VOLUNTEER)
    assert [s["name"] for s in client.get("/api/v1/suites").json] == ["Keyham Lane"]


def test_the_partners_a_report_may_name_are_listed_without_contact_details(client, login_as, db):
    partner = factories.create_person(db, Role.VOLUNTEER, name="Priya Mistry")
    factories.create_person(db, Role.VOLUNTEER, name="Walter Gone", active=False)
    login_as(Role.VOLUNTEER, name="Alex Morgan")
    assert client.get("/api/v1/volunteers").json == [{"id": partner.id, "name": "Priya Mistry"}]


def test_the_openapi_document_describes_every_route(client, db):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {
        "/api/v1/me",
        "/api/v1/suites",
        "/api/v1/volunteers",
        "/api/v1/visits/{visit_id}",
        "/api/v1/visits/{visit_id}/submit",
        "/api/v1/statistics",
        "/api/v1/issues",
        "/api/v1/issues/{issue_id}",
        "/api/v1/issues/{issue_id}/answer",
    }
    assert set(spec["components"]["securitySchemes"]) == {"sessionCookie", "csrfToken", "apiKey"}


# -- Drafts ------------------------------------------------------------------------------------


def test_a_draft_is_made_under_the_phones_id_and_changed_only_from_the_version_read(
    client, login_as, db, pair
):
    lead, partner, suite = pair
    login_as(lead)
    visit_id = uuid.uuid4()
    made = client.put(f"/api/v1/visits/{visit_id}", json={"suite_id": suite.id})
    assert made.status_code == 201
    assert made.json["id"] == str(visit_id) and made.json["status"] == "draft"
    first = made.headers["ETag"]
    changed = client.put(
        f"/api/v1/visits/{visit_id}",
        json={"partner_ids": [partner.id], "detainees": [{"outcome": "declined"}]},
        headers={"If-Match": first},
    )
    assert changed.status_code == 200
    assert changed.json["suite_id"] == suite.id  # not sent: kept
    assert [d["outcome"] for d in changed.json["detainees"]] == ["declined"]
    assert changed.headers["ETag"] != first

    stale = client.put(
        f"/api/v1/visits/{visit_id}", json={"observations": "Lost?"}, headers={"If-Match": first}
    )
    assert stale.status_code == 412
    unsure = client.put(f"/api/v1/visits/{visit_id}", json={"observations": "Lost?"})
    assert unsure.status_code == 428
    assert unsure.headers["ETag"] == changed.headers["ETag"]
    assert db.get(Visit, visit_id).observations is None  # neither changed anything
    assert client.get(f"/api/v1/visits/{visit_id}").headers["ETag"] == changed.headers["ETag"]


def test_a_draft_obeys_the_rules_of_the_pages(client, login_as, db, pair):
    lead, _, suite = pair
    login_as(lead)
    response = client.put(
        f"/api/v1/visits/{uuid.uuid4()}",
        json={
            "suite_id": suite.id,
            "visit_date": (date.today() + timedelta(days=1)).isoformat(),
            "detainees": [{"outcome": "accepted"}, {"outcome": "not_available"}],
            "arrived_at": "14:10",
            "admitted_at": "14:05",
        },
    )
    assert response.status_code == 422
    errors = response.json["errors"]["json"]
    assert errors["visit_date"] == ["The date of the visit must be today or in the past"]
    assert errors["detainees"] == {"1": {"reason": ["Select why detainee 2 was not available"]}}
    assert errors["admitted_at"] == [
        "The time you were let in must be the same as or after the time you arrived"
    ]
    assert count(db, Visit) == 0


def test_nobody_else_changes_or_reads_a_volunteers_draft(client, login_as, db, pair):
    lead, partner, suite = pair
    draft = factories.create_report(db, lead, partners=[partner], suite=suite)
    login_as(partner)
    assert client.get(f"/api/v1/visits/{draft.id}").status_code == 200  # they are on it
    response = client.put(
        f"/api/v1/visits/{draft.id}", json={"observations": "Mine now"}, headers={"If-Match": '"1"'}
    )
    assert response.status_code == 404
    client.post("/sign-out")
    login_as(Role.VOLUNTEER)
    assert client.get(f"/api/v1/visits/{draft.id}").status_code == 404


# -- Submitting --------------------------------------------------------------------------------


def test_a_report_sent_twice_is_stored_once_and_a_different_one_is_refused(
    client, login_as, db, pair
):
    lead, partner, suite = pair
    login_as(lead)
    visit_id = uuid.uuid4()
    report = whole_report(suite, partner)
    first = client.post(f"/api/v1/visits/{visit_id}/submit", json=report)
    assert first.status_code == 200, first.json
    assert first.json["status"] == "submitted"
    again = client.post(f"/api/v1/visits/{visit_id}/submit", json=report)
    assert again.status_code == 200
    assert again.json == first.json

    different = client.post(
        f"/api/v1/visits/{visit_id}/submit", json={**report, "observations": "Quiet suite."}
    )
    assert different.status_code == 409
    assert "A different report was sent before under this one's id" in different.json["message"]

    visit = db.get(Visit, visit_id)
    assert visit.observations == "Busy suite."
    assert visit.status is ReportStatus.SUBMITTED
    assert count(db, ReportVersion, ReportVersion.visit_id == visit_id) == 1
    assert [i.status for i in visit.issues] == [IssueStatus.OPEN]
    assert visit.wait_minutes == 2 and len(visit.detainees) == 3


def test_a_report_filed_on_the_pages_and_sent_again_from_the_phone_is_the_same_report(
    client, login_as, db, pair
):
    lead, partner, suite = pair
    login_as(lead)
    visit_id = uuid.uuid4()
    report = whole_report(suite, partner)
    client.put(f"/api/v1/visits/{visit_id}", json=report)
    assert client.post(f"/visits/{visit_id}/check").status_code == 302  # submitted on the page
    assert client.post(f"/api/v1/visits/{visit_id}/submit", json=report).status_code == 200
    assert count(db, ReportVersion, ReportVersion.visit_id == visit_id) == 1


def test_a_submitted_report_is_no_longer_a_draft(client, login_as, db, pair):
    lead, partner, suite = pair
    login_as(lead)
    visit_id = uuid.uuid4()
    client.post(f"/api/v1/visits/{visit_id}/submit", json=whole_report(suite, partner))
    response = client.put(
        f"/api/v1/visits/{visit_id}", json={"observations": "Late"}, headers={"If-Match": '"9"'}
    )
    assert response.status_code == 409
    assert response.json["message"].startswith("This report has been submitted")


def test_a_report_the_records_refuse_is_refused_with_messages_by_field(client, login_as, db, pair):
    lead, partner, suite = pair
    factories.create_person(db, Role.VOLUNTEER)
    login_as(lead)
    report = whole_report(suite, partner, partner_ids=[lead.id])
    response = client.post(f"/api/v1/visits/{uuid.uuid4()}/submit", json=report)
    assert response.status_code == 422
    assert response.json["errors"]["json"] == {
        "partner_ids": ["You cannot be your own partner: select the other visitor"]
    }
    assert count(db, Visit) == 0


def test_only_the_lead_submits_their_report(client, login_as, db, pair):
    lead, partner, suite = pair
    draft = factories.create_report(db, lead, partners=[partner], suite=suite)
    login_as(partner)
    response = client.post(f"/api/v1/visits/{draft.id}/submit", json=whole_report(suite, partner))
    assert response.status_code == 404
    assert db.get(Visit, draft.id).status is ReportStatus.DRAFT


# -- Statistics --------------------------------------------------------------------------------


@pytest.fixture
def llr_2016_17(db):
    from tests.test_statistics import import_llr

    import_llr(db)


def test_the_statistics_are_the_same_json_as_icv_report(client, runner, login_as, llr_2016_17):
    login_as(Role.COORDINATOR)
    response = client.get("/api/v1/statistics", query_string={"period": "2016/17"})
    assert response.status_code == 200
    assert {key: response.json[key] for key in llr.EXPECTED_JSON} == llr.EXPECTED_JSON
    cli = runner.invoke(args=["report", "annual", "2016/17", "--format", "json"])
    assert response.get_data(as_text=True) == cli.output
    quarter = client.get("/api/v1/statistics?period=2016/17+Q4").json
    assert quarter["period"]["label"] == "2016/17 Q4"
    days = client.get("/api/v1/statistics?starts_on=2016-04-01&ends_on=2016-06-30").json
    assert days["period"]["start"] == "2016-04-01" and days["period"]["end"] == "2016-06-30"
    wrong = client.get("/api/v1/statistics?period=2016/18")
    assert wrong.status_code == 422
    assert "2016/18 is not a financial year" in wrong.json["errors"]["query"]["period"][0]


def test_a_dashboards_key_reads_the_statistics_and_nothing_else(client, login_as, db):
    login_as(Role.COORDINATOR)
    page = client.post("/manage/api-keys", data={"name": "PCC dashboard"})
    key = re.search(r"<code>(icv_[^<]+)</code>", page.get_data(as_text=True))[1]
    client.post("/sign-out")

    bearer = {"Authorization": f"Bearer {key}"}
    assert client.get("/api/v1/statistics?period=2016/17", headers=bearer).status_code == 200
    assert client.get("/api/v1/me", headers=bearer).status_code == 404
    page = client.get("/manage/people", headers=bearer)
    assert page.headers["Location"].startswith("/sign-in")  # a key opens no page
    assert client.get("/api/v1/openapi.json", headers=bearer).status_code == 200  # public
    assert (
        client.get("/api/v1/statistics", headers={"Authorization": "Bearer icv_x"}).status_code
        == 401
    )

    token = db.scalars(select(ApiToken)).one()
    assert key not in (token.token_hash, token.name)  # only a hash is kept
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.entity == "api_tokens")).all()
    assert actions == ["api_token_created"]

    login_as(Role.COORDINATOR)
    assert "PCC dashboard" in client.get("/manage/api-keys").get_data(as_text=True)
    client.post(f"/manage/api-keys/{token.id}/revoke")
    client.post("/sign-out")
    assert client.get("/api/v1/statistics", headers=bearer).status_code == 401


def test_only_a_coordinator_reads_the_statistics(client, login_as, db):
    login_as(Role.VOLUNTEER)
    assert client.get("/api/v1/statistics").status_code == 404


# -- The force's issues ------------------------------------------------------------------------


def test_the_force_reads_and_answers_the_issues_referred_to_them(client, login_as, db, pair):
    lead, partner, suite = pair
    report = factories.create_report(
        db,
        lead,
        partners=[partner],
        suite=suite,
        status="confirmed",
        issues=[{"area": "cctv", "description": "Camera off", "level": 2}],
    )
    issue = factories.refer_issue(db, report.issues[0])
    login_as(Role.FORCE, suites=[suite])
    waiting = client.get("/api/v1/issues").json["waiting"]
    assert [(i["id"], i["suite"], i["status"]) for i in waiting] == [
        (issue.id, "Keyham Lane", "referred")
    ]
    answer = {"response": "Camera replaced", "action_taken_on": date.today().isoformat()}
    response = client.post(f"/api/v1/issues/{issue.id}/answer", json=answer)
    assert response.status_code == 200
    assert response.json["status"] == "responded"
    assert response.json["force_response"] == "Camera replaced"
    again = client.post(f"/api/v1/issues/{issue.id}/answer", json=answer)
    assert again.status_code == 409
    assert again.json["message"] == "This issue is answered by the force now: check it first"
    early = {**answer, "action_taken_on": (YESTERDAY - timedelta(days=30)).isoformat()}
    other = factories.refer_issue(
        db,
        factories.create_report(
            db,
            suite=suite,
            status="confirmed",
            issues=[{"area": "showers", "description": "Cold", "level": 1}],
        ).issues[0],
    )
    refused = client.post(f"/api/v1/issues/{other.id}/answer", json=early)
    assert refused.status_code == 422
    assert (
        "must be the same as or after the visit"
        in refused.json["errors"]["json"]["action_taken_on"][0]
    )


def test_the_force_sees_no_other_suites_issue(client, login_as, db, pair):
    lead, partner, suite = pair
    report = factories.create_report(
        db,
        lead,
        partners=[partner],
        suite=suite,
        status="confirmed",
        issues=[{"area": "cctv", "description": "Camera off", "level": 2}],
    )
    issue = factories.refer_issue(db, report.issues[0])
    login_as(Role.FORCE)  # of another suite
    assert client.get(f"/api/v1/issues/{issue.id}").status_code == 404
    answer = {"response": "Not ours", "action_taken_on": date.today().isoformat()}
    assert client.post(f"/api/v1/issues/{issue.id}/answer", json=answer).status_code == 404
    assert client.get("/api/v1/issues").json == {"waiting": [], "answered": []}


# -- The app's own script ----------------------------------------------------------------------


def test_the_pages_script_changes_things_with_the_cookie_and_the_pages_csrf_token(
    app, client, login_as, db, pair, monkeypatch
):
    lead, _, suite = pair
    login_as(lead)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    visit_id = uuid.uuid4()
    refused = client.put(f"/api/v1/visits/{visit_id}", json={"suite_id": suite.id})
    assert refused.status_code == 400
    assert "X-CSRFToken" in refused.json["message"]
    page = client.get("/").get_data(as_text=True)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)[1]
    made = client.put(
        f"/api/v1/visits/{visit_id}", json={"suite_id": suite.id}, headers={"X-CSRFToken": token}
    )
    assert made.status_code == 201


def test_a_report_sent_back_is_submitted_again_only_from_the_version_read(
    client, login_as, db, pair
):
    """The phone's first send arriving again after the partner sent the report back is that
    send again, not a new version over the lead's copy; a send from the version read is."""
    lead, partner, suite = pair
    login_as(lead)
    visit_id = uuid.uuid4()
    report = whole_report(suite, partner)
    client.post(f"/api/v1/visits/{visit_id}/submit", json=report)
    client.post("/sign-out")
    login_as(partner)
    client.post(f"/visits/{visit_id}/return", data={"note": "Check the times"})
    client.post("/sign-out")
    login_as(lead)
    replayed = client.post(f"/api/v1/visits/{visit_id}/submit", json=report)  # a late retry
    assert replayed.status_code == 200
    assert replayed.json["status"] == "returned"
    assert count(db, ReportVersion, ReportVersion.visit_id == visit_id) == 1
    changed = {**report, "observations": "Times checked"}
    unread = client.post(f"/api/v1/visits/{visit_id}/submit", json=changed)
    assert unread.status_code == 409
    assert "changed on another page after this phone's copy was made" in unread.json["message"]
    read = client.get(f"/api/v1/visits/{visit_id}")
    again = client.post(
        f"/api/v1/visits/{visit_id}/submit",
        json=changed,
        headers={"If-Match": read.headers["ETag"]},
    )
    assert again.status_code == 200
    assert again.json["status"] == "submitted"
    assert count(db, ReportVersion, ReportVersion.visit_id == visit_id) == 2


def test_a_report_lists_at_most_200_detainees(client, login_as, db, pair):
    lead, partner, suite = pair
    login_as(lead)
    many = whole_report(suite, partner, detainees=[{"outcome": "accepted"}] * 201)
    response = client.post(f"/api/v1/visits/{uuid.uuid4()}/submit", json=many)
    assert response.status_code == 422
    assert response.json["errors"]["json"]["detainees"] == [
        "A report can list at most 200 detainees"
    ]
    assert count(db, Visit) == 0


def test_characters_that_cannot_be_stored_are_refused_not_a_server_error(
    client, login_as, db, pair
):
    lead, _, _ = pair
    login_as(lead)
    for text in ('"\\udcff"', '"a\\u0000b"'):
        response = client.put(
            f"/api/v1/visits/{uuid.uuid4()}",
            data='{"observations": ' + text + "}",
            content_type="application/json",
        )
        assert response.status_code == 422, text
        assert response.json["errors"]["json"]["observations"] == [
            "Observations must not contain control characters or broken characters"
        ]
    deep = client.put(
        f"/api/v1/visits/{uuid.uuid4()}",
        data="[" * 100_000 + "]" * 100_000,
        content_type="application/json",
    )
    assert deep.status_code == 400
    assert count(db, Visit) == 0


def test_a_period_is_at_most_ten_years(client, login_as, db):
    login_as(Role.COORDINATOR)
    response = client.get("/api/v1/statistics?starts_on=2000-01-01&ends_on=2010-01-01")
    assert response.status_code == 422
    assert response.json["errors"]["query"]["ends_on"] == ["A period can be at most 10 years long"]
    far = client.get("/api/v1/statistics?starts_on=2000-01-01&ends_on=9999-12-31")
    assert far.json["errors"]["query"]["ends_on"] == ["Enter a year from 1900 to 2999"]
    assert client.get("/reports/export/csv?period=2000-01-01%20to%209999-12-31").status_code == 404


def test_an_older_copy_of_a_draft_never_overwrites_what_was_saved_since(client, login_as, db, pair):
    """A draft begun on the pages and carried on on the phone: saved again on the pages
    before the phone's copy arrives, the copy is refused, and the newer save stays."""
    lead, partner, suite = pair
    login_as(lead)
    visit_id = uuid.uuid4()
    made = client.put(f"/api/v1/visits/{visit_id}", json={"suite_id": suite.id})
    client.post(f"/visits/{visit_id}/observations", data={"observations": "Saved on the pages"})
    copy = whole_report(suite, partner) | {"observations": "The phone's older copy"}
    stale = client.post(
        f"/api/v1/visits/{visit_id}/submit", json=copy, headers={"If-Match": made.headers["ETag"]}
    )
    assert stale.status_code == 409
    none = client.post(f"/api/v1/visits/{visit_id}/submit", json=copy)
    assert none.status_code == 409
    db.expire_all()
    visit = db.get(Visit, visit_id)
    assert visit.status is ReportStatus.DRAFT
    assert visit.observations == "Saved on the pages"
