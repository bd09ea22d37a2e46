"""The same figures on every surface: `icv report`, the downloads and the reports page."""

import csv
import io
import json
import re
from datetime import date

import openpyxl
import pytest

from icv import periods
from icv.models import Role, SuiteClosure
from icv.reporting import exporters, figure_tables, statistics
from tests import factories
from tests import llr_2016_17 as llr
from tests.conftest import page_text
from tests.test_statistics import import_llr


@pytest.fixture
def llr_2016_17(db):
    import_llr(db)


def report(runner, *args):
    result = runner.invoke(args=["report", *args])
    assert result.exit_code == 0, result.output
    return result


def test_icv_report_annual_json_is_product_md_s_json(runner, llr_2016_17):
    figures = json.loads(report(runner, "annual", "2016/17", "--format", "json").output)
    assert {key: figures[key] for key in llr.EXPECTED_JSON} == llr.EXPECTED_JSON
    assert figures["narrative"] == llr.NARRATIVE


def test_icv_report_quarter_gives_the_quarters_figures(runner, llr_2016_17):
    figures = json.loads(report(runner, "quarter", "2016/17 Q4").output)
    assert figures["period"] == {"label": "2016/17 Q4", "start": "2017-01-01", "end": "2017-03-31"}
    assert figures["visits"]["by_suite"] == {"Euston Street": 13, "Keyham Lane": 13}


def test_icv_report_refuses_a_period_of_the_wrong_kind(runner, db):
    result = runner.invoke(args=["report", "annual", "2016/17 Q3"])
    assert result.exit_code == 1
    assert "is not a year: write it like 2016/17" in result.output
    result = runner.invoke(args=["report", "quarter", "2016/18 Q1"])
    assert "is not a financial year" in result.output


def csv_tables(text: str) -> dict:
    """The CSV's tables by title: each a list of rows, the column headings first."""
    tables, current = {}, None
    for row in csv.reader(io.StringIO(text)):
        if not row:
            current = None
        elif current is None:
            current = tables.setdefault(row[0], [])
        else:
            current.append(row)
    return tables


def test_the_csv_holds_the_annual_reports_figures(runner, llr_2016_17, tmp_path):
    path = tmp_path / "2016-17.csv"
    report(runner, "annual", "2016/17", "--format", "csv", "-o", str(path))
    tables = csv_tables(path.read_text(encoding="utf-8"))
    summary = {row[0]: row[1:] for row in tables["Summary"][1:]}
    assert summary["Visits"] == ["145", ""]
    assert summary["Visits abandoned"] == ["0", ""]
    assert summary["Immediate (0 to 5 minutes)"] == ["131", ""]
    assert summary["6 to 15 minutes"] == ["13", ""]
    assert summary["16 minutes or more"] == ["1", ""]
    assert summary["Detainees present"] == ["1083", ""]
    assert summary["Offered a visit"] == ["437", "40"]
    assert summary["Not available"] == ["591", "55"]
    assert summary["Not offered"] == ["55", "5"]
    assert summary["Agreed to be seen"] == ["414", "95"]
    assert summary["Refused"] == ["23", "5"]
    suites = {row[0]: row for row in tables["Visits by suite"][1:]}
    assert suites["Beaumont Leys"][1] == "40" and suites["Beaumont Leys"][7] == "12"
    assert [row[0] for row in tables["Narrative"]] == llr.NARRATIVE


def test_the_xlsx_has_a_sheet_per_table_with_the_same_cells(runner, llr_2016_17, tmp_path):
    path = tmp_path / "2016-17.xlsx"
    report(runner, "annual", "2016/17", "--format", "xlsx", "-o", str(path))
    workbook = openpyxl.load_workbook(path)
    stats_tables = figure_tables.tables(llr_stats(runner))
    assert workbook.sheetnames == [table.title for table in stats_tables] + ["Narrative"]
    summary = {row[0]: row[1:] for row in workbook["Summary"].iter_rows(values_only=True)}
    assert summary["Figure"] == ("Number", "Per cent")
    assert summary["Visits"] == (145, None)
    assert summary["Immediate (0 to 5 minutes)"] == (131, None)
    assert summary["Detainees present"] == (1083, None)
    assert summary["Offered a visit"] == (437, 40)
    assert summary["Agreed to be seen"] == (414, 95)
    assert summary["Refused"] == (23, 5)
    suites = [row for row in workbook["Visits by suite"].iter_rows(values_only=True)]
    assert [row[:2] for row in suites[1:]] == [
        ("Beaumont Leys", 40),
        ("Keyham Lane", 52),
        ("Euston Street", 53),
    ]
    narrative = [row[0] for row in workbook["Narrative"].iter_rows(min_row=2, values_only=True)]
    assert narrative == llr.NARRATIVE


def llr_stats(runner):
    return json.loads(report(runner, "annual", "2016/17").output)


