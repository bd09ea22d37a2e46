"""Junk for every form and API field (tests/test_junk_forms.py, tests/test_junk_api.py): the
values hypothesis draws, the forms a page renders, a scheme with a record of every kind to post
to, and the database as it stood before and after a post.

A post is a list of operations on what the page (or a valid body) would send: set one field
to junk, leave it out, send it twice, add a field the form does not have. An operation names
its field by position (taken modulo the number of fields, so every operation fits every form)
or by name, so a failing example can be kept as an explicit @example.
"""

import math
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlalchemy import select

from icv.db import Base
from icv.extensions import limiter
from icv.models import Role
from tests import factories
from tests.conftest import sign_in

TOO_BIG = 2**31
JUNK_TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n\r\n",
    "\t\x0b\x0c\x1b\x7f",
    "0",
    "-0",
    "-1",
    "1.5",
    str(TOO_BIG),
    str(-TOO_BIG),
    str(TOO_BIG - 1),
    str(-TOO_BIG - 1),
    "9" * 20,
    "-" + "9" * 40,
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "0x10",
    "1_000",
    "²",
    "٣",
    "𝟙",
    "½",
    "9999-12-31",
    "0000-00-00",
    "2016-02-30",
    "31/12/9999",
    "24:00",
    "23:60",
    "99:99",
    "-1:-1",
    "null",
    "true",
    "[]",
    "{}",
    "None",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%s%n{0}{input}",
    "\u202eevil\u202c",
    "\ufeff",
    "ǅ" * 41,
    "😀" * 1000,
    "x" * 10_001,
    "a@b",
    "@",
    "x" * 250 + "@example.org",
    "00000000-0000-0000-0000-000000000000",
    "2016/17 Q9",
    "2016-04-01..9999-12-31",
]
# Text a browser can send: any character but half of one (a lone surrogate is not UTF-8).
TYPED = st.characters(blacklist_categories=("Cs",))
junk_text = st.one_of(
    st.sampled_from(JUNK_TEXT),
    st.text(TYPED, max_size=30),
    st.integers(-(2**70), 2**70).map(str),
    st.builds(lambda text, times: text * times, st.sampled_from(JUNK_TEXT[1:]), st.just(3000)),
)
junk_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([0, -0.0, -1, TOO_BIG, -TOO_BIG, 10**20, -(10**20), 1e308, math.inf]),
    st.sampled_from([math.nan, -math.inf, 2**63, 2**64, 10**400]),
    st.integers(),
    st.floats(),
    junk_text,
)
junk_json = st.recursive(
    junk_scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(TYPED, max_size=8), inner, max_size=4)
    ),
    max_leaves=8,
)
# The kinds of operation on a form's fields (forms) or a body's members (API).
KINDS = ["set", "set", "set", "drop", "twice", "add"]
operations = st.one_of(
    st.just([]),  # the form as the page fills it in, to be taken
    st.lists(
        st.tuples(st.sampled_from(KINDS), st.integers(0, 999), junk_text), min_size=1, max_size=3
    ),
)
JUNK_SETTINGS = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def apply(pairs: list[tuple[str, object]], ops) -> list[tuple[str, object]]:
    """`pairs` with each operation done to it. An operation names a field by its position
    among the form's fields (modulo their number), or by its name."""
    pairs = list(pairs)
    for kind, where, value in ops:
        if kind == "add" or not pairs:
            pairs.append((where if isinstance(where, str) else f"junk-{where}-id", value))
            continue
        if isinstance(where, str):
            found = [i for i, (name, _) in enumerate(pairs) if name == where]
            if not found:
                pairs.append((where, value))
                continue
            index = found[0]
        else:
            index = where % len(pairs)
        name = pairs[index][0]
        if kind == "set":
            pairs[index] = (name, value)
        elif kind == "drop":
            del pairs[index]
        else:
            pairs.insert(index + 1, (name, value))
    return pairs


# -- Forms as the page renders them -------------------------------------------------------------


