"""With no signal: a report written on the phone, kept as it is typed, put in the outbox and
sent once when the signal returns; a step of a report on the server kept on the phone until it
is saved; signing out with reports not sent."""

import uuid

import pytest
from flask import request_started
from playwright.sync_api import expect
from sqlalchemy import func, select

from icv.demo import PASSWORD
from icv.models import Visit
from tests.browser.checks import check_page, take_problems
from tests.browser.test_journeys import give_password, heading, open_menu, sign_in

pytestmark = pytest.mark.browser

VOLUNTEER = "volunteer@example.org"


@pytest.fixture
def served_paths(live_app):
    """The paths the server was asked for while the test ran, except the browser's own check
    for a newer service worker (sent with `Service-Worker: script`): Chromium makes it after a
    navigation from its browser process, which Playwright's offline emulation does not reach,
    and with no signal it fails harmlessly. Every page, asset and API call is still counted."""
    paths = []

    def record(_sender, **_extra):
        from flask import request

        if request.headers.get("Service-Worker") != "script":
            paths.append(request.path)

    request_started.connect(record, live_app, weak=False)
    yield paths
    request_started.disconnect(record, live_app)


@pytest.fixture(scope="module")
def second_volunteer(live_app):
    """Another demo volunteer, with the demo password set, to sign in on the same phone."""
    give_password(live_app, "priya.mistry@example.org", PASSWORD)
    return "priya.mistry@example.org"


def stored(live_app, report_id):
    with live_app.app_context():
        session = live_app.extensions["icv.sessionmaker"]()
        try:
            visit = session.get(Visit, uuid.UUID(report_id))
            if visit is None:
                return None
            return {
                "status": visit.status.value,
                "suite": visit.suite.name,
                "visit_date": visit.visit_date,
                "partners": [v.name for v in visit.partners],
                "arrived_at": visit.arrived_at.strftime("%H:%M"),
                "admitted_at": visit.admitted_at.strftime("%H:%M"),
                "detainees": [
                    (d.outcome.value, d.reason, d.age_group and d.age_group.value, d.welfare_notes)
                    for d in visit.detainees
                ],
                "concerns": {
                    c.area.value: c.note for c in visit.checks if c.state.value == "concern"
                },
                "issues": [(i.area.value, i.description, i.level) for i in visit.issues],
                "observations": visit.observations,
            }
        finally:
            session.close()


def visits_counted(live_app) -> int:
    with live_app.app_context():
        session = live_app.extensions["icv.sessionmaker"]()
        try:
            return session.scalar(select(func.count()).select_from(Visit))
        finally:
            session.close()


def ready_phone(new_context, live_server):
    """A phone signed in as the demo volunteer, ready for no signal: (context, page)."""
    context = new_context()
    page = context.new_page()
    ready_for_no_signal(page, live_server)
    return context, page


def ready_for_no_signal(page, live_server):
    sign_in(page, live_server, VOLUNTEER)
    expect(heading(page)).to_have_text("Your visits")
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "yes")
    expect(page.get_by_text("This phone is ready to work without a signal")).to_be_visible()


def fill_report(page):
    page.get_by_label("Keyham Lane").check()
    page.get_by_label("Your partner").select_option(index=1)
    page.get_by_label("In person").check()
    page.get_by_label("Completed").check()
    page.get_by_label("Time you arrived and asked to be let in").fill("14:05")
    page.get_by_label("Time you were let in").fill("14:07")
    rows = page.locator('[data-rows="detainees"] [data-row]')
    first = rows.nth(0)
    first.locator('input[name$="-outcome"][value="accepted"]').check()
    first.get_by_label("Adult", exact=True).check()
    first.get_by_label("Welfare notes (optional)").fill("Offered food and a drink")
    page.get_by_role("button", name="Add another detainee").tap()
    second = rows.nth(1)
    second.locator('input[name$="-outcome"][value="not_available"]').check()
    second.locator('input[name$="-not_available_reason"][value="asleep"]').check()
    cctv = page.get_by_role("group", name="CCTV", exact=True)
    cctv.get_by_label("Concern", exact=True).check()
    cctv.get_by_label("Describe the concern").fill("Camera in cell 2 not recording")
    page.get_by_role("button", name="Add an issue").tap()
    issue = page.locator('[data-rows="issues"] [data-row]').nth(0)
    issue.get_by_label("Area").select_option(label="CCTV")
    issue.get_by_label("What is the issue?").fill("Camera in cell 2 not working")
    issue.get_by_label("2 – urgent").check()
    page.get_by_label("Other observations (optional)").fill("A quiet night.")


