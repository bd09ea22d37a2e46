"""A busy day on a real server (issue 10, acceptance 3; finding 6 of the security review: on
SQLite, 50 report journeys at once all failed with "database is locked", and 50 sign-ins at
once gave 11 server errors, counted as failed attempts, so 37 more were refused).

One `icv serve` (4 threads, CSRF on, passwords hashed with scrypt: as in production) on a
database of its own: a SQLite file, or a fresh PostgreSQL database when ICV_TEST_DATABASE_URL
is set. 50 volunteers, 5 coordinators and 5 force users sign in at the same moment; then each
volunteer files a whole report through the pages, step by step, with the next volunteer as
partner, and confirms the report of the one before as soon as it is submitted; each
coordinator reviews the reports of one suite as they are confirmed and refers their issue; each
force user answers the issues of their suite as they are referred. All at once, so the reads
and writes of every kind race. Afterwards the database holds exactly what was sent, once, and
no answer was a server error.
"""

import re
import threading
from datetime import date, timedelta
from functools import partial
from queue import Empty, Queue

import pytest
from sqlalchemy import func, select, update
from werkzeug.security import generate_password_hash

from icv import create_app, migrate
from icv.models import (
    AuditEvent,
    Email,
    IssueStatus,
    Person,
    ReportStatus,
    Role,
    TwoStepKey,
    Visit,
)
from tests import factories
from tests.conftest import database_of_its_own
from tests.served import Browser, Statuses, serving

VOLUNTEERS = 50
SUITES = 5  # a coordinator and a force user for each
TODAY = date.today()
OUTCOMES = [
    {"outcome": "accepted", "age_group": "adult", "sex": "male"},
    {"outcome": "declined", "age_group": "juvenile", "sex": "female"},
    {"outcome": "not_available", "not_available_reason": "asleep"},
    {"outcome": "not_offered", "not_offered_reason": "staff_advised_risk"},
]


def visit_date(number: int) -> date:
    return TODAY - timedelta(days=1 + number % 6)


def detainees(number: int) -> list[dict]:
    """Visit `number`'s detainees, 1 to 4 of them, each with a custody number of its own."""
    rows = OUTCOMES[: 1 + number % 4]
    return [{**row, "custody_number": f"LE/{number:03d}/{n}"} for n, row in enumerate(rows)]


# The reports whose camera is raised at level 3 ("issues-0-level" below).
ESCALATED = [n for n in range(VOLUNTEERS) if 1 + n % 3 == 3]


def camera(number: int) -> str:
    return f"The camera of visit {number} is off."


@pytest.fixture
def busy_scheme(tmp_path):
    """The scheme's people on a database of its own, and the server on it."""
    with database_of_its_own(tmp_path / "busy.sqlite", "icv_busy") as url:
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "a served test"})
        migrate.upgrade(app)
        session = app.extensions["icv.sessionmaker"](info={"app": app})
        suites = [factories.create_suite(session, f"Suite {n}") for n in range(SUITES)]
        person = partial(factories.create_person, session, password=None)
        people = {
            "volunteers": [person(Role.VOLUNTEER) for _ in range(VOLUNTEERS)],
            "coordinators": [person(Role.COORDINATOR) for _ in suites],
            "force": [person(Role.FORCE, suites=[suite]) for suite in suites],
        }
        # Everyone's password hashed as in production (scrypt), once: it is slow by design.
        session.execute(
            update(Person).values(
                password_hash=generate_password_hash(factories.PASSWORD, "scrypt")
            )
        )
        session.commit()
        secrets = dict(session.execute(select(TwoStepKey.person_id, TwoStepKey.secret)).all())
        session.close()
        with serving(url, tmp_path / "server.log") as port:
            yield app, port, suites, people, secrets
        app.extensions["icv.engine"].dispose()


