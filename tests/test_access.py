"""Who may use which route: every route states it, and each role gets exactly that."""

import pytest

from icv.access import PUBLIC, roles_for
from icv.models import AttendanceKind, Role
from icv.services import api_tokens, people, suites, volunteer_records
from tests import factories
from tests.conftest import sign_in

ALL = frozenset(Role)
COORDINATOR = frozenset({Role.COORDINATOR})
VOLUNTEER = frozenset({Role.VOLUNTEER})
FORCE = frozenset({Role.FORCE})

# Every route and who may use it. A new route fails test_every_route_is_in_the_table until it
# is added here, so its audience is decided on purpose.
EXPECTED = {
    "auth.sign_in": PUBLIC,
    "auth.invitation": PUBLIC,
    "auth.sign_out": ALL,
    "two_step.code": PUBLIC,  # only with a right password just typed (test_two_step.py)
    "two_step.set_up": PUBLIC,  # likewise
    "two_step.account": ALL,
    "two_step.opt_in": VOLUNTEER,
    "two_step.renew_recovery_codes": ALL,
    "two_step.reset": COORDINATOR,
    "home.index": ALL,
    "admin.people_list": COORDINATOR,
    "admin.new_person": COORDINATOR,
    "admin.person": COORDINATOR,
    "admin.invite_person": COORDINATOR,
    "admin.set_person_active": COORDINATOR,
    "admin.suites_list": COORDINATOR,
    "admin.new_suite": COORDINATOR,
    "admin.suite": COORDINATOR,
    "admin.new_closure": COORDINATOR,
    "admin.remove_closure": COORDINATOR,
    "admin.move_suite": COORDINATOR,
    "admin.audit_trail": COORDINATOR,
    "admin.emails": COORDINATOR,
    "admin.api_tokens": COORDINATOR,
    "admin.revoke_api_token": COORDINATOR,
    "records.record": COORDINATOR,
    "records.renew": COORDINATOR,
    "records.new_attendance": COORDINATOR,
    "records.remove_attendance": COORDINATOR,
    "records.new_unavailable": COORDINATOR,
    "records.remove_unavailable": COORDINATOR,
    "records.own_unavailable": VOLUNTEER,
    "records.remove_own_unavailable": VOLUNTEER,
    "visits.new": VOLUNTEER,
    "visits.delete_draft": VOLUNTEER,
    "visits.visit": VOLUNTEER,
    "visits.access": VOLUNTEER,
    "visits.detainees": VOLUNTEER,
    "visits.checklist": VOLUNTEER,
    "visits.issues": VOLUNTEER,
    "visits.observations": VOLUNTEER,
    "visits.check": VOLUNTEER,
    "visits.submitted": VOLUNTEER,
    "visits.show": VOLUNTEER,
    "visits.confirm": VOLUNTEER,
    "visits.send_back": VOLUNTEER,
    "offline.service_worker": PUBLIC,
    "offline.no_signal": PUBLIC,
    "offline.report": VOLUNTEER,
    "offline.outbox": VOLUNTEER,
    "review.index": COORDINATOR,
    "review.show": COORDINATOR,
    "review.reviewed": COORDINATOR,
    "review.amendment": COORDINATOR,
    "force.visit_report_list": FORCE,
    "force.visit_report": FORCE,
    "statistics.index": COORDINATOR,
    "statistics.export": COORDINATOR,
    "statistics.tact_export": COORDINATOR,
    "statistics.qa_evidence": COORDINATOR,
    "statistics.import_visits": COORDINATOR,
    "statistics.force_detentions": COORDINATOR,
    "statistics.publish": COORDINATOR,
    "issues.index": COORDINATOR,
    "issues.dashboard": COORDINATOR,
    "issues.show": COORDINATOR,
    "issues.refer": COORDINATOR,
    "issues.refer_again": COORDINATOR,
    "issues.close": COORDINATOR,
    "issues.inbox": FORCE,
    "issues.force_show": FORCE,
    "issues.answer": FORCE,
    "issues.volunteer_show": VOLUNTEER,
    "rota.index": COORDINATOR,
    "rota.show": COORDINATOR,
    "rota.publish": COORDINATOR,
    "rota.swap_visitor": COORDINATOR,
    "rota.swap_week": COORDINATOR,
    "rota.coverage": COORDINATOR,
    "rota.mine": VOLUNTEER,
    "rota.hand_over": VOLUNTEER,  # their own planned visits only (test_rota.py)
    # The JSON API, by the same rules; a program with a read-only key reads the statistics only
    # (test_api.py).
    "api-docs.openapi_json": PUBLIC,
    "api_people.me": ALL,
    "api_suites.listing": ALL,
    "api_volunteers.volunteers": frozenset({Role.VOLUNTEER, Role.COORDINATOR}),
    "api_visits.read": ALL,
    "api_visits.save_draft": VOLUNTEER,
    "api_visits.submit": VOLUNTEER,
    "api_statistics.figures": COORDINATOR,
    "api_issues.inbox": FORCE,
    "api_issues.read": FORCE,
    "api_issues.answer": FORCE,
}