def test_a_report_written_with_no_signal_is_sent_once_when_the_signal_returns(
    live_server, live_app, new_context, served_paths
):
    context, page = ready_phone(new_context, live_server)
    before = visits_counted(live_app)

    context.set_offline(True)
    served_paths.clear()
    page.goto(live_server + "/visits/on-this-phone")
    expect(heading(page)).to_have_text("Visit report on this phone")
    fill_report(page)
    partner = page.get_by_label("Your partner").locator("option:checked").inner_text()
    report_id = page.evaluate("() => location.hash.slice(1)")
    expect(page.locator("[data-saved-status]")).to_contain_text("Kept on this phone at")
    check_page(page)
    page.get_by_role("button", name="Submit report").tap()
    expect(heading(page)).to_have_text("Outbox")
    outbox = page.locator("[data-outbox]")
    expect(outbox).to_contain_text("Keyham Lane")
    expect(outbox).to_contain_text("Waiting to send")
    check_page(page)
    assert served_paths == [], "with no signal, the pages came from the phone"
    assert stored(live_app, report_id) is None

    context.set_offline(False)
    expect(outbox).to_contain_text("Sent", timeout=15_000)
    expect(outbox.get_by_role("link", name="See the report")).to_be_visible()
    check_page(page)
    assert visits_counted(live_app) == before + 1
    report = stored(live_app, report_id)
    assert report["status"] == "submitted"
    assert report["suite"] == "Keyham Lane" and report["partners"] == [partner]
    assert (report["arrived_at"], report["admitted_at"]) == ("14:05", "14:07")
    assert report["detainees"] == [
        ("accepted", None, "adult", "Offered food and a drink"),
        ("not_available", "asleep", None, None),
    ]
    assert report["concerns"] == {"cctv": "Camera in cell 2 not recording"}
    assert report["issues"] == [("cctv", "Camera in cell 2 not working", 2)]
    assert report["observations"] == "A quiet night."

    # Sent again (another tab, a retry): stored once.
    page.reload()
    expect(outbox).to_contain_text("Sent")
    assert visits_counted(live_app) == before + 1


def test_a_report_on_the_phone_is_there_again_after_the_page_is_closed(live_server, new_context):
    context, page = ready_phone(new_context, live_server)
    page.goto(live_server + "/visits/on-this-phone#new")
    page.get_by_label("Beaumont Leys").check()
    page.get_by_label("Time you arrived and asked to be let in").fill("09:30")
    row = page.locator('[data-rows="detainees"] [data-row]').nth(0)
    row.locator('input[name$="-outcome"][value="declined"]').check()
    page.get_by_role("button", name="Add another detainee").tap()
    page.get_by_label("Other observations (optional)").fill("Half written")
    expect(page.locator("[data-saved-status]")).to_contain_text("Kept on this phone at")
    report_id = page.evaluate("() => location.hash.slice(1)")
    page.close()

    again = context.new_page()
    again.goto(live_server + "/visits/on-this-phone")
    expect(again).to_have_url(f"{live_server}/visits/on-this-phone#{report_id}")
    expect(again.get_by_label("Beaumont Leys")).to_be_checked()
    expect(again.get_by_label("Time you arrived and asked to be let in")).to_have_value("09:30")
    rows = again.locator('[data-rows="detainees"] [data-row]')
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator('input[name$="-outcome"][value="declined"]')).to_be_checked()
    expect(again.get_by_label("Other observations (optional)")).to_have_value("Half written")
    check_page(again)

    again.reload()  # and after a reload
    expect(again.get_by_label("Other observations (optional)")).to_have_value("Half written")
    again.goto(live_server + "/visits/outbox")
    expect(again.locator("[data-outbox]")).to_contain_text("Not submitted")
    expect(again.get_by_role("link", name="Continue writing it")).to_have_attribute(
        "href", f"/visits/on-this-phone#{report_id}"
    )


