"""Every input rule has one home: its message is written once, in a schema or a service, and no
form says anything of its own; the form and the CSV import give the same verdict on a visit."""

import ast
import io
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from icv.models import Role, Visit, VisitSource
from icv.schemas.statistics import COLUMNS
from tests import factories

ICV = Path(__file__).resolve().parent.parent / "icv"
# Where a message is given: the keywords and exceptions that carry one.
MESSAGE_KEYWORDS = {"required", "invalid", "error", "message"}
MESSAGE_CALLS = {
    *("ValidationError", "Invalid", "NotAllowedNow", "Conflict", "add", "make_error"),
    *("not_after_today", "not_before_today", "not_before", "Regexp", "Email", "Length"),
}


def _text(node) -> str | None:
    """A string literal, or an f-string with its holes written {}."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def messages_in(path: Path) -> list[str]:
    """The messages a module defines: given to a field as `required=`, `invalid=` or `error=`,
    in `error_messages`, or raised in ValidationError, Invalid and the like."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.keyword) and node.arg in MESSAGE_KEYWORDS:
            found.append(_text(node.value))
        elif isinstance(node, ast.keyword) and node.arg == "error_messages":
            found += [_text(value) for value in getattr(node.value, "values", [])]
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in MESSAGE_CALLS:
                found += [_text(arg) for arg in node.args]
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            if any(getattr(t, "id", "") == "default_error_messages" for t in node.targets):
                found += [_text(value) for value in node.value.values]
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            found.append(_text(node.value))  # a message kept in a constant
    return [text for text in found if text and len(text.split()) >= 3]


def modules(pattern: str) -> list[Path]:
    return sorted(ICV.glob(pattern))


def test_no_form_defines_a_rule_or_a_message():
    for path in modules("**/forms.py"):
        assert "validators=" not in path.read_text(), f"{path.relative_to(ICV)} checks input"
    rules = {
        m for p in modules("schemas/*.py") + modules("services/**/*.py") for m in messages_in(p)
    }
    for path in modules("**/forms.py"):
        said = {
            text
            for node in ast.walk(ast.parse(path.read_text()))
            if (text := _text(node)) is not None
        }
        assert said & rules == set(), f"{path.relative_to(ICV)} repeats a rule's message"


def test_every_rule_message_is_written_once():
    counted = Counter(
        message
        for path in modules("schemas/*.py") + modules("services/**/*.py")
        for message in messages_in(path)
    )
    assert counted, "no message found: the check itself is broken"
    assert [message for message, times in counted.items() if times > 1] == []


# -- The same verdict from the visit report's pages and from the CSV import ---------------------

YESTERDAY = date.today() - timedelta(days=1)
# (date, arrived, admitted): each is either a visit or not, whether filed or imported.
CASES = [
    pytest.param(YESTERDAY, "10:00", "10:05", True, id="an ordinary visit"),
    pytest.param(YESTERDAY, "23:58", "00:05", True, id="let in after midnight"),
    pytest.param(YESTERDAY, "10:00", "17:00", True, id="a seven hour wait"),
    pytest.param(YESTERDAY, "14.05", "14.09", True, id="times written with a dot"),
    pytest.param(YESTERDAY, "14:10", "14:05", False, id="let in before arriving"),
    pytest.param(YESTERDAY, "25:00", "10:05", False, id="no such time"),
    pytest.param(YESTERDAY, "", "10:05", False, id="no arrival time"),
    pytest.param(YESTERDAY, "", "", False, id="no times at all"),
    pytest.param(date.today() + timedelta(days=1), "10:00", "10:05", False, id="tomorrow"),
    pytest.param(date(1999, 12, 31), "10:00", "10:05", False, id="last century"),
    pytest.param(date(2000, 1, 1), "10:00", "10:05", True, id="the first day of history"),
    pytest.param("2016-02-30", "10:00", "10:05", False, id="no such day"),
]


def filed_by_form(client, db, lead, suite, day, arrived, admitted) -> bool:
    """Whether the visit step and the access step of the pages take the visit."""
    visit = factories.create_report(db, lead, suite=suite)
    year, month, day_of_month = str(day).split("-")
    visit_step = client.post(
        f"/visits/{visit.id}/visit",
        data={
            "suite_id": str(suite.id),
            "visit_date": [day_of_month, month, year],
            "visit_type": "in_person",
            "partner": str(visit.partner_ids[0]),
            "outcome": "completed",
        },
    )
    access_step = client.post(
        f"/visits/{visit.id}/access",
        data={
            "arrived_at": arrived,
            "admitted_at": admitted,
            "delay_reason": "Fire alarm",  # so that a long wait is refused only for its times
            "delay_authorised_by": "Inspector J Smith",
        },
    )
    return visit_step.status_code == 302 and access_step.status_code == 302


def imported(client, db, day, arrived, admitted) -> bool:
    """Whether the CSV import takes the visit, as one row of a file."""
    header = ",".join(COLUMNS)
    row = f"{day},Keyham Lane,{arrived},{admitted},,,1,0,0,0"
    response = client.post(
        "/reports/import",
        data={"file": (io.BytesIO(f"{header}\n{row}\n".encode()), "visits.csv")},
        content_type="multipart/form-data",
    )
    taken = db.scalar(select(func.count()).where(Visit.source == VisitSource.IMPORT))
    return response.status_code == 302 and taken == 1


@pytest.mark.parametrize(("day", "arrived", "admitted", "a_visit"), CASES)
def test_the_form_and_the_import_give_the_same_verdict(
    client, db, login_as, day, arrived, admitted, a_visit
):
    suite = factories.create_suite(db, "Keyham Lane")
    filed = filed_by_form(client, db, login_as(Role.VOLUNTEER), suite, day, arrived, admitted)
    client.post("/sign-out")
    login_as(Role.COORDINATOR)
    assert (filed, imported(client, db, day, arrived, admitted)) == (a_visit, a_visit)
