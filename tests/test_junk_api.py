"""Junk sent to every API operation that reads a body or query arguments, signed in as the
person who may use it, at records that exist: never a server error; a request refused keeps
nothing; a request taken leaves a record that reads back as it was answered.

The operations are read from /api/v1/openapi.json (test_every_operation_is_sent_junk fails for
one not in OPERATIONS, and for a route of the app the document leaves out). A valid body is
the record as the API reads it back; junk goes into one member, nested or not, or replaces it.
"""

import copy
import json
import re
import uuid
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from icv.schemas.issues import AnswerSchema
from icv.schemas.visit_reports import VisitReportSchema
from tests.junk import (
    JUNK_SETTINGS,
    KINDS,
    apply,
    build_scheme,
    changed_tables,
    client_of,
    junk_json,
    snapshot,
    undone,
)

# (method, path in the document): (who sends it, what it is sent to: "draft" or "issue").
OPERATIONS = {
    ("put", "/api/v1/visits/{visit_id}"): ("lead", "draft"),
    ("post", "/api/v1/visits/{visit_id}/submit"): ("lead", "draft"),
    ("post", "/api/v1/issues/{issue_id}/answer"): ("force", "issue"),
    ("get", "/api/v1/statistics"): ("coordinator", None),
}
QUERY = [("period", "2016/17"), ("starts_on", "2016-04-01"), ("ends_on", "2017-03-31")]
RAW_BODIES = [
    b"",
    b"null",
    b"[]",
    b'"text"',
    b"NaN",
    b"1e309",
    b"-0",
    b"\xff\xfe\x00",
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a": ' * 50_000 + b"1" + b"}" * 50_000,
    b'{"suite_id": 1, "suite_id": "x"}',
    b'{"visit_date": "2016-01-01"',
]
IF_MATCH = [None, "current", '"-1"', '"99999999999"', 'W/"0"', "*", '"٣"', '""', '"1", "2"']
# (kind, where, junk): kinds as for forms (tests.junk.apply), "body" replaces the whole body.
json_operations = st.one_of(
    st.just([]),  # the valid body, to be taken
    st.lists(
        st.tuples(st.sampled_from([*KINDS, "body"]), st.integers(0, 999), junk_json),
        min_size=1,
        max_size=3,
    ),
)
if_matches = st.one_of(st.just("current"), st.sampled_from(IF_MATCH))
raw_bodies = st.one_of(st.none(), st.none(), st.none(), st.sampled_from(RAW_BODIES))


@pytest.fixture
def scheme(db):
    return build_scheme(db)


def test_every_operation_is_sent_junk(app):
    spec = app.test_client().get("/api/v1/openapi.json").json
    documented = {
        (method, path)
        for path, item in spec["paths"].items()
        for method in item
        if method != "parameters"
    }
    routed = {
        (method.lower(), re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and rule.rule != "/api/v1/openapi.json"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routed == documented
    reading = {
        (method, path)
        for method, path in documented
        if "requestBody" in spec["paths"][path][method]
        or any(p["in"] == "query" for p in spec["paths"][path][method].get("parameters", []))
    }
    assert reading == set(OPERATIONS)


def members(body, path=()) -> list[tuple]:
    """The path of every member of a JSON body, nested ones included."""
    found = [path] if path else []
    if isinstance(body, dict):
        for key, value in body.items():
            found += members(value, (*path, key))
    elif isinstance(body, list):
        for index, value in enumerate(body):
            found += members(value, (*path, index))
    return found


def with_junk(body, ops):
    """`body` with each operation done to the member it names (by position, modulo)."""
    body = copy.deepcopy(body)
    for kind, where, value in ops:
        paths = members(body)
        if kind == "body" or not paths:
            body = value
            continue
        *outer, last = paths[where % len(paths)]
        parent = body
        for key in outer:
            parent = parent[key]
        if kind == "set":
            parent[last] = value
        elif kind == "drop":
            del parent[last]
        elif kind == "twice":
            parent[last] = [parent[last], value]
        elif isinstance(parent, dict):
            parent[f"junk{where}"] = value
        else:
            parent.append(value)
    return body


def valid_body(client, target, scheme, schema) -> dict:
    """What the API reads back of the record, as much of it as `schema` loads."""
    url = f"/api/v1/visits/{scheme['draft']}" if target == "draft" else None
    if url is None:
        return {"response": "The camera is mended", "action_taken_on": date.today().isoformat()}
    read = client.get(url).json
    names = {field.data_key or name for name, field in schema.fields.items()}
    return {name: value for name, value in read.items() if name in names}


def send(client, method, path, scheme, body, raw, if_match, new):
    visit_id = uuid.uuid4() if new else scheme["draft"]
    url = path.format(visit_id=visit_id, issue_id=scheme["issues"]["referred"])
    headers = {}
    if if_match == "current" and "visit_id" in path and not new:
        version = client.get(f"/api/v1/visits/{scheme['draft']}").headers["ETag"]
        headers["If-Match"] = version
    elif if_match not in (None, "current"):
        headers["If-Match"] = if_match
    data = raw if raw is not None else json.dumps(body, allow_nan=True)
    return client.open(
        url, method=method.upper(), data=data, content_type="application/json", headers=headers
    )


@pytest.mark.parametrize(("method", "path"), sorted(OPERATIONS))
@given(
    ops=json_operations,
    raw=raw_bodies,
    if_match=if_matches,
    new=st.booleans(),
)
@example(ops=[], raw=None, if_match="current", new=False)
@example(ops=[], raw=None, if_match=None, new=True)
@example(ops=[("set", 0, float("nan"))], raw=None, if_match="current", new=False)
@example(ops=[("body", 0, [])], raw=b"[" * 100_000, if_match=None, new=True)
@settings(JUNK_SETTINGS, max_examples=40)
def test_junk_sent_to_the_api_is_refused_whole_or_saved_whole(
    app, db, scheme, method, path, ops, raw, if_match, new
):
    who, target = OPERATIONS[(method, path)]
    client = client_of(app, db, scheme, who)
    if method == "get":
        with undone(db):
            response = client.get(
                path, query_string=apply(QUERY, [(*op[:2], str(op[2])) for op in ops])
            )
        assert response.status_code in (200, 422), response.json
        return
    schema = AnswerSchema() if target == "issue" else VisitReportSchema()
    body = with_junk(valid_body(client, target, scheme, schema), ops)
    with undone(db) as connection:
        before = snapshot(connection)
        response = send(client, method, path, scheme, body, raw, if_match, new)
        assert response.status_code < 500, (body, response.get_data(as_text=True)[-2000:])
        changed = changed_tables(before, snapshot(connection))
        if response.status_code >= 400:
            assert changed == [], (body, response.json, changed)
            assert set(response.json) >= {"code", "status"}
        else:
            assert response.status_code in (200, 201)
            read = client.get(response.headers.get("Location") or _record_url(response, target))
            assert read.status_code == 200
            assert read.json == response.json


def _record_url(response, target) -> str:
    if target == "issue":
        return f"/api/v1/issues/{response.json['id']}"
    return f"/api/v1/visits/{response.json['id']}"