def test_a_step_posted_with_no_signal_is_kept_and_the_report_carried_on_on_the_phone(
    live_server, live_app, new_context
):
    context, page = ready_phone(new_context, live_server)
    page.get_by_role("button", name="Start a visit report").tap()
    expect(heading(page)).to_have_text("The visit")
    report_id = page.url.split("/")[-2]
    page.get_by_label("Euston Street").check()
    page.get_by_label("Your partner").select_option(index=2)
    partner = page.get_by_label("Your partner").locator("option:checked").inner_text()
    page.get_by_role("button", name="Save and continue").tap()
    expect(heading(page)).to_have_text("Access to the suite")
    page.get_by_label("Time you arrived and asked to be let in").fill("10:00")
    page.get_by_label("Time you were let in").fill("10:01")

    context.set_offline(True)
    page.get_by_role("button", name="Save and continue").tap()
    expect(heading(page)).to_have_text("No signal")
    check_page(page)

    # With the signal back, the step opened again has what was typed, to save.
    context.set_offline(False)
    page.goto(f"{live_server}/visits/{report_id}/access")
    expect(page.get_by_label("Time you arrived and asked to be let in")).to_have_value("10:00")
    expect(page.get_by_text("was not saved, so it is back on the page")).to_be_visible()
    check_page(page)

    # Or, with no signal, carried on on the phone: sent under the report's own id.
    context.set_offline(True)
    page.get_by_role("button", name="Save and continue").tap()
    expect(heading(page)).to_have_text("No signal")
    page.get_by_role("link", name="Carry on writing this report on the phone").tap()
    expect(heading(page)).to_have_text("Visit report on this phone")
    expect(page.get_by_label("Euston Street")).to_be_checked()
    expect(page.get_by_label("Time you were let in")).to_have_value("10:01")
    row = page.locator('[data-rows="detainees"] [data-row]').nth(0)
    row.locator('input[name$="-outcome"][value="accepted"]').check()
    page.get_by_label("Completed").check()
    page.get_by_role("button", name="Submit report").tap()
    expect(page.locator("[data-outbox]")).to_contain_text("Waiting to send")
    context.set_offline(False)
    expect(page.locator("[data-outbox]")).to_contain_text("Sent", timeout=15_000)
    report = stored(live_app, report_id)
    assert report["status"] == "submitted"
    assert report["suite"] == "Euston Street" and report["partners"] == [partner]
    assert (report["arrived_at"], report["admitted_at"]) == ("10:00", "10:01")
    assert report["detainees"] == [("accepted", None, None, None)]