def test_text_that_looks_like_a_formula_stays_text(db, tmp_path):
    suite = factories.create_suite(db, '=HYPERLINK("http://evil.example","Click")')
    db.add(
        SuiteClosure(
            suite_id=suite.id,
            starts_on=date(2016, 5, 1),
            ends_on=date(2016, 5, 31),
            reason="-1+1",
        )
    )
    db.commit()
    factories.create_visit(db, suite, date(2016, 6, 1), wait_minutes=0)
    stats = statistics.compute(db, periods.parse("2016/17"))
    rows = list(csv.reader(io.StringIO(exporters.to_csv(stats))))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil.example","Click")' in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    path = tmp_path / "formula.xlsx"
    path.write_bytes(exporters.to_xlsx(stats))
    sheet = openpyxl.load_workbook(path)["Visits by suite"]
    cell = sheet["A2"]
    assert cell.value == '=HYPERLINK("http://evil.example","Click")'
    assert cell.data_type == "s"  # a string, not a formula
    narrative = openpyxl.load_workbook(path)["Narrative"]["A2"]
    assert narrative.data_type == "s"
    assert narrative.value.startswith("During 2016/17 a total of 1 visit was made")


def test_the_reports_page_shows_the_figures_the_narrative_and_the_charts(
    client, login_as, llr_2016_17
):
    login_as(Role.COORDINATOR)
    response = client.get("/reports/?period=2016/17")
    assert response.status_code == 200
    text = page_text(response)
    assert "Statistics for 2016/17" in text
    for paragraph in llr.NARRATIVE:
        assert paragraph in text
    html = response.get_data(as_text=True)
    assert html.count('role="img"') == 3
    for key in ("chart-months", "chart-access", "chart-detainees"):
        assert f'aria-labelledby="{key}-title {key}-desc"' in html
    assert "Immediate (0 to 5 minutes): 131 visits; 6 to 15 minutes: 13 visits" in text
    assert "Agreed to be seen: 414 detainees; Refused: 23 detainees" in text
    assert re.search(r"Offered a visit\s*</th>\s*<td[^>]*>437</td>\s*<td[^>]*>40</td>", html)
    assert 'href="/reports/export/xlsx?period=2016/17"' in html


def test_the_reports_page_chooses_a_quarter_or_dates(client, db, login_as, llr_2016_17):
    login_as(Role.COORDINATOR)
    quarter = page_text(client.get("/reports/?period=2016/17+Q4"))
    assert "Statistics for 2016/17 Q4" in quarter
    assert "During 2016/17 Q4 (January to March 2017) a total of 26 visits were made" in quarter
    dates = client.get(
        "/reports/?starts_on=1&starts_on=4&starts_on=2016&ends_on=30&ends_on=6&ends_on=2016"
    )
    assert "Statistics for 1 April 2016 to 30 June 2016" in page_text(dates)
    assert "export/csv?period=2016-04-01..2016-06-30" in dates.get_data(as_text=True)


def test_a_period_that_cannot_be_read_is_shown_as_an_error(client, db, login_as):
    login_as(Role.COORDINATOR)
    text = page_text(client.get("/reports/?period=2016/18"))
    assert text.startswith("Error: ")
    assert "2016/18 is not a financial year: write it like 2016/17" in text
    text = page_text(
        client.get("/reports/?starts_on=31&starts_on=2&starts_on=2016&ends_on=&ends_on=&ends_on=")
    )
    assert "Enter a real date" in text
    assert "Enter the last day of the period" in text


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "html"])
def test_each_download_is_an_attachment_of_the_periods_figures(client, login_as, llr_2016_17, fmt):
    login_as(Role.COORDINATOR)
    response = client.get(f"/reports/export/{fmt}?period=2016/17")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == exporters.FORMATS[fmt]  # one charset, not two
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="icv-statistics-2016-17.{fmt}"'
    )
    if fmt == "json":
        assert response.json["detainees"] == llr.EXPECTED_JSON["detainees"]
    if fmt == "html":
        html = response.get_data(as_text=True)
        assert "<style>" in html  # one file, its styles inside, to print or attach
        assert llr.NARRATIVE[2].replace("(e.g.", "(e.g.") in re.sub(r"\s+", " ", html)


def test_an_unknown_format_or_period_is_not_found(client, login_as, db):
    login_as(Role.COORDINATOR)
    assert client.get("/reports/export/pdf?period=2016/17").status_code == 404
    assert client.get("/reports/export/csv?period=someday").status_code == 404


def test_icv_report_html_writes_the_printable_report(runner, llr_2016_17, tmp_path):
    path = tmp_path / "2016-17.html"
    report(runner, "annual", "2016/17", "--format", "html", "-o", str(path))
    html = path.read_text(encoding="utf-8")
    assert "<title>Custody visiting statistics 2016/17</title>" in html
    assert "@media print" in html
    assert html.count("<svg") == 3


def test_the_coordinator_enters_the_forces_detentions(client, db, login_as, llr_2016_17):
    login_as(Role.COORDINATOR)
    response = client.post(
        "/reports/detentions", data={"period": "2016/17", "detentions": "13,168"}
    )
    assert response.status_code == 302
    assert "2016/17: 13,168 persons detained by the force" in page_text(
        client.get(response.location)
    )
    assert "out of 13,168 persons detained during the year" in page_text(
        client.get("/reports/?period=2016/17")
    )
    bad = page_text(client.post("/reports/detentions", data={"period": "2016", "detentions": "x"}))
    assert "Enter a period like" in bad
    assert "Enter the number of persons detained as a whole number" in bad