# Which of the sample reports a route is tried with, so that a role allowed in gets a report
# that is its own to see (whether a person may see a particular report is tested elsewhere).
REPORT_FOR = {
    "visits.confirm": "waiting_for_partner",
    "visits.send_back": "waiting_for_partner",
    "visits.show": "waiting_for_partner",
    "visits.submitted": "submitted_by_lead",
    "api_visits.save_draft": "default",
    "visits.delete_draft": "to_delete",
}

IDENTITIES = [None, *Role]


def test_every_route_states_who_may_use_it(app):
    unstated = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if roles_for(app.view_functions[rule.endpoint]) is None
    ]
    assert unstated == []


def test_every_route_is_in_the_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(EXPECTED)


def test_the_table_matches_what_the_routes_state(app):
    for endpoint, expected in EXPECTED.items():
        assert roles_for(app.view_functions[endpoint]) == expected, endpoint


def test_a_route_that_states_nothing_answers_404_to_everyone(app, client, login_as):
    saved = app.view_functions["home.index"].icv_roles
    login_as(Role.COORDINATOR)
    try:
        del app.view_functions["home.index"].icv_roles
        assert client.get("/").status_code == 404
    finally:
        app.view_functions["home.index"].icv_roles = saved


def _url_values(app, db, person=None):
    """Values for every URL argument; reports are ones `person` may use, where that matters."""
    suite = factories.create_suite(db)
    coordinator = factories.create_person(db, Role.COORDINATOR)
    volunteer = factories.create_person(db, Role.VOLUNTEER)
    with app.app_context():
        starts_on, ends_on = _dates()
        closure = suites.add_closure(
            db, coordinator, suite, starts_on=starts_on, ends_on=ends_on, reason="Refurbishment"
        )
        link = people.invite(db, coordinator, volunteer)
        token, _key = api_tokens.create(db, coordinator, "PCC dashboard")
        # Dates unavailable of the volunteer signed in (their own to remove), else of the one
        # whose record the coordinator's routes name.
        owner = person if person is not None and person.role is Role.VOLUNTEER else volunteer
        dates = volunteer_records.add_unavailable(
            db, coordinator, owner, starts_on=ends_on, ends_on=ends_on
        )
        attended = volunteer_records.add_attendance(
            db,
            coordinator,
            volunteer,
            kind=AttendanceKind.MEETING,
            held_on=ends_on,
            title="Meeting",
        )
        db.commit()
    values = {
        "dates_id": dates.id,
        "attended_id": attended.id,
        "person_id": volunteer.id,
        "suite_id": suite.id,
        "closure_id": closure.id,
        "token": link.rsplit("/", 1)[1],
        "fmt": "csv",
        "token_id": token.id,
    }
    issue = [{"area": "cctv", "description": "Camera in cell 2 not recording", "level": 2}]
    if person is None or person.role is Role.COORDINATOR:
        report = factories.create_report(db, status="confirmed", issues=issue)
        values["visit_id"] = {"default": report.id}
        values["issue_id"] = report.issues[0].id
    elif person.role is Role.FORCE:
        report = factories.create_report(
            db, suite=person.suites[0], status="confirmed", issues=issue
        )
        values["visit_id"] = {"default": report.id}
        values["issue_id"] = factories.refer_issue(db, report.issues[0]).id
    else:
        submitted = factories.create_report(db, person, status="submitted", issues=issue)
        values["visit_id"] = {
            "default": factories.create_report(db, person).id,
            "waiting_for_partner": factories.create_report(
                db, partners=[person], status="submitted"
            ).id,
            "submitted_by_lead": submitted.id,
            "to_delete": factories.create_report(db, person).id,
        }
        values["issue_id"] = submitted.issues[0].id
    values.update(
        _rota(db, suite, person if person and person.role is Role.VOLUNTEER else volunteer)
    )
    return values