def test_a_report_refused_says_why_and_is_changed_and_sent_again(live_server, new_context):
    _context, page = ready_phone(new_context, live_server)
    page.goto(live_server + "/visits/on-this-phone#new")
    page.get_by_label("Keyham Lane").check()
    page.get_by_label("In person").check()
    row = page.locator('[data-rows="detainees"] [data-row]').nth(0)
    row.locator('input[name$="-outcome"][value="not_available"]').check()  # no reason given
    page.get_by_role("button", name="Submit report").tap()

    outbox = page.locator("[data-outbox]")
    expect(outbox).to_contain_text("Refused", timeout=15_000)
    expect(outbox).to_contain_text("Select your partner: an in-person visit is made by two")
    expect(outbox).to_contain_text("detainee 1")
    # The server's 422, which Chromium notes in the console, is the refusal shown.
    assert all("status of 422" in problem for problem in take_problems(page))
    check_page(page)

    page.get_by_role("link", name="Change it and submit it again").tap()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("The report was refused")
    summary.get_by_role("link", name="Select your partner: an in-person visit is made by two").tap()
    expect(page.get_by_label("Your partner")).to_be_focused()
    check_page(page)
    page.get_by_label("Your partner").select_option(index=1)
    page.get_by_label("Completed").check()
    page.get_by_label("Time you arrived and asked to be let in").fill("21:00")
    page.get_by_label("Time you were let in").fill("21:02")
    row.locator('input[name$="-not_available_reason"][value="asleep"]').check()
    page.get_by_role("button", name="Submit report").tap()
    expect(outbox).to_contain_text("Sent", timeout=15_000)
    expect(outbox).not_to_contain_text("Refused")


def test_signing_out_with_a_report_not_sent_warns_and_it_never_sends_as_someone_else(
    live_server, live_app, new_context, second_volunteer
):
    context, page = ready_phone(new_context, live_server)
    context.set_offline(True)
    page.goto(live_server + "/visits/on-this-phone#new")
    fill_report(page)
    report_id = page.evaluate("() => location.hash.slice(1)")
    page.get_by_role("button", name="Submit report").tap()
    expect(page.locator("[data-outbox]")).to_contain_text("Waiting to send")
    context.set_offline(False)
    context.route("**/api/v1/visits/*/submit", lambda route: route.abort())  # a bad signal

    open_menu(page).get_by_role("button", name="Sign out").tap()
    expect(heading(page)).to_have_text("Outbox")
    expect(page.get_by_text("Some reports on this phone are not sent yet")).to_be_visible()
    expect(page.locator("[data-outbox]")).to_contain_text("No signal yet")
    page.wait_for_timeout(300)
    assert all("/submit): Failed to load resource" in p for p in take_problems(page))  # aborted
    check_page(page)
    page.get_by_role("button", name="Sign out anyway").tap()
    expect(heading(page)).to_have_text("Sign in")
    context.unroute("**/api/v1/visits/*/submit")

    sign_in(page, live_server, second_volunteer)
    expect(heading(page)).to_have_text("Your visits")
    page.goto(live_server + "/visits/outbox")
    outbox = page.locator("[data-outbox]")
    expect(outbox).to_contain_text("This phone also holds 1 report of someone else")
    expect(outbox).not_to_contain_text("Keyham Lane")
    page.wait_for_timeout(1500)
    assert stored(live_app, report_id) is None
    open_menu(page).get_by_role("button", name="Sign out").tap()
    expect(heading(page)).to_have_text("Sign in")

    sign_in(page, live_server, VOLUNTEER)
    page.goto(live_server + "/visits/outbox")
    expect(page.locator("[data-outbox]")).to_contain_text("Sent", timeout=15_000)
    assert stored(live_app, report_id)["suite"] == "Keyham Lane"


def test_without_javascript_the_pages_for_no_signal_say_what_to_do(live_server, new_context):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, live_server, VOLUNTEER)
    page.goto(live_server + "/visits/on-this-phone")
    expect(page.get_by_text("needs JavaScript")).to_be_visible()
    expect(page.locator("form[data-phone-report]")).to_be_hidden()
    check_page(page)
    page.goto(live_server + "/visits/outbox")
    expect(page.get_by_text("needs JavaScript")).to_be_visible()
    check_page(page)
    page.goto(live_server + "/")
    expect(page.get_by_text("Write the report on this phone")).to_be_hidden()


