"""Numbers out of reach are messages, never server errors: statistics periods beyond the years
a scheme keeps or longer than ten years (finding 15), a suite id past what a database integer
holds (finding 16), and day, month or year parts that overflow a date (finding 9)."""

import json
import re
import uuid
from datetime import date, timedelta

import pytest

from icv import periods
from icv.models import Role
from tests import factories
from tests.conftest import page_text
from tests.test_issues import scheme, signed_in  # noqa: F401 (scheme is a fixture)

TOO_BIG = str(2**31)
DATE_PARTS = [
    [TOO_BIG, "1", "2016"],
    ["1", TOO_BIG, "2016"],
    ["1", "1", TOO_BIG],
    ["-" + TOO_BIG, "1", "2016"],
    ["1", "-" + TOO_BIG, "2016"],
    ["1", "1", "-" + TOO_BIG],
    ["1", "1", "9" * 30],
]
YESTERDAY = date.today() - timedelta(days=1)


def error_beside(response, field: str) -> str:
    """The message the page shows beside `field` (GOV.UK's error message under its label)."""
    html = response.get_data(as_text=True)
    match = re.search(rf'<p id="{field}-error" class="govuk-error-message">(.*?)</p>', html, re.S)
    assert match, f"no message beside {field}"
    return re.sub(r"<[^>]+>|\s+", " ", match[1]).replace("Error:", "").strip()


# -- Statistics periods (finding 15) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9999-12-25..9999-12-31", "The last day must be 31 December 2100 or earlier"),
        ("1989-12-31..1990-01-31", "The first day must be 1 January 1990 or later"),
        ("2100-12-01..2101-01-01", "The last day must be 31 December 2100 or earlier"),
        ("1000-01-01..1999-12-31", "The first day must be 1 January 1990 or later"),
        ("2016-04-01..2026-04-01", "A period can be at most 10 years long"),
        ("1989/90", "Enter a period between 1 January 1990 and 31 December 2100"),
        ("2100/01", "Enter a period between 1 January 1990 and 31 December 2100"),
        ("9998/99", "Enter a period between 1 January 1990 and 31 December 2100"),
    ],
)
def test_a_period_out_of_reach_is_refused_with_what_to_enter(text, message):
    with pytest.raises(periods.PeriodError, match=message):
        periods.parse(text)


@pytest.mark.parametrize(
    "text", ["1990-01-01..1999-12-31", "2091-01-01..2100-12-31", "1990/91", "2099/00", "2100/01 Q3"]
)
def test_the_edges_of_reach_are_periods(text):
    period = periods.parse(text)
    assert periods.FIRST_DAY <= period.start <= period.end <= periods.LAST_DAY


def test_ten_financial_years_are_one_period_and_a_day_more_is_not():
    ten = periods.date_range(date(2010, 4, 1), date(2020, 3, 31))
    assert len(ten.months()) == 120
    with pytest.raises(periods.PeriodError, match="at most 10 years"):
        periods.date_range(date(2010, 4, 1), date(2020, 4, 1))
    leap = periods.date_range(date(2016, 2, 29), date(2026, 2, 28))
    assert leap.end == date(2026, 2, 28)


def test_the_reports_page_says_beside_each_date_what_is_out_of_reach(client, login_as):
    login_as(Role.COORDINATOR)
    early = client.get(
        "/reports/?starts_on=1&starts_on=1&starts_on=1950&ends_on=1&ends_on=1&ends_on=2016"
    )
    assert early.status_code == 200
    assert error_beside(early, "starts_on") == "The first day must be 1 January 1990 or later"
    long = client.get(
        "/reports/?starts_on=1&starts_on=1&starts_on=1995&ends_on=1&ends_on=1&ends_on=2016"
    )
    assert error_beside(long, "ends_on") == "A period can be at most 10 years long"
    assert page_text(long).startswith("Error:")


def test_a_range_ending_in_9999_is_a_message_on_the_page_and_in_the_api(client, login_as):
    login_as(Role.COORDINATOR)
    page = client.get("/reports/?period=9999-12-25..9999-12-31")
    assert page.status_code == 200
    assert error_beside(page, "period") == "The last day must be 31 December 2100 or earlier"
    api = client.get("/api/v1/statistics?period=9999-12-25..9999-12-31")
    assert api.status_code == 422
    assert api.json["errors"]["query"]["period"] == [
        "The last day must be 31 December 2100 or earlier"
    ]
    late = client.get("/api/v1/statistics?starts_on=2100-12-01&ends_on=2101-01-01")
    assert late.json["errors"]["query"] == {
        "ends_on": ["The last day must be 31 December 2100 or earlier"]
    }
    assert client.get("/reports/export/csv?period=9999-12-25..9999-12-31").status_code == 404