@dataclass
class Form:
    method: str
    action: str
    pairs: list[tuple[str, str]] = field(default_factory=list)  # what the page would send
    buttons: list[tuple[str, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)  # every field, sent by default or not


class _Forms(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page, self.forms, self.form, self.select, self.textarea = page, [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "option" and self.select is not None:
            self.select[1] = self.select[1] if self.select[1] is not None else a.get("value", "")
            if "selected" in a:
                self.select[2] = a.get("value", "")
        elif tag == "form":
            action = urljoin(self.page, a["action"]) if a.get("action") else self.page
            self.form = Form(a.get("method", "get").lower(), action)
            self.forms.append(self.form)
        elif self.form is None or not a.get("name") or "disabled" in a:
            return
        elif tag == "input":
            self._input(a)
        elif tag == "button":
            self.form.buttons.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select = [a["name"], None, None]  # name, first option, selected option
            self.form.names.add(a["name"])
        elif tag == "textarea":
            self.textarea = [a["name"], ""]
            self.form.names.add(a["name"])

    def _input(self, a):
        name, kind = a["name"], a.get("type", "text")
        self.form.names.add(name)
        if kind == "file":
            self.form.files.append(name)
        elif kind in ("checkbox", "radio"):
            if "checked" in a:
                self.form.pairs.append((name, a.get("value", "on")))
        elif kind in ("submit", "image", "button"):
            self.form.buttons.append((name, a.get("value", "")))
        else:
            self.form.pairs.append((name, a.get("value", "")))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None:
            name, first, chosen = self.select
            self.form.pairs.append((name, chosen if chosen is not None else first or ""))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.form.pairs.append(tuple(self.textarea))
            self.textarea = None


def forms_on(response, page: str) -> list[Form]:
    """Every form on a page, its action made a path of this site."""
    parser = _Forms(page)
    parser.feed(response.get_data(as_text=True))
    for form in parser.forms:
        parts = urlsplit(form.action)
        form.action = parts.path + (f"?{parts.query}" if parts.query else "")
    return parser.forms


def error_shown(response) -> bool:
    """A page that refuses what was posted: the GOV.UK error summary, or an error status."""
    return response.status_code >= 400 or b"govuk-error-summary" in response.get_data()


# -- The database before and after --------------------------------------------------------------


def snapshot(connection) -> dict[str, list[tuple]]:
    """Every row of every table, in order of primary key (read through the driver: it is done
    twice for every example)."""
    return {
        table.name: connection.exec_driver_sql(query).fetchall()
        for table, query in _everything(connection.dialect)
    }


def _everything(dialect) -> list:
    return [
        (table, str(select(table).order_by(*table.primary_key.columns).compile(dialect=dialect)))
        for table in Base.metadata.sorted_tables
    ]


def changed_tables(before: dict, after: dict) -> list[str]:
    return [name for name in before if before[name] != after[name]]


@contextmanager
def undone(db):
    """One example's requests, in a SAVEPOINT rolled back after, so every example starts from
    the scheme as it was made (a report submitted by one example is a draft for the next).
    Yields the connection, to read the database as the requests left it."""
    db.commit()  # keep what was done before (a page read), inside a savepoint the session began
    connection = db.get_bind()
    example = connection.begin_nested()
    limiter.reset()  # the sign-in throttle counts in memory, not in the savepoint
    try:
        yield connection
    finally:
        db.rollback()  # a savepoint the session began in the example (reading a record)
        example.rollback()
        db.expire_all()


# -- A scheme with something of every kind to post to -------------------------------------------

CLOSED = date(2016, 1, 4)
ISSUE = {"area": "cctv", "description": "Camera off", "level": 2}


def build_scheme(db) -> dict:
    """A suite with a closure (and a second suite), a coordinator, a force user for the suite,
    a lead volunteer with a whole draft, a partner with a report waiting to confirm, a confirmed
    report with an issue open, one referred and one answered, a person with two-step sign-in to
    manage, an API key and an open invitation."""
    from icv.models import AttendanceKind
    from icv.services import api_tokens, people, suites, volunteer_records

    suite = factories.create_suite(db, "Keyham Lane")
    factories.create_suite(db, "Beaumont Leys")  # a second, so the suites' order can change
    coordinator = factories.create_person(db, Role.COORDINATOR)
    force = factories.create_person(db, Role.FORCE, suites=[suite])
    lead = factories.create_person(db, Role.VOLUNTEER)
    partner = factories.create_person(db, Role.VOLUNTEER)
    managed = factories.create_person(db, Role.VOLUNTEER, two_step=True)
    invited = factories.create_person(db, Role.VOLUNTEER, password=None)
    draft = factories.create_report(db, lead, partners=[partner], suite=suite)
    waiting = factories.create_report(db, lead, partners=[partner], suite=suite, status="submitted")
    confirmed = factories.create_report(
        db, lead, partners=[partner], suite=suite, status="confirmed", issues=[ISSUE] * 3
    )
    opened, referred, answered = confirmed.issues
    factories.refer_issue(db, referred, coordinator)
    factories.refer_issue(db, answered, coordinator)
    factories.answer_issue(db, answered, force)
    with db.info["app"].app_context():
        suites.add_closure(
            db, coordinator, suite, starts_on=CLOSED, ends_on=CLOSED, reason="Refurbished"
        )
        _, key = api_tokens.create(db, coordinator, "Dashboard")
        # The managed volunteer's record has a meeting and dates unavailable to remove.
        away = date.today() + timedelta(days=100)
        volunteer_records.add_attendance(
            db, coordinator, managed, kind=AttendanceKind.MEETING, held_on=CLOSED, title="Meeting"
        )
        volunteer_records.add_unavailable(db, coordinator, managed, starts_on=away, ends_on=away)
        link = people.invite(db, coordinator, invited)
        db.commit()
    return {
        "suite": suite,
        "people": {
            "coordinator": coordinator,
            "force": force,
            "lead": lead,
            "partner": partner,
            "managed": managed,
        },
        "draft": draft.id,
        "waiting": waiting.id,
        "confirmed": confirmed.id,
        "issues": {"open": opened.id, "referred": referred.id, "answered": answered.id},
        "closure": suite.closures[0].id,
        "api_key": key,
        "invitation": urlsplit(link).path,
        "cookies": {},
    }


def cookie_of(app, db, scheme, who: str | None) -> str | None:
    """The session cookie of `who`, signed in through the real pages once for every example of
    a test (a two-step code is taken once). "pending": a coordinator who gave their password
    and is asked for their code; "setting_up": one asked to set up two-step sign-in."""
    cookies = scheme["cookies"]
    if who is None or who in cookies:
        return cookies.get(who)
    client = app.test_client()
    if who in ("pending", "setting_up"):
        person = factories.create_person(db, Role.COORDINATOR, two_step=who == "pending")
        response = client.post(
            "/sign-in", data={"email": person.email, "password": factories.PASSWORD}
        )
        assert response.headers["Location"].startswith("/sign-in/")
    else:
        response = sign_in(client, db, scheme["people"][who])
        assert response.status_code == 302 and response.headers["Location"] == "/"
    cookies[who] = client.get_cookie("icv_session", domain="icv.test").value
    return cookies[who]


def client_of(app, db, scheme, who: str | None):
    client = app.test_client()
    if (cookie := cookie_of(app, db, scheme, who)) is not None:
        client.set_cookie("icv_session", cookie, domain="icv.test")
    return client