def test_start_another_report_keeps_the_first_and_the_last_keystrokes_are_not_lost(
    live_server, new_context
):
    """Review of issue 9: "Start another report" only changed the address, so the second
    report was typed over the first; and what was typed in the last quarter of a second
    before leaving the page was lost."""
    _context, page = ready_phone(new_context, live_server)
    page.goto(live_server + "/visits/on-this-phone#new")
    page.get_by_label("Other observations (optional)").fill("FIRST REPORT TEXT")
    first_id = page.evaluate("() => location.hash.slice(1)")
    page.evaluate("() => { location.hash = 'new' }")  # as the link "Start another report" does
    expect(page).not_to_have_url(f"{live_server}/visits/on-this-phone#{first_id}")
    expect(page).not_to_have_url(f"{live_server}/visits/on-this-phone#new")
    expect(page.get_by_label("Other observations (optional)")).to_have_value("")
    page.get_by_label("Other observations (optional)").fill("SECOND REPORT TEXT")
    page.goto(live_server + "/visits/outbox")  # at once, within the 250 ms before keeping
    page.goto(f"{live_server}/visits/on-this-phone#{first_id}")
    expect(page.get_by_label("Other observations (optional)")).to_have_value("FIRST REPORT TEXT")
    page.goto(live_server + "/visits/outbox")
    expect(page.locator("[data-outbox] li")).to_have_count(2)
    check_page(page)


def test_on_a_shared_phone_a_report_is_written_by_whoever_is_signed_in(
    live_server, live_app, new_context, second_volunteer
):
    """Review of issue 9: the pages kept for the volunteer signed in before (whose session
    ended without "Sign out") were not kept afresh for the next one for ten minutes, so a
    report written on them went under the first volunteer's name; and the next volunteer
    opening the first's report by its address typed over it."""
    context, page = ready_phone(new_context, live_server)
    page.goto(live_server + "/visits/on-this-phone#new")
    page.get_by_label("Other observations (optional)").fill("Alex's unfinished report")
    alex_report = page.evaluate("() => location.hash.slice(1)")
    context.clear_cookies()  # the session ends without signing out

    sign_in(page, live_server, second_volunteer)
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "yes")
    context.set_offline(True)
    page.goto(f"{live_server}/visits/on-this-phone#{alex_report}")
    expect(page.locator("[data-phone-report]")).to_be_visible()
    mine = page.evaluate("() => location.hash.slice(1)")
    assert mine != alex_report  # a report of her own, not Alex's
    expect(page.get_by_label("Other observations (optional)")).to_have_value("")
    fill_report(page)
    page.get_by_label("Other observations (optional)").fill("Written by Priya")
    page.get_by_role("button", name="Submit report").tap()
    expect(page.locator("[data-outbox]")).to_contain_text("Waiting to send")
    context.set_offline(False)
    expect(page.locator("[data-outbox]")).to_contain_text("Sent", timeout=15_000)
    with live_app.app_context():
        session = live_app.extensions["icv.sessionmaker"]()
        try:
            visit = session.get(Visit, uuid.UUID(mine))
            assert visit.lead.email == second_volunteer
            assert visit.observations == "Written by Priya"
        finally:
            session.close()
    kept = page.evaluate(
        """id => new Promise(done => { const open = indexedDB.open('icv'); open.onsuccess = () =>
        { const get = open.result.transaction('reports').objectStore('reports').get(id);
          get.onsuccess = () => done(get.result) } })""",
        alex_report,
    )
    assert kept["fields"] and kept["person"] != visit.lead_id  # Alex's copy is untouched


def test_signing_out_with_no_signal_says_you_are_still_signed_in(live_server, new_context):
    context, page = ready_phone(new_context, live_server)
    context.set_offline(True)
    open_menu(page).get_by_role("button", name="Sign out").tap()
    expect(page.get_by_role("alert")).to_have_text(
        "There is no signal, so you are still signed in. Sign out when the signal returns."
    )
    take_problems(page)  # the failed check of the signal, noted in the console
    context.set_offline(False)
    page.goto(live_server + "/")
    expect(heading(page)).to_have_text("Your visits")
    expect(page.get_by_text("This phone is ready to work without a signal")).to_be_visible()
