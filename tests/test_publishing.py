"""The coordinator publishes a quarter or a year to the board: its figures are frozen, and a
report amended or visits imported later show as a difference, never silently."""

import io
import json
from datetime import date

import openpyxl

from icv import periods
from icv.models import AuditEvent, PublishedStatistics, Role
from icv.reporting import published, statistics
from icv.services import imports, publishing, visit_reports
from tests import factories
from tests import llr_2016_17 as llr
from tests.conftest import page_text
from tests.test_statistics import import_llr

Q3 = "2016/17 Q3"
EXTRA_VISIT = {  # one more visit to Keyham Lane in October 2016, imported late
    "date": "2016-10-12",
    "suite": "Keyham Lane",
    "arrived": "10:00",
    "admitted": "10:02",
    "wait_minutes": "",
    "visitors": "",
    "accepted": "2",
    "declined": "0",
    "not_available": "1",
    "not_offered": "0",
}


def import_one_more_visit(db):
    header = llr.HEADER.split(",")
    text = llr.HEADER + "\n" + ",".join(EXTRA_VISIT[column] for column in header) + "\n"
    with db.info["app"].app_context():
        imports.import_visits(db, None, text.encode())
    db.commit()


def json_download(client, period, **args):
    response = client.get("/reports/export/json", query_string={"period": period, **args})
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))


def test_after_publishing_an_import_into_the_quarter_changes_no_published_figure(
    client, db, login_as, runner
):
    import_llr(db)
    coordinator = login_as(Role.COORDINATOR, name="Alex Coordinator")
    before = json_download(client, Q3)
    assert "published" not in before

    response = client.post("/reports/publish", data={"period": Q3})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/reports/?period=2016/17+Q3")
    first = json_download(client, Q3)
    assert first["published"]["revision"] == 1
    assert first["published"]["published_by"] == "Alex Coordinator"
    assert {key: first[key] for key in before} == before

    import_one_more_visit(db)
    again = json_download(client, Q3)
    assert again["visits"] == first["visits"] and again["detainees"] == first["detainees"]
    live = json_download(client, Q3, live="1")
    assert live["visits"]["total"] == first["visits"]["total"] + 1
    assert "published" not in live

    # The command and the API read the published figures too; --live the figures of now.
    quarter = runner.invoke(args=["report", "quarter", Q3])
    assert json.loads(quarter.stdout)["visits"] == first["visits"]
    assert "Warning: The live figures have changed since publication" in quarter.stderr
    quarter = runner.invoke(args=["report", "quarter", Q3, "--live"])
    assert json.loads(quarter.output)["visits"]["total"] == live["visits"]["total"]
    api = client.get("/api/v1/statistics", query_string={"period": Q3}).json
    assert api["visits"] == first["visits"] and api["published"]["revision"] == 1

    # The page says when and by whom, and what has changed since.
    total = first["visits"]["total"]
    keyham = first["visits"]["by_suite"]["Keyham Lane"]
    page = page_text(client.get("/reports/", query_string={"period": Q3}))
    assert "Published on" in page and "by Alex Coordinator (as at" in page
    assert "The live figures have changed since these were published" in page
    assert f"Visits: {total} published, {total + 1} now" in page
    assert f"Visits to Keyham Lane: {keyham} published, {keyham + 1} now" in page
    assert "Publish a revision" in page
    events = db.query(AuditEvent).filter_by(action="statistics_published").all()
    assert [event.actor_id for event in events] == [coordinator.id]
    assert events[0].after["revision"] == 1 and events[0].after["period"] == Q3


def test_an_amended_report_does_not_change_the_published_quarter(client, db, login_as):
    lead = factories.create_person(db, Role.VOLUNTEER)
    visit = factories.create_report(
        db, lead, status="reviewed", visit_date=date(2026, 7, 8), detainees=("accepted",)
    )
    quarter = periods.parse("2026/27 Q2")
    with db.info["app"].app_context():
        publishing.publish(db, factories.create_person(db, Role.COORDINATOR), quarter)
        db.commit()
    assert published.figures(db, quarter)["detainees"]["present"] == 1

    factories.request_amendment(db, visit, "Two were seen")
    factories.save_draft(
        db, lead, visit, detainees=[{"outcome": "accepted"}, {"outcome": "declined"}]
    )
    with db.info["app"].app_context():
        visit_reports.submit(db, lead, visit)
        db.commit()

    assert statistics.compute(db, quarter)["detainees"]["present"] == 2
    frozen = published.figures(db, quarter)
    assert frozen["detainees"]["present"] == 1 and frozen["published"]["revision"] == 1
    login_as(Role.COORDINATOR)
    page = page_text(client.get("/reports/", query_string={"period": "2026/27 Q2"}))
    assert "Detainees present: 1 published, 2 now" in page
    assert "Detainees who refused: 0 published, 1 now" in page


