"""CSRF on every form, security headers on every page, no inline script or style."""

import re

import pytest
from sqlalchemy import select

from icv.access import roles_for
from icv.models import AuditEvent, Role
from icv.services import people
from tests import factories
from tests.test_access import _url_values, url_for_rule

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def enable_csrf(app, monkeypatch):
    return lambda: monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def changing_routes(app):
    """(rule, method) of every route that changes something."""
    return [
        (rule, method)
        for rule in app.url_map.iter_rules()
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"})
    ]


def test_every_post_without_a_csrf_token_is_refused_and_changes_nothing(
    app, client, db, login_as, enable_csrf
):
    coordinator = login_as(Role.COORDINATOR)
    values = _url_values(app, db)
    enable_csrf()
    before = people.listing(db)
    routes = changing_routes(app)
    assert {method for _, method in routes} == {"POST", "PUT"}
    for rule, method in routes:
        url = url_for_rule(app, rule, values)
        response = client.open(url, method=method, data={"name": "Changed", "active": "0"})
        if rule.rule.startswith("/api/"):
            # The API asks who is sending before it asks for the token: another role's route
            # is not there (404) for them, token or not.
            if Role.COORDINATOR in roles_for(app.view_functions[rule.endpoint]):
                assert response.status_code == 400, rule.rule
                assert "send the page's token as X-CSRFToken" in response.json["message"]
            else:
                assert response.status_code == 404, rule.rule
            continue
        assert response.status_code == 400, rule.rule
        assert "The form has expired" in response.get_data(as_text=True), rule.rule
    db.expire_all()
    assert [p.name for p in people.listing(db)] == [p.name for p in before]
    assert client.get("/").status_code == 200, "still signed in: sign-out needs the token too"
    assert coordinator.active


def test_a_form_with_its_token_is_accepted(app, client, db, enable_csrf):
    enable_csrf()
    person = factories.create_person(db)
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    response = client.post(
        "/sign-in",
        data={"email": person.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302


def test_pages_carry_the_security_headers(client, login_as):
    login_as(Role.COORDINATOR)
    for url in ("/sign-in", "/", "/manage/people", "/no-such-page"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cache-Control"] == "no-store"
        assert "Strict-Transport-Security" not in headers  # plain HTTP here


def test_hsts_is_sent_over_https(client, db):
    response = client.get("/sign-in", base_url="https://icv.test")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_page_has_inline_script_style_or_event_handlers(app, client, db, login_as):
    login_as(Role.COORDINATOR)
    values = _url_values(app, db)  # with a closure, so the suite page lists one
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        url = url_for_rule(app, rule, values)
        response = client.get(url)
        if response.mimetype == XLSX:
            continue  # a workbook (the QA evidence pack): no HTML in it
        html = response.get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html), url
        assert "<style" not in html, url


def test_static_files_are_served_compressed_and_cached(client, db):
    response = client.get("/static/icv.css", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "max-age=31536000" in response.headers["Cache-Control"]


def test_exports_and_api_answers_are_never_cached_and_files_are_not_sniffed(client, db, login_as):
    """Finding 18 of the security review: exports lacked Cache-Control: no-store, static files
    lacked nosniff."""
    login_as(Role.COORDINATOR)
    for url in (
        "/reports/export/csv?period=2016/17",
        "/reports/export/xlsx?period=2016/17",
        "/reports/export/json?period=2016/17",
        "/reports/qa-evidence.xlsx?period=2016/17",
        "/api/v1/statistics?period=2016/17",
        "/api/v1/me",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
    for url in ("/static/icv.css", "/static/icv.js"):
        assert client.get(url).headers["X-Content-Type-Options"] == "nosniff", url


def test_the_session_cookie_is_secure_whenever_the_site_is_reached_over_https(client, db):
    person = factories.create_person(db, Role.VOLUNTEER)
    signed_in = {"email": person.email, "password": factories.PASSWORD}
    over_https = client.post("/sign-in", data=signed_in, base_url="https://icv.test")
    assert "; Secure" in over_https.headers["Set-Cookie"]
    client.post("/sign-out", base_url="https://icv.test")
    over_http = client.post("/sign-in", data=signed_in)  # `make run` on plain HTTP still works
    assert over_http.status_code == 302
    assert "; Secure" not in over_http.headers["Set-Cookie"]


def test_reading_a_report_and_downloading_an_export_are_audited(app, client, db, login_as):
    """Finding 18: who read which report, and who took which figures away, is on record."""
    suite = factories.create_suite(db, "Keyham Lane")
    report = factories.create_report(db, suite=suite, status="confirmed")
    force_user = factories.create_person(db, Role.FORCE, suites=[suite])
    coordinator = login_as(Role.COORDINATOR)
    assert client.get(f"/review/{report.id}").status_code == 200
    assert client.get(f"/api/v1/visits/{report.id}").status_code == 200
    assert client.get("/reports/export/xlsx?period=2016/17").status_code == 200
    page = client.post("/manage/api-keys", data={"name": "PCC dashboard"})
    key = re.search(r"<code>(icv_[^<]+)</code>", page.get_data(as_text=True))[1]
    client.post("/sign-out")
    bearer = {"Authorization": f"Bearer {key}"}
    assert client.get("/api/v1/statistics?period=2016/17", headers=bearer).status_code == 200
    login_as(force_user)
    assert client.get(f"/force/reports/{report.id}").status_code == 200

    db.expire_all()
    read = db.scalars(
        select(AuditEvent)
        .where(AuditEvent.action.in_(("report_read", "export_downloaded")))
        .order_by(AuditEvent.id)
    ).all()
    assert [(event.action, event.actor_id, event.entity_id, event.after) for event in read] == [
        ("report_read", coordinator.id, str(report.id), None),
        ("report_read", coordinator.id, str(report.id), None),
        ("export_downloaded", coordinator.id, None, {"period": "2016/17", "format": "xlsx"}),
        ("export_downloaded", None, None, {"period": "2016/17", "api_key": "PCC dashboard"}),
        ("report_read", force_user.id, str(report.id), None),
    ]