class Day:
    """What the people of the scheme do at once, and what they tell each other as they go (a
    report submitted, confirmed, an issue referred): each waits for what they act on."""

    def __init__(self, port, suites, people, secrets):
        self.suites, self.people, self.secrets = suites, people, secrets
        self.statuses = Statuses()
        self.browsers = {
            p.id: Browser(port, self.statuses) for group in people.values() for p in group
        }
        self.reports = {}  # volunteer number: the report's path
        self.submitted = [threading.Event() for _ in range(VOLUNTEERS)]
        self.confirmed = [Queue() for _ in suites]  # each suite's coordinator's work
        self.referred = [Queue() for _ in suites]  # each suite's force user's work
        self.failed = threading.Event()
        self.failures = []

    def everyone_at_once(self, work):
        """Run `work(person, number)` for everyone (numbered within their group), all starting
        at the same moment; every failure is kept, and stops those waiting on it."""
        everyone = [(p, n) for group in self.people.values() for n, p in enumerate(group)]
        start = threading.Barrier(len(everyone))

        def run(person, number):
            start.wait()
            try:
                work(person, number)
            except BaseException as error:  # kept, and said by the test
                self.failures.append(f"{person.email}: {error!r}")
                self.failed.set()

        threads = [threading.Thread(target=run, args=pair) for pair in everyone]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not any(thread.is_alive() for thread in threads), "still running after 2 minutes"
        assert self.failures == []

    def wait_for(self, event_or_queue):
        while not self.failed.is_set():
            if isinstance(event_or_queue, Queue):
                try:
                    return event_or_queue.get(timeout=0.1)
                except Empty:
                    continue
            if event_or_queue.wait(0.1):
                return None
        raise RuntimeError("stopped: someone else failed")

    # -- signing in ------------------------------------------------------------------------

    def sign_in(self, person, _number):
        browser = self.browsers[person.id]
        answer = browser.fill_in(
            "/sign-in", {"email": person.email, "password": factories.PASSWORD}
        )
        if person.role is not Role.VOLUNTEER:
            assert answer.getheader("Location") == "/sign-in/code", answer.status
            code = factories.next_code(self.secrets[person.id], None)
            answer = browser.fill_in("/sign-in/code", {"code": code})
        assert (answer.status, answer.getheader("Location")) == (302, "/"), answer.text[:300]

    # -- the day's work --------------------------------------------------------------------

    def work(self, person, number):
        {
            Role.VOLUNTEER: self.file_and_confirm,
            Role.COORDINATOR: self.review_and_refer,
            Role.FORCE: self.answer,
        }[person.role](self.browsers[person.id], number)

    def file_and_confirm(self, browser, number):
        """File report `number` through every step, then confirm the one before it."""
        assert browser.get("/").status == 200
        started = browser.fill_in("/", action="/visits/new")
        report = started.getheader("Location").removesuffix("/visit")
        partner = self.people["volunteers"][(number + 1) % VOLUNTEERS]
        day = visit_date(number)
        issues = {
            "issues-0-level": 1 + number % 3,  # the camera, raised from the checklist
            "issues-0-raised_with": "Sergeant A Patel",
        }
        if number % 2 == 0:
            issues |= {
                "issues-1-area": "kitchen_and_food",
                "issues-1-description": f"Cold food on visit {number}.",
                "issues-1-level": "1",
                "issues-1-resolved_on_spot": "y",
            }
        rows = {
            f"detainees-{n}-{key}": value
            for n, row in enumerate(detainees(number))
            for key, value in row.items()
        }
        steps = [
            (
                "visit",
                {
                    "suite_id": self.suites[number % SUITES].id,
                    "visit_date": [day.day, day.month, day.year],
                    "visit_type": "in_person",
                    "partner": partner.id,
                    "outcome": "completed",
                },
            ),
            ("access", {"arrived_at": "14:00", "admitted_at": f"14:0{number % 5}"}),
            ("detainees", rows),
            (
                "checklist",
                {
                    "cctv-state": "concern",
                    "cctv-note": camera(number),
                    "cctv-raise_issue": "y",
                    "showers-state": "satisfactory",
                },
            ),
            (None, issues),  # the issues step, with the camera's row made from its note
            ("observations", {"observations": f"Visit {number}: a busy day."}),
            ("check", {}),
        ]
        went_to = None
        for step, answers in steps:
            page = went_to if step is None else f"{report}/{step}"
            answer = browser.fill_in(page, answers)
            assert answer.status == 302, f"{page}: {answer.status} {answer.text[:500]}"
            went_to = answer.getheader("Location")
        assert went_to == f"{report}/submitted"
        self.reports[number] = report
        self.submitted[number].set()
        assert browser.get("/").status == 200

        before = (number - 1) % VOLUNTEERS  # whose partner this volunteer is
        self.wait_for(self.submitted[before])
        theirs = self.reports[before]
        confirmed = browser.fill_in(theirs, action=f"{theirs}/confirm")
        assert (confirmed.status, confirmed.getheader("Location")) == (302, "/")
        self.confirmed[before % SUITES].put(before)

    def review_and_refer(self, browser, suite_number):
        """Review each report of the suite as it is confirmed, and refer its open issue."""
        for _ in range(VOLUNTEERS // SUITES):
            number = self.wait_for(self.confirmed[suite_number])
            review = self.reports[number].replace("/visits/", "/review/")
            reviewed = browser.fill_in(review, action=f"{review}/reviewed")
            assert (reviewed.status, reviewed.getheader("Location")) == (302, review)
            page = browser.get(review)
            referred = 0
            for issue in sorted(set(re.findall(r'href="(/issues/\d+)"', page.text))):
                if f'action="{issue}/refer"' in browser.get(issue).text:
                    answer = browser.fill_in(issue, action=f"{issue}/refer")
                    assert (answer.status, answer.getheader("Location")) == (302, issue)
                    self.referred[suite_number].put((number, issue))
                    referred += 1
            assert referred == 1, f"{review}: {referred} issues to refer"
            assert browser.get("/review/").status == 200
            assert browser.get("/issues/").status == 200

    def answer(self, browser, suite_number):
        """Answer each issue of the suite as it is referred."""
        for _ in range(VOLUNTEERS // SUITES):
            number, issue = self.wait_for(self.referred[suite_number])
            page = issue.replace("/issues/", "/issues/force/")
            answer = browser.fill_in(
                page,
                {
                    "response": f"Camera {number} mended.",
                    "action_taken_on": [TODAY.day, TODAY.month, TODAY.year],
                },
                action=f"{page}/answer",
            )
            assert (answer.status, answer.getheader("Location")) == (302, page)
            assert browser.get("/issues/force").status == 200


def test_a_busy_day_at_once_on_a_real_server_loses_and_doubles_nothing(busy_scheme):
    app, port, suites, people, secrets = busy_scheme
    day = Day(port, suites, people, secrets)

    day.everyone_at_once(day.sign_in)  # 60 sign-ins at the same moment, 50 of volunteers
    assert dict(day.statuses.counts) == {200: 70, 302: 70}  # no 500, no 429

    day.everyone_at_once(day.work)
    assert day.statuses.errors == []
    assert set(day.statuses.counts) == {200, 302}, day.statuses.counts  # nothing refused

    with app.app_context():
        session = app.extensions["icv.sessionmaker"]()
        check_reports(session, people, day.reports)
        check_audit_and_emails(session, people, day.reports)
        session.close()


def check_reports(session, people, reports):
    """Each volunteer's report, once, exactly as they sent it, reviewed, its camera answered."""
    volunteers, coordinators = people["volunteers"], people["coordinators"]
    visits = session.scalars(select(Visit)).all()
    assert sorted(v.lead_id for v in visits) == sorted(p.id for p in volunteers)
    by_lead = {visit.lead_id: visit for visit in visits}
    for number, lead in enumerate(volunteers):
        visit = by_lead[lead.id]
        assert f"/visits/{visit.id}" == reports[number]
        partner = volunteers[(number + 1) % VOLUNTEERS]
        suite = number % SUITES
        assert (visit.status, visit.confirmed_by_id, visit.reviewed_by_id) == (
            ReportStatus.REVIEWED,
            partner.id,
            coordinators[suite].id,
        )
        assert (visit.visit_date, visit.partner_ids, visit.wait_minutes, visit.observations) == (
            visit_date(number),
            [partner.id],
            number % 5,
            f"Visit {number}: a busy day.",
        )
        assert [
            (d.outcome.value, d.reason, d.custody_number, d.age_group, d.sex)
            for d in visit.detainees
        ] == [
            (
                row["outcome"],
                row.get(f"{row['outcome']}_reason"),
                row["custody_number"],
                row.get("age_group"),
                row.get("sex"),
            )
            for row in detainees(number)
        ]
        expected = [
            (
                "cctv",
                camera(number),
                1 + number % 3,
                IssueStatus.RESPONDED,
                f"Camera {number} mended.",
            )
        ]
        if number % 2 == 0:
            expected.append(
                ("kitchen_and_food", f"Cold food on visit {number}.", 1, IssueStatus.CLOSED, None)
            )
        assert [
            (i.area.value, i.description, i.level, i.status, i.force_response) for i in visit.issues
        ] == expected
        assert [i.referred_at is not None for i in visit.issues] == [True, False][: len(expected)]
        assert [version.number for version in visit.versions] == [1]
        assert len(visit.versions[0].body["detainees"]) == len(detainees(number))


def check_audit_and_emails(session, people, reports_by_number):
    """Every change audited once, and one e-mail for each person each referral and answer
    tells (the suite's force user, and every coordinator), each report waiting for a partner
    tells (the partner), and each level 3 issue escalates (every coordinator on submission,
    the suite's force user on confirmation)."""
    actions = dict(
        session.execute(select(AuditEvent.action, func.count()).group_by(AuditEvent.action)).all()
    )
    reports, staff = VOLUNTEERS, 2 * SUITES
    opened_issues = VOLUNTEERS  # the camera of each report
    assert actions == {
        "person_added": reports + staff,
        "suite_added": SUITES,
        "signed_in": reports + staff,
        "two_step_passed": staff,
        "report_started": reports,
        "report_step_saved": 6 * reports,
        "report_submitted": reports,
        "report_confirmed": reports,
        "report_read": 2 * reports,  # the coordinator opens each report twice
        "report_reviewed": reports,
        "issue_referred": opened_issues,
        "issue_answered": opened_issues,
        # The cameras raised at level 3: escalated to the coordinators, then to the force.
        "issue_escalated": len(ESCALATED),
        "issue_escalated_to_force": len(ESCALATED),
    }
    once = session.execute(
        select(AuditEvent.action, AuditEvent.entity_id, func.count())
        .where(AuditEvent.action.in_(["issue_referred", "issue_answered", "report_reviewed"]))
        .group_by(AuditEvent.action, AuditEvent.entity_id)
    ).all()
    assert len(once) == 3 * reports and {count for *_, count in once} == {1}

    emails = session.execute(select(Email.recipient, Email.subject, Email.body)).all()
    force, coordinators = people["force"], people["coordinators"]
    report_id = {n: path.rsplit("/", 1)[1] for n, path in reports_by_number.items()}

    def about(body):
        """The issue an e-mail is about, else the report it links to."""
        issue = re.search(r"^Issue: (.*)$", body, re.M)
        return issue[1] if issue else re.search(r"/(?:visits|review|reports)/([\w-]{36})", body)[1]

    sent = sorted(
        (recipient, subject.split(":")[0], about(body)) for recipient, subject, body in emails
    )
    partner = people["volunteers"]
    expected = sorted(
        [
            (partner[(n + 1) % VOLUNTEERS].email, "Visit report to confirm", report_id[n])
            for n in range(VOLUNTEERS)
        ]
        + [
            (person.email, "Unacceptable", report_id[n])
            for n in ESCALATED
            for person in [*coordinators, force[n % SUITES]]
        ]
        + [(force[n % SUITES].email, "Issue referred", camera(n)) for n in range(VOLUNTEERS)]
        + [
            (coordinator.email, "Issue answered", camera(n))
            for n in range(VOLUNTEERS)
            for coordinator in coordinators
        ]
    )
    assert sent == expected
