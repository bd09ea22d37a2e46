"""Two-step sign-in on a phone, with and without JavaScript: a new coordinator sets it up at
their first sign-in (QR code and key, a code to confirm, recovery codes shown once), makes a new
set of recovery codes, signs in with a wrong code and then a recovery code; the demo
coordinator resets it. check_page on every page."""

import re

import pytest
from playwright.sync_api import expect
from pyotp import TOTP

from icv.models import Role
from tests.browser.checks import check_page
from tests.browser.test_journeys import error_summary, follow, heading, open_page, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "lantern pebble orchard"


def add_coordinator(live_app, name, email):
    from icv.services import people

    with live_app.app_context():
        session = live_app.extensions["icv.sessionmaker"]()
        people.create_person(
            session, None, name=name, email=email, role=Role.COORDINATOR, password=PASSWORD
        )
        session.commit()
        session.close()


def problem(page, javascript):
    """The error summary; with JavaScript, GOV.UK Frontend also moves focus to it."""
    if javascript:
        return error_summary(page)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(page).to_have_title(re.compile(r"^Error: "))
    return summary


def recovery_codes(page) -> list[str]:
    expect(heading(page)).to_have_text("Your recovery codes")
    codes = page.locator("main li code").all_text_contents()
    assert len(codes) == 10 and all(re.fullmatch(r"[2-9a-z]{5}-[2-9a-z]{5}", c) for c in codes)
    return codes


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_new_coordinator_sets_up_two_step_sign_in_on_a_phone(
    new_context, live_app, live_server, javascript
):
    name = "Dana Price" if javascript else "Owen Hale"
    email = name.lower().replace(" ", ".") + "@example.org"
    add_coordinator(live_app, name, email)
    page = new_context(java_script_enabled=javascript).new_page()

    sign_in(page, live_server, email, PASSWORD)
    expect(heading(page)).to_have_text("Set up two-step sign-in")
    expect(page.get_by_role("img", name=re.compile("^QR code"))).to_be_visible()
    key = page.locator("main p code")
    expect(key).to_have_text(re.compile(r"^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$"))
    secret = key.text_content().replace(" ", "")
    check_page(page)

    response = follow(page, page.get_by_role("button", name="Confirm and sign in"))
    assert response.status == 400
    expect(problem(page, javascript)).to_contain_text("Enter the code from your authenticator app")
    check_page(page)

    page.get_by_label("Code from your app").fill(TOTP(secret).now())
    follow(page, page.get_by_role("button", name="Confirm and sign in"))
    first_codes = recovery_codes(page)
    check_page(page)
    follow(page, page.get_by_role("link", name="I have kept my codes: continue"))
    expect(heading(page)).to_have_text("Scheme overview")
    expect(page.get_by_text(secret)).to_have_count(0)

    follow(page, page.get_by_role("link", name="Your account and two-step sign-in"))
    expect(heading(page)).to_have_text("Your account")
    expect(page.get_by_text("You have 10 recovery codes left")).to_be_visible()
    check_page(page)
    follow(page, page.get_by_role("button", name="Make new recovery codes"))
    codes = recovery_codes(page)
    assert not set(codes) & set(first_codes)
    check_page(page)

    # Signing in again: a wrong code, then a recovery code instead of the phone.
    page.context.clear_cookies()
    sign_in(page, live_server, email, PASSWORD)
    expect(heading(page)).to_have_text("Enter your two-step code")
    check_page(page)
    page.get_by_label("Code", exact=True).fill("000000")
    response = follow(page, page.get_by_role("button", name="Sign in"))
    assert response.status == 400
    expect(problem(page, javascript)).to_contain_text("The code is not right")
    check_page(page)
    page.get_by_label("Code", exact=True).fill(codes[0])
    follow(page, page.get_by_role("button", name="Sign in"))
    expect(heading(page)).to_have_text("Scheme overview")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "You have 9 recovery codes left"
    )
    check_page(page)

    # The demo coordinator resets it, as for a lost phone.
    coordinator = new_context(java_script_enabled=javascript).new_page()
    sign_in(coordinator, live_server, "coordinator@example.org")
    open_page(coordinator, live_server + "/manage/people")
    follow(coordinator, coordinator.get_by_role("link", name=name))
    expect(coordinator.get_by_text("They have 9 recovery codes left")).to_be_visible()
    check_page(coordinator)
    follow(
        coordinator, coordinator.get_by_role("button", name=f"Reset two-step sign-in for {name}")
    )
    expect(coordinator.locator(".govuk-notification-banner--success")).to_contain_text(
        "two-step sign-in is reset"
    )
    check_page(coordinator)
    open_page(page, live_server + "/")
    expect(heading(page)).to_have_text("Sign in")  # their session ended
