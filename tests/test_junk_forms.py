"""Junk posted to every form of the app, signed in as the person who may use it, at records
that exist, so that what is posted reaches the form's handler: never a server error; a post
refused keeps nothing; a post taken leaves every page about the record readable.

Every route that takes a post is listed in FORMS (test_every_form_is_sent_junk fails for one
that is not), with who posts it, the page it is posted from and what to fill in so the rest of
the form is valid. The fields are those the page renders, with what it renders in them.
"""

import io

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from icv.schemas.statistics import COLUMNS
from tests.junk import (
    JUNK_SETTINGS,
    apply,
    build_scheme,
    changed_tables,
    client_of,
    error_shown,
    forms_on,
    junk_text,
    operations,
    snapshot,
    undone,
)

YESTERDAY = "{yesterday.day}", "{yesterday.month}", "{yesterday.year}"
TODAY = "{today.day}", "{today.month}", "{today.year}"
PERSON = {"name": "Ruth Ellison", "email": "ruth@example.org", "role": "volunteer"}
RECORD = "/manage/people/{people[managed].id}/record"
NEW_PASSWORD = {"password": "a gentle orchard of quinces", "confirm": "a gentle orchard of quinces"}
# endpoint: (who posts it, the page it is on, what to fill in), the page and the values
# formatted with the scheme (tests.junk.build_scheme).
FORMS = {
    "auth.sign_in": (None, "/sign-in", {"email": "{people[lead].email}", "password": "{pw}"}),
    "auth.invitation": (None, "{invitation}", NEW_PASSWORD),
    "auth.sign_out": ("lead", "/", {}),
    "two_step.code": ("pending", "/sign-in/code", {}),
    "two_step.set_up": ("setting_up", "/sign-in/set-up", {}),
    "two_step.opt_in": ("lead", "/account/two-step", {}),
    "two_step.renew_recovery_codes": ("managed", "/account", {}),
    "two_step.reset": ("coordinator", "/manage/people/{people[managed].id}", {}),
    "visits.new": ("lead", "/", {}),
    "visits.visit": ("lead", "/visits/{draft}/visit", {}),
    "visits.access": ("lead", "/visits/{draft}/access", {}),
    "visits.detainees": ("lead", "/visits/{draft}/detainees", {}),
    "visits.checklist": ("lead", "/visits/{draft}/checklist", {}),
    "visits.issues": ("lead", "/visits/{draft}/issues?add=1", {}),
    "visits.observations": ("lead", "/visits/{draft}/observations", {}),
    "visits.check": ("lead", "/visits/{draft}/check", {}),
    "visits.delete_draft": ("lead", "/visits/{draft}/delete", {}),
    "visits.confirm": ("partner", "/visits/{waiting}", {}),
    "visits.send_back": ("partner", "/visits/{waiting}", {"note": "Please add the times"}),
    "review.reviewed": ("coordinator", "/review/{confirmed}", {}),
    "review.amendment": ("coordinator", "/review/{confirmed}", {"reason": "Please amend"}),
    "issues.refer": ("coordinator", "/issues/{issues[open]}", {}),
    "issues.refer_again": ("coordinator", "/issues/{issues[answered]}", {"note": "Again"}),
    "issues.close": ("coordinator", "/issues/{issues[answered]}", {"reason": "Done"}),
    "issues.answer": (
        "force",
        "/issues/force/{issues[referred]}",
        {"response": "Fixed", "action_taken_on": TODAY},
    ),
    "admin.new_person": ("coordinator", "/manage/people/new", PERSON),
    "admin.person": ("coordinator", "/manage/people/{people[managed].id}", {}),
    "admin.invite_person": ("coordinator", "/manage/people/{people[managed].id}", {}),
    "admin.set_person_active": ("coordinator", "/manage/people/{people[managed].id}", {}),
    "admin.new_suite": ("coordinator", "/manage/suites/new", {"name": "Euston Street"}),
    "admin.suite": ("coordinator", "/manage/suites/{suite.id}", {}),
    "admin.new_closure": (
        "coordinator",
        "/manage/suites/{suite.id}/closures/new",
        {"reason": "Flood", "starts_on": YESTERDAY, "ends_on": YESTERDAY},
    ),
    "admin.remove_closure": ("coordinator", "/manage/suites/{suite.id}", {}),
    "admin.move_suite": ("coordinator", "/manage/suites", {"direction": "down"}),
    "admin.api_tokens": ("coordinator", "/manage/api-keys", {"name": "Wallboard"}),
    "admin.revoke_api_token": ("coordinator", "/manage/api-keys", {}),
    "records.record": ("coordinator", RECORD, {"joined_on": YESTERDAY}),
    "records.renew": ("coordinator", RECORD, {}),
    "records.new_attendance": (
        "coordinator",
        "/manage/people/{people[managed].id}/attendance/new",
        {"kind": "meeting", "held_on": YESTERDAY, "title": "Volunteers' meeting"},
    ),
    "records.remove_attendance": ("coordinator", RECORD, {}),
    "records.new_unavailable": (
        "coordinator",
        "/manage/people/{people[managed].id}/unavailable/new",
        {"starts_on": TODAY, "ends_on": TODAY},
    ),
    "records.remove_unavailable": ("coordinator", RECORD, {}),
    "records.own_unavailable": (
        "managed",
        "/account/unavailable",
        {"starts_on": TODAY, "ends_on": TODAY},
    ),
    "records.remove_own_unavailable": ("managed", "/account/unavailable", {}),
    "statistics.force_detentions": (
        "coordinator",
        "/reports/detentions",
        {"period": "2016/17", "detentions": "13168"},
    ),
    "statistics.import_visits": ("coordinator", "/reports/import", {}),
    "statistics.publish": ("coordinator", "/reports/", {}),
    "rota.index": ("coordinator", "/rota", {"period": "2098/99 Q2", "seed": "7"}),
    "rota.publish": ("coordinator", "/rota/{rota[draft]}", {}),
    "rota.swap_visitor": (
        "coordinator",
        "/rota/visits/{rota[first]}/visitor",
        {"leaving": "{people[lead].id}", "joining": "{people[managed].id}"},
    ),
    "rota.swap_week": ("coordinator", "/rota/visits/{rota[first]}/week", {"week": "{rota[week]}"}),
    "rota.hand_over": ("lead", "/my-rota/{rota[mine]}/swap", {"joining": "{people[managed].id}"}),
    # Forms sent with GET: the filters of lists.
    "review.index": ("coordinator", "/review/", {}),
    "issues.index": ("coordinator", "/issues/", {}),
    "statistics.index": ("coordinator", "/reports/", {}),
    "force.visit_report_list": ("force", "/force/reports", {}),
}
# Pages read after a post is taken, besides the form's own: each must still answer (the record
# is whole).
READ_BACK = {
    "lead": ["/visits/{draft}/check", "/api/v1/visits/{draft}", "/my-rota"],
    "partner": ["/", "/api/v1/visits/{waiting}", "/my-rota"],
    "coordinator": [
        "/review/{confirmed}",
        "/issues/{issues[answered]}",
        "/manage/audit",
        "/rota/{rota[draft]}",
    ],
    "force": ["/issues/force", "/api/v1/issues/{issues[referred]}"],
    "managed": ["/account"],
}
# What a refusal itself records: a wrong sign-in or code is counted and audited.
WRITES_OF_A_REFUSAL = {
    "auth.sign_in": {"audit_events"},
    "two_step.code": {"audit_events", "two_step_keys"},
    "two_step.set_up": {"audit_events"},
    "two_step.opt_in": {"audit_events"},
}
VALID_ROW = ["2016-05-01", "Keyham Lane", "14:00", "14:03", "", "", "1", "1", "0", "0"]
uploads = st.one_of(
    st.just(",".join(COLUMNS) + "\n" + ",".join(VALID_ROW) + "\n"),
    st.tuples(st.integers(0, len(COLUMNS) - 1), junk_text).map(
        lambda cell: ",".join(COLUMNS) + "\n" + ",".join(_with(VALID_ROW, *cell)) + "\n"
    ),
    junk_text,
    st.binary(max_size=64),
)