def test_a_revision_keeps_the_first_and_each_can_be_read(client, db, login_as):
    import_llr(db)
    login_as(Role.COORDINATOR, name="Sam Publisher")
    client.post("/reports/publish", data={"period": Q3})
    first_total = json_download(client, Q3)["visits"]["total"]
    import_one_more_visit(db)

    assert client.post("/reports/publish", data={"period": Q3}).status_code == 302
    newest = json_download(client, Q3)
    assert newest["published"]["revision"] == 2
    assert newest["visits"]["total"] == first_total + 1
    assert json_download(client, Q3, revision="1")["visits"]["total"] == first_total
    never = client.get("/reports/export/json", query_string={"period": Q3, "revision": "9"})
    assert never.status_code == 404  # not revision 2 in its place
    kept = db.query(PublishedStatistics).order_by(PublishedStatistics.revision).all()
    assert [(item.label, item.revision) for item in kept] == [(Q3, 1), (Q3, 2)]

    page = page_text(client.get("/reports/", query_string={"period": Q3}))
    assert "Revision 2, published on" in page
    assert "Revision 1 : published on" in page and "by Sam Publisher" in page
    assert "The live figures have changed" not in page
    earlier = page_text(client.get("/reports/", query_string={"period": Q3, "revision": 1}))
    assert "an earlier revision" in earlier
    assert f"Visits: {first_total} published, {first_total + 1} now" in earlier


def test_the_as_at_time_is_that_of_the_newest_report_counted(db):
    factories.create_report(db, status="reviewed", visit_date=date(2026, 4, 20))
    newest = factories.create_report(db, status="reviewed", visit_date=date(2026, 5, 2))
    factories.create_report(db, status="draft", visit_date=date(2026, 5, 3))
    quarter = periods.parse("2026/27 Q1")
    with db.info["app"].app_context():
        publication = publishing.publish(db, None, quarter)
    assert publication.as_at == newest.updated_at
    assert publication.figures["visits"]["total"] == 2


def test_only_a_coordinator_publishes_and_only_a_year_or_a_quarter(client, db, login_as):
    login_as(Role.VOLUNTEER)
    assert client.post("/reports/publish", data={"period": Q3}).status_code == 404
    client.post("/sign-out")
    login_as(Role.FORCE)
    assert client.post("/reports/publish", data={"period": Q3}).status_code == 404
    client.post("/sign-out")
    login_as(Role.COORDINATOR)
    for period in ("", "2016/18", "2016-04-01 to 2016-05-01", "x" * 500):
        response = client.post("/reports/publish", data={"period": period}, follow_redirects=True)
        assert response.status_code == 200
        assert "There is a problem" in page_text(response)
    said = page_text(
        client.post("/reports/publish", data={"period": "2016/18"}, follow_redirects=True)
    )
    assert "is not a financial year" in said
    assert db.query(PublishedStatistics).count() == 0


def test_an_unpublished_period_offers_publishing_and_a_range_does_not(client, db, login_as):
    import_llr(db)
    login_as(Role.COORDINATOR)
    page = page_text(client.get("/reports/", query_string={"period": Q3}))
    assert "Publish to the board" in page and "Publish these figures" in page
    assert "Published on" not in page
    ranged = page_text(
        client.get(
            "/reports/",
            query_string={
                "starts_on": ["1", "10", "2016"],
                "ends_on": ["30", "11", "2016"],
            },
        )
    )
    assert "Statistics for" in ranged and "Publish these figures" not in ranged


def test_two_publishing_at_once_the_second_is_told(client, db, login_as, monkeypatch):
    import_llr(db)
    login_as(Role.COORDINATOR)
    client.post("/reports/publish", data={"period": Q3})
    # The second read the revisions before the first's was stored.
    monkeypatch.setattr(publishing, "_newest", lambda session, period: None)
    response = client.post("/reports/publish", data={"period": Q3})
    assert response.status_code == 409
    assert "was published by someone else at the same moment" in page_text(response)
    assert db.query(PublishedStatistics).count() == 1


def test_every_download_of_published_figures_says_so(client, db, login_as):
    import_llr(db)
    login_as(Role.COORDINATOR, name="Alex Coordinator")
    client.post("/reports/publish", data={"period": "2016/17"})
    said = "Published on "
    csv_lines = client.get("/reports/export/csv?period=2016/17").get_data(as_text=True)
    assert csv_lines.splitlines()[1].startswith(said)
    assert "by Alex Coordinator (as at " in csv_lines.splitlines()[1]
    html = page_text(client.get("/reports/export/html?period=2016/17"))
    assert said in html and "by Alex Coordinator" in html
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get("/reports/export/xlsx?period=2016/17").data)
    )
    assert workbook["Narrative"]["A2"].value.startswith(said)
    live = client.get("/reports/export/csv?period=2016/17&live=1").get_data(as_text=True)
    assert said not in live


def test_a_revision_past_any_there_can_be_is_not_found_never_a_500(client, db, login_as):
    import_llr(db)
    login_as(Role.COORDINATOR)
    client.post("/reports/publish", data={"period": Q3, "based_on": "0"})
    for revision in ("99999999999999999999999", "9223372036854775808", "2147483648", "0", "-1"):
        for fmt in ("json", "docx", "csv"):
            response = client.get(
                f"/reports/export/{fmt}", query_string={"period": Q3, "revision": revision}
            )
            assert response.status_code == 404, (fmt, revision)
        page = client.get("/reports/", query_string={"period": Q3, "revision": revision})
        assert page.status_code == 404
    assert json_download(client, Q3, revision="1")["published"]["revision"] == 1


