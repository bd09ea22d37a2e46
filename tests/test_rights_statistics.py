"""The board sees what the visitors checked: each right and entitlement as counts and whole
percentages of the detainees seen (half up), vulnerability, TACT detainees and why detainees
declined, the same in the JSON, the CSV, the XLSX and the statistics page."""

import csv
import io
import json
from datetime import date

import openpyxl
import pytest

from icv import periods
from icv.models import RIGHTS, ReportStatus, RightsAnswer, Role
from icv.reporting import exporters, statistics
from tests import factories

YES, NO, NOT_ASKED, DECLINED_TO_SAY = RightsAnswer
# Eight detainees seen: 3 yes (37.5% → 38), 1 no (12.5% → 13), 2 not asked (25%),
# 1 declined to say (12.5% → 13) and 1 not answered.
EIGHT_ANSWERS = [YES, YES, YES, NO, NOT_ASKED, NOT_ASKED, DECLINED_TO_SAY, None]
EXPECTED = {
    "yes": {"count": 3, "percent": 38},
    "no": {"count": 1, "percent": 13},
    "not_asked": {"count": 2, "percent": 25},
    "declined_to_say": {"count": 1, "percent": 13},
    "not_recorded": {"count": 1, "percent": 13},
}


@pytest.fixture
def year_of_answers(db):
    """2016/17: a visit whose eight detainees seen answer every check EIGHT_ANSWERS; a visit of
    declines, TACT and vulnerability; and a draft, never counted."""
    suite = factories.create_suite(db, "Keyham Lane")
    detainees = [
        {"outcome": "accepted", **{check.name: answer for check in RIGHTS}}
        for answer in EIGHT_ANSWERS
    ]
    detainees[0].update(tact=True, mental_health_concern=True, needs_interpreter=True)
    detainees[1].update(needs_interpreter=True, interpreter_present=True, vulnerable=True)
    factories.create_visit(db, suite, date(2016, 6, 1), detainees=detainees)
    factories.create_visit(
        db,
        suite,
        date(2016, 6, 2),
        detainees=[
            {"outcome": "declined", "reason": "too_distressed", "tact": True},
            {"outcome": "declined", "reason": "other", "reason_detail": "Praying"},
            {"outcome": "declined"},
            {"outcome": "not_available", "reason": "asleep", "tact": True},
        ],
    )
    factories.create_visit(
        db,
        suite,
        date(2016, 6, 3),
        status=ReportStatus.DRAFT,
        detainees=[{"outcome": "accepted", check.name: NO} for check in RIGHTS],
    )
    return statistics.compute(db, periods.parse("2016/17"))


@pytest.mark.parametrize("check", RIGHTS, ids=lambda check: check.name)
def test_each_check_is_counted_as_a_whole_percentage_of_detainees_seen(year_of_answers, check):
    assert year_of_answers["detainees"]["accepted"]["count"] == 8
    assert year_of_answers["rights"][check.name] == EXPECTED
    assert json.loads(exporters.to_json(year_of_answers))["rights"][check.name] == EXPECTED


def test_vulnerability_tact_and_declined_reasons_are_counted(year_of_answers):
    stats = year_of_answers
    assert stats["detainees"]["present"] == 12
    assert stats["vulnerability"]["mental_health_concern"] == {"count": 1, "percent": 8}
    assert stats["vulnerability"]["needs_interpreter"] == {"count": 2, "percent": 17}
    # An interpreter present, of the two who needed one.
    assert stats["vulnerability"]["interpreter_present"] == {"count": 1, "percent": 50}
    assert stats["vulnerability"]["appropriate_adult_present"] == {"count": 0, "percent": None}
    assert stats["tact"] == {
        "present": {"count": 3, "percent": 25},
        "seen": {"count": 1, "percent": 33},
    }
    assert stats["declined_reasons"] == {
        "did_not_want_to_talk": 0,
        "too_distressed": 1,
        "waiting_for_solicitor": 0,
        "other": 1,
        "not_recorded": 1,
    }
    assert stats["reasons"]["not_available"]["asleep"] == 1  # the existing keys keep meaning


def test_the_csv_and_the_xlsx_hold_the_rights_table(year_of_answers, tmp_path):
    expected_row = ["3", "38", "1", "13", "2", "25", "1", "13", "1"]
    text = exporters.to_csv(year_of_answers)
    lines = list(csv.reader(io.StringIO(text)))
    start = lines.index(["Rights and entitlements"])
    assert lines[start + 1][:3] == ["Check", "Yes", "Yes (%)"]
    table = {row[0]: row[1:] for row in lines[start + 2 : start + 2 + len(RIGHTS)]}
    assert table == {check.label: expected_row for check in RIGHTS}
    assert ["Too distressed", "1"] in lines
    assert ["Held under the Terrorism Act (TACT)", "3", "25", "present"] in lines

    path = tmp_path / "figures.xlsx"
    path.write_bytes(exporters.to_xlsx(year_of_answers))
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Rights and entitlements"]
    cells = {row[0]: list(row[1:]) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert cells == {check.label: [int(v) for v in expected_row] for check in RIGHTS}
    vulnerability = list(workbook["Vulnerability and TACT"].iter_rows(values_only=True))
    assert ("Mental health concern", 1, 8, "present") in vulnerability
    assert ("Declined reasons" in workbook.sheetnames) is True


def test_the_statistics_page_shows_the_rights_table(client, db, login_as, year_of_answers):
    login_as(Role.COORDINATOR)
    html = client.get("/reports/?period=2016/17").get_data(as_text=True)
    assert 'id="table-rights"' in html and 'id="table-vulnerability"' in html
    table = html.split('id="table-rights"')[1].split("</table>")[0]
    for check in RIGHTS:
        assert check.label in table
    assert table.count(">38<") == len(RIGHTS) and table.count(">13<") == 2 * len(
        RIGHTS
    )  # no, declined to say


def test_the_api_gives_the_same_rights_figures(client, db, login_as, year_of_answers):
    login_as(Role.COORDINATOR)
    figures = client.get("/api/v1/statistics?period=2016/17").json
    assert figures["rights"]["bedding"] == EXPECTED
    assert figures["tact"]["present"]["count"] == 3


def test_the_demo_answers_the_rights_plausibly_with_a_few_tact_detainees_at_one_suite(runner, db):
    from sqlalchemy import func, select

    from icv.models import DetaineeEntry, DetaineeOutcome, Suite, Visit

    assert runner.invoke(args=["demo"]).exit_code == 0
    db.expire_all()
    tact_suites = db.scalars(
        select(Suite.name).join(Visit).join(DetaineeEntry).where(DetaineeEntry.tact).distinct()
    ).all()
    assert tact_suites == ["Euston Street"]
    seen = select(func.count()).where(DetaineeEntry.outcome == DetaineeOutcome.ACCEPTED)
    told = seen.where(DetaineeEntry.told_rights == RightsAnswer.YES)
    assert db.scalar(told) / db.scalar(seen) > 0.85
    nobody_told = seen.where(DetaineeEntry.told_rights.is_(None))
    assert db.scalar(nobody_told) == 0