def _with(row, index, value):
    return [*row[:index], value, *row[index + 1 :]]


@pytest.fixture
def scheme(db):
    from datetime import date, timedelta

    from tests.factories import PASSWORD

    today = date.today()
    built = build_scheme(db)
    return {
        **built,
        "today": today,
        "yesterday": today - timedelta(1),
        "pw": PASSWORD,
        "rota": _rotas(db, built),
    }


def _rotas(db, built) -> dict:
    """A draft rota with the lead and partner planned in two weeks, and a published one with a
    visit of theirs to come."""
    from datetime import timedelta

    from icv import clock
    from icv.models import Rota, RotaAssignment, RotaStatus

    today = clock.today()
    monday = today + timedelta(days=14 - today.weekday())
    pair = {
        "suite_id": built["suite"].id,
        "first_visitor_id": built["people"]["lead"].id,
        "second_visitor_id": built["people"]["partner"].id,
    }
    draft = Rota(period="2098/99 Q1", seed=1, status=RotaStatus.DRAFT)
    draft.assignments = [
        RotaAssignment(week_starting=monday + timedelta(weeks=n), **pair) for n in (0, 1)
    ]
    published = Rota(period="2099/00 Q1", seed=1, status=RotaStatus.PUBLISHED)
    published.assignments = [RotaAssignment(week_starting=monday, **pair)]
    db.add_all([draft, published])
    db.commit()
    return {
        "draft": draft.id,
        "first": draft.assignments[0].id,
        "week": (monday + timedelta(weeks=1)).isoformat(),
        "mine": published.assignments[0].id,
    }