def test_a_revision_never_published_is_not_found_not_the_newest_in_its_place(client, db, login_as):
    import_llr(db)
    login_as(Role.COORDINATOR)
    client.post("/reports/publish", data={"period": Q3, "based_on": "0"})
    for period, revision in ((Q3, "2"), ("2016/17", "1")):  # one too many; a year never published
        for fmt in ("json", "csv"):
            response = client.get(
                f"/reports/export/{fmt}", query_string={"period": period, "revision": revision}
            )
            assert response.status_code == 404, (period, revision, fmt)
        page = client.get("/reports/", query_string={"period": period, "revision": revision})
        assert page.status_code == 404, (period, revision)
    for revision in ("2", "abc", "0"):  # the live figures asked for: no revision is read
        asked = {"period": Q3, "revision": revision, "live": "1"}
        assert client.get("/reports/", query_string=asked).status_code == 200
        assert client.get("/reports/export/json", query_string=asked).status_code == 200

    def from_api(**asked):
        return client.get("/api/v1/statistics", query_string={"period": Q3, **asked})

    assert from_api(revision="2").status_code == 404
    assert from_api(revision="abc").status_code == 422
    assert from_api(revision="1").get_json()["published"]["revision"] == 1
    assert "published" not in from_api(revision="2", live="true").get_json()  # live figures
    assert json_download(client, Q3, revision="1")["published"]["revision"] == 1


def test_a_second_click_or_identical_figures_publish_no_second_revision(client, db, login_as):
    import_llr(db)
    login_as(Role.COORDINATOR)
    page = client.get("/reports/", query_string={"period": Q3}).get_data(as_text=True)
    assert 'name="based_on" value="0"' in page
    assert client.post("/reports/publish", data={"period": Q3, "based_on": "0"}).status_code == 302
    twice = client.post("/reports/publish", data={"period": Q3, "based_on": "0"})
    assert twice.status_code == 409
    assert "Revision 1 was published meanwhile" in page_text(twice)
    back = 'href="/reports/?period=2016/17+Q3">See the figures of 2016/17 Q3 as they are now'
    assert back in twice.get_data(as_text=True)
    same = client.post("/reports/publish", data={"period": Q3, "based_on": "1"})
    assert same.status_code == 409
    assert "there is nothing new to publish" in page_text(same)
    assert "nothing new to publish" in page_text(client.get("/reports/?period=2016/17+Q3"))
    assert db.query(PublishedStatistics).count() == 1

    import_one_more_visit(db)
    page = client.get("/reports/", query_string={"period": Q3}).get_data(as_text=True)
    assert 'name="based_on" value="1"' in page
    assert client.post("/reports/publish", data={"period": Q3, "based_on": "1"}).status_code == 302
    assert client.post("/reports/publish", data={"period": Q3, "based_on": "1"}).status_code == 409
    assert [item.revision for item in db.query(PublishedStatistics)] == [1, 2]


def test_every_download_and_the_cli_say_when_the_live_figures_have_changed(
    client, db, login_as, runner, tmp_path
):
    from docx import Document

    from tests.test_board_paper import text_of

    import_llr(db)
    login_as(Role.COORDINATOR)
    client.post("/reports/publish", data={"period": Q3, "based_on": "0"})
    unchanged = json_download(client, Q3)["published"]
    assert unchanged["live_figures_differ"] is False and unchanged["live_differences"] == []
    assert "have changed" not in client.get(f"/reports/export/csv?period={Q3}").get_data(
        as_text=True
    )
    import_one_more_visit(db)
    total = json_download(client, Q3)["visits"]["total"]

    block = json_download(client, Q3)["published"]
    assert block["live_figures_differ"] is True
    assert f"Visits: {total} published, {total + 1} now" in block["live_differences"]
    said = "The live figures have changed since publication: "
    said += f"Visits: {total} published, {total + 1} now"
    csv_text = client.get(f"/reports/export/csv?period={Q3}").get_data(as_text=True)
    assert said in csv_text.splitlines()[2]
    assert said in page_text(client.get(f"/reports/export/html?period={Q3}"))
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/reports/export/xlsx?period={Q3}").data)
    )
    assert workbook["Narrative"]["A3"].value.startswith(said)
    paper = Document(io.BytesIO(client.get(f"/reports/export/docx?period={Q3}").data))
    assert said in text_of(paper)
    api = json.loads(client.get("/api/v1/statistics", query_string={"period": Q3}).data)
    assert api["published"]["live_figures_differ"] is True

    result = runner.invoke(args=["report", "quarter", Q3, "-o", str(tmp_path / "q3.json")])
    assert result.exit_code == 0, result.output
    assert f"Warning: {said}" in result.stderr