def test_a_century_is_refused_at_once_not_counted(client, login_as):
    login_as(Role.COORDINATOR)
    response = client.get("/api/v1/statistics?period=1990-01-01..2100-12-31")
    assert response.status_code == 422
    assert response.json["errors"]["query"]["period"] == ["A period can be at most 10 years long"]
    thousand = client.get("/api/v1/statistics?period=2000-01-01..2999-12-31")
    assert thousand.json["errors"]["query"]["period"] == [
        "The last day must be 31 December 2100 or earlier"
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["range", "9999-12-25", "9999-12-31"], "Error (starts_on): Enter a year from 1900"),
        (["range", "1950-01-01", "1950-12-31"], "Error (starts_on): The first day must be 1"),
        (["range", "2016-04-01", "2026-04-01"], "Error (ends_on): A period can be at most 10"),
        (["range", "2016-04-31", "2016-05-01"], "Error (starts_on): Enter a real date"),
        (["annual", "2100/01"], "Error (year): Enter a period between 1 January 1990 and"),
        (["quarter", "1989/90 Q3"], "Error (quarter): Enter a period between 1 January 1990"),
    ],
)
def test_icv_report_refuses_a_period_out_of_reach_with_exit_1(runner, args, message):
    result = runner.invoke(args=["report", *args])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)


def test_icv_report_range_gives_ten_years(runner):
    result = runner.invoke(args=["report", "range", "2010-04-01", "2020-03-31"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["period"]["label"] == "1 April 2010 to 31 March 2020"


# -- Ids (finding 16) -------------------------------------------------------------------------


@pytest.mark.parametrize("suite_id", ["99999999999999999999999", TOO_BIG, "-1", "0", "1e3"])
def test_a_suite_id_out_of_range_in_the_person_form_is_select_from_the_list(
    client, db, login_as, suite_id
):
    login_as(Role.COORDINATOR)
    factories.create_suite(db, "Keyham Lane")
    new = {"name": "Claire Booth", "email": "claire@example.org", "role": "force"}
    response = client.post("/manage/people/new", data={**new, "suites": suite_id})
    assert response.status_code == 200
    assert error_beside(response, "suites") == "Select suites from the list"
    person = factories.create_person(db, Role.FORCE, email="omar@example.org")
    changed = client.post(
        f"/manage/people/{person.id}",
        data={"name": person.name, "email": person.email, "role": "force", "suites": suite_id},
    )
    assert changed.status_code == 200
    assert error_beside(changed, "suites") == "Select suites from the list"


# -- Date parts (finding 9) -------------------------------------------------------------------


@pytest.mark.parametrize("parts", DATE_PARTS, ids=lambda parts: "/".join(p[:4] for p in parts))
def test_date_parts_out_of_range_are_each_fields_message(app, db, scheme, parts):  # noqa: F811
    issue_id = factories.refer_issue(db, scheme["issue"], scheme["coordinator"]).id
    lead = signed_in(app, scheme["lead"])
    draft = factories.create_report(db, scheme["lead"], suite=scheme["suite"])
    visit = lead.post(f"/visits/{draft.id}/visit", data={"visit_date": parts})
    assert visit.status_code == 200
    assert error_beside(visit, "visit_date") == "Enter a real date"

    visit_id = uuid.uuid4()
    api = lead.put(f"/api/v1/visits/{visit_id}", json={"visit_date": [int(p) for p in parts]})
    assert api.status_code == 422
    assert api.json["errors"]["json"]["visit_date"] == ["Enter a real date"]
    sent = lead.post(
        f"/api/v1/visits/{visit_id}/submit",
        json={"suite_id": scheme["suite"].id, "visit_date": parts},
    )
    assert sent.status_code == 422
    assert sent.json["errors"]["json"]["visit_date"] == ["Enter a real date"]

    force = signed_in(app, scheme["force"])
    answer = force.post(
        f"/issues/force/{issue_id}/answer", data={"response": "Fixed", "action_taken_on": parts}
    )
    assert answer.status_code == 400
    assert "Enter a real date" in page_text(answer)
    answered = force.post(
        f"/api/v1/issues/{issue_id}/answer", json={"response": "Fixed", "action_taken_on": parts}
    )
    assert answered.status_code == 422
    assert answered.json["errors"]["json"]["action_taken_on"] == ["Enter a real date"]

    office = signed_in(app, scheme["coordinator"])
    query = "&".join(f"{name}={part}" for name in ("starts_on",) for part in parts)
    statistics = office.get(f"/reports/?{query}&ends_on=31&ends_on=3&ends_on=2017")
    assert statistics.status_code == 200
    assert error_beside(statistics, "starts_on") == "Enter a real date"
    api_statistics = office.get(
        f"/api/v1/statistics?starts_on={'-'.join(parts)}&ends_on=2017-03-31"
    )
    assert api_statistics.status_code == 422
    for name in ("start", "end"):
        listed = office.get("/review/?" + "&".join(f"{name}={part}" for part in parts))
        assert listed.status_code == 200  # a filter that does not read is left out
    closure = office.post(
        f"/manage/suites/{scheme['suite'].id}/closures/new",
        data={"starts_on": parts, "ends_on": parts, "reason": "Refurbishment"},
    )
    assert closure.status_code == 200
    assert error_beside(closure, "starts_on") == "Enter a real date"
    refer = office.post(f"/issues/{issue_id}/refer-again", data={"due_on": parts, "note": "x"})
    assert refer.status_code < 500