def the_form(app, db, scheme, endpoint):
    """The form posting to `endpoint`, as its page renders it (read once for every example)."""
    forms = scheme.setdefault("forms", {})
    if endpoint not in forms:
        who, page, _ = FORMS[endpoint]
        response = client_of(app, db, scheme, who).get(page.format(**scheme))
        assert response.status_code == 200, f"{page} answered {response.status_code}"
        urls = app.url_map.bind("icv.test")
        found = [
            form
            for form in forms_on(response, page.format(**scheme))
            if urls.match(form.action.split("?")[0], method=form.method.upper())[0] == endpoint
        ]
        assert found, f"no form posting to {endpoint} on {page}"
        forms[endpoint] = found[0]
    return forms[endpoint]


def posted(form, fill, scheme, ops, upload):
    """What the page would send, filled in, with the operations done to it."""
    filled = {name: value for name, value in fill.items() if name in form.names}
    pairs = [(name, value) for name, value in form.pairs if name not in filled]
    for name, value in filled.items():
        values = value if isinstance(value, tuple) else (value,)
        pairs += [(name, part.format(**scheme)) for part in values]
    data = {}
    for name, value in apply(pairs, ops):
        data.setdefault(name, []).append(value)
    for name in form.files:
        content = upload if isinstance(upload, bytes) else upload.encode()
        data[name] = (io.BytesIO(content), "visits.csv")
    return data


def test_every_form_is_sent_junk(app):
    """Every route that takes a post (outside the API, tests/test_junk_api.py) is in FORMS."""
    posting = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.methods & {"POST", "PUT", "PATCH", "DELETE"} and not rule.rule.startswith("/api/")
    }
    assert posting - set(FORMS) == set()
    assert set(FORMS) - set(app.view_functions) == set()


@pytest.mark.parametrize("endpoint", sorted(FORMS))
@given(ops=operations, upload=uploads)
@example(ops=[("set", "code", "\x00")], upload="")
@example(ops=[("set", "file", "x")], upload=b"\xff\xfe\x00")
@JUNK_SETTINGS
def test_junk_posted_is_refused_whole_or_saved_whole(app, db, scheme, endpoint, ops, upload):
    who, _, fill = FORMS[endpoint]
    form = the_form(app, db, scheme, endpoint)
    data = posted(form, fill, scheme, ops, upload)
    with undone(db) as connection:
        client = client_of(app, db, scheme, who)
        before = snapshot(connection)
        if form.method == "get":
            response = client.get(form.action.split("?")[0], query_string=data)
        else:
            response = client.post(form.action, data=data, content_type="multipart/form-data")
        assert response.status_code < 500, (data, response.get_data(as_text=True)[-2000:])
        changed = set(changed_tables(before, snapshot(connection)))
        if form.method == "get":
            assert response.status_code == 200
        elif error_shown(response):
            assert changed <= WRITES_OF_A_REFUSAL.get(endpoint, set()), (data, changed)
        else:
            for page in [FORMS[endpoint][1], *READ_BACK.get(who, [])]:
                read = client.get(page.format(**scheme))
                assert read.status_code < 500, (data, page, read.status_code)