def _rota(db, suite, visitor) -> dict:
    """A published rota with a visit still to come by `visitor` and a partner."""
    from datetime import timedelta

    from icv import clock
    from icv.models import Rota, RotaAssignment, RotaStatus

    partner = factories.create_person(db, Role.VOLUNTEER)
    today = clock.today()
    rota = Rota(period="2099/00 Q1", seed=1, status=RotaStatus.PUBLISHED)
    rota.assignments = [
        RotaAssignment(
            suite_id=suite.id,
            week_starting=today + timedelta(days=14 - today.weekday()),
            first_visitor_id=visitor.id,
            second_visitor_id=partner.id,
        )
    ]
    db.add(rota)
    db.commit()
    return {"rota_id": rota.id, "assignment_id": rota.assignments[0].id}


def url_for_rule(app, rule, values):
    arguments = {}
    for name in rule.arguments:
        value = values[name]
        if isinstance(value, dict):
            value = value.get(REPORT_FOR.get(rule.endpoint, "default"), value["default"])
        arguments[name] = value
    return app.url_for(rule.endpoint, **arguments)


def _dates():
    from datetime import date

    return date(2017, 1, 2), date(2017, 3, 31)


def _signed_in_cookie(app, db, person) -> str:
    """The session cookie of `person` signed in through the real pages, two-step and all (once:
    a two-step code is taken once, so each route is tried with a copy of the session)."""
    client = app.test_client()
    response = sign_in(client, db, person)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    return client.get_cookie("icv_session", domain="icv.test").value


@pytest.mark.parametrize("identity", IDENTITIES, ids=lambda i: i.value if i else "anonymous")
def test_each_route_answers_each_role_as_the_table_says(app, db, identity):
    person = factories.create_person(db, identity) if identity is not None else None
    values = _url_values(app, db, person)
    cookie = _signed_in_cookie(app, db, person) if person is not None else None
    # Signing out ends the session every client here shares, so it is tried last.
    rules = sorted(app.url_map.iter_rules(), key=lambda rule: rule.endpoint == "auth.sign_out")
    for rule in rules:
        allowed = EXPECTED[rule.endpoint]
        url = url_for_rule(app, rule, values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            client = app.test_client()
            if cookie is not None:
                client.set_cookie("icv_session", cookie, domain="icv.test")
            response = client.open(url, method=method)
            where = f"{method} {rule.rule} as {identity or 'anonymous'}"
            api = rule.rule.startswith("/api/")
            if allowed == PUBLIC:
                assert response.status_code != 404 or rule.endpoint == "auth.invitation", where
                assert "/sign-in?next=" not in response.headers.get("Location", ""), where
            elif identity is None and api:
                assert response.status_code == 401, where
                assert response.json["code"] == 401, where
            elif identity is None:
                assert response.status_code == 302, where
                assert response.headers["Location"].startswith("/sign-in?next="), where
            elif identity not in allowed and api:
                assert response.status_code == 404, where
                assert response.json == {"code": 404, "status": "Not Found", "message": "Not found"}
            elif identity not in allowed:
                assert response.status_code == 404, where
                assert "Page not found" in response.get_data(as_text=True), where
            elif api:
                # Allowed in: an answer, or what is wrong with what was sent (nothing was: a
                # draft changed without If-Match is 428, whatever routes ran before it).
                assert response.status_code in (200, 409, 412, 422, 428), where
                assert response.is_json, where
            else:
                # Allowed in: a page, a redirect after a change, or a form's own errors.
                assert response.status_code in (200, 302, 400), where
                assert "/sign-in?next=" not in response.headers.get("Location", ""), where
                if method == "GET":
                    assert response.status_code == 200, where
