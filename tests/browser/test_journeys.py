"""Journeys through the demo scheme on a phone: sign in as each demo person, visit every page
their menu offers, make mistakes on forms, invite someone and be that person, sign out, and
sign in with JavaScript off. check_page runs on every page reached."""

import re

import pytest
from playwright.sync_api import expect
from pyotp import TOTP

from icv.demo import ACCOUNTS, PASSWORD, TWO_STEP_SECRET
from icv.models import Role
from icv.services.two_step import REQUIRED_OF, STEP_SECONDS
from icv.templating import NAVIGATION
from tests.browser.checks import check_page
from tests.factories import next_step

pytestmark = pytest.mark.browser

HOME_HEADINGS = {
    Role.COORDINATOR: "Scheme overview",
    Role.FORCE: "Custody visits to your suites",
    Role.VOLUNTEER: "Your visits",
}

DEMO_PEOPLE = [pytest.param(name, email, role, id=role.value) for name, email, role in ACCOUNTS]


# -- Helpers ----------------------------------------------------------------------------------


def heading(page):
    return page.get_by_role("heading", level=1)


def open_page(page, url, status=200):
    response = page.goto(url)
    assert response.status == status, f"{url} answered {response.status}"
    return response


def sign_in(page, live_server, email, password=PASSWORD):
    """Sign in through the page; the demo coordinator and force user then enter the code of
    the demo's authenticator secret, as a tester with the app would."""
    open_page(page, live_server + "/sign-in")
    expect(heading(page)).to_have_text("Sign in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    if email in TWO_STEP_PEOPLE:
        enter_two_step_code(page, email, TWO_STEP_SECRET)


# The demo people whose sign-in has a second step, and the time-step of the code each last used
# here: a code is taken once, so the next sign-in within 30 seconds types the next step's code.
TWO_STEP_PEOPLE = {email for _name, email, role in ACCOUNTS if role in REQUIRED_OF}
_steps_used: dict[str, int] = {}


def enter_two_step_code(page, email, secret):
    expect(heading(page)).to_have_text("Enter your two-step code")
    step = next_step(_steps_used.get(email))
    page.get_by_label("Code", exact=True).fill(TOTP(secret).at(step * STEP_SECONDS))
    _steps_used[email] = step
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).not_to_have_text("Enter your two-step code")


def menu(page):
    return page.get_by_role("navigation", name="Menu")


def open_menu(page):
    """On a phone the menu may be folded behind a "Menu" button (it is when it has more than one
    link and JavaScript runs); open it, so that what is tapped next is what a person can see."""
    toggle = menu(page).get_by_role("button", name="Menu")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        expect(menu(page).get_by_role("link").first).to_be_hidden()
        toggle.tap()
        expect(toggle).to_have_attribute("aria-expanded", "true")
    return menu(page)


def follow(page, link):
    """Tap a link and return the response to the navigation it starts, once the new page has
    loaded (waiting for the response alone, a check could still see the page before it)."""
    navigation = page.expect_response(lambda r: r.request.is_navigation_request())
    with navigation as response, page.expect_navigation():  # through any redirect, to load
        link.tap()
    return response.value


def sign_out(page, live_server):
    open_menu(page).get_by_role("button", name="Sign out").tap()
    expect(page).to_have_url(live_server + "/sign-in")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "You have signed out"
    )
    check_page(page)
    # Signed out for real: home now asks to sign in.
    open_page(page, live_server + "/")
    expect(page).to_have_url(re.compile(re.escape(live_server + "/sign-in?next=")))
    expect(heading(page)).to_have_text("Sign in")


def give_password(live_app, email, password) -> str:
    """Set the password of a demo person (demo volunteers other than one have none); their
    name."""
    from icv.services import people

    with live_app.app_context():
        session = live_app.extensions["icv.sessionmaker"]()
        person = people.find_by_email(session, email)
        people.set_password(session, None, person, password)
        session.commit()
        name = person.name
        session.close()
    return name


def error_summary(page):
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    # GOV.UK Frontend's script moves focus to the summary, so screen readers announce it.
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    return summary


# -- Journeys ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "email", "role"), DEMO_PEOPLE)
def test_each_demo_person_can_reach_every_page_in_their_menu(page, live_server, name, email, role):
    open_page(page, live_server + "/sign-in")
    check_page(page)

    sign_in(page, live_server, email)
    expect(page).to_have_url(live_server + "/")
    expect(heading(page)).to_have_text(HOME_HEADINGS[role])
    expect(page.locator(".govuk-caption-l")).to_have_text(name)
    check_page(page)

    links = open_menu(page).get_by_role("link")
    expect(links).to_have_text([text for _endpoint, text in NAVIGATION[role]])
    expect(menu(page).get_by_role("button", name="Sign out")).to_be_visible()
    check_page(page)  # the menu open, as it is drawn over the page on a phone
    destinations = [
        (link.text_content().strip(), link.get_attribute("href")) for link in links.all()
    ]

    for text, href in destinations:
        response = follow(page, open_menu(page).get_by_role("link", name=text, exact=True))
        assert response.status == 200, f"{text} ({href}) answered {response.status}"
        expect(page).to_have_url(live_server + href)
        check_page(page)
        # The menu marks where you are, for those who cannot see the underline.
        expect(open_menu(page).get_by_role("link", name=text, exact=True)).to_have_attribute(
            "aria-current", re.compile(".")
        )

    sign_out(page, live_server)


def test_the_coordinators_own_pages_and_form_errors(page, live_server):
    sign_in(page, live_server, "coordinator@example.org")
    expect(heading(page)).to_have_text(HOME_HEADINGS[Role.COORDINATOR])

    follow(page, open_menu(page).get_by_role("link", name="People", exact=True))
    follow(page, page.get_by_role("link", name="Alex Morgan"))
    expect(heading(page)).to_have_text("Alex Morgan")
    expect(page.get_by_label("Email address")).to_have_value("volunteer@example.org")
    check_page(page)

    follow(page, page.get_by_role("link", name="People", exact=True))  # the back link
    follow(page, page.get_by_role("button", name="Add a person"))
    expect(heading(page)).to_have_text("Add a person")
    check_page(page)

    follow(page, open_menu(page).get_by_role("link", name="Suites", exact=True))
    follow(page, page.get_by_role("button", name="Add a suite"))
    expect(heading(page)).to_have_text("Add a suite")
    check_page(page)

    follow(page, page.get_by_role("link", name="Suites", exact=True))  # the back link
    follow(page, page.get_by_role("link", name="Keyham Lane"))
    expect(heading(page)).to_have_text("Keyham Lane")
    check_page(page)

    follow(page, page.get_by_role("button", name="Add a closure"))
    expect(heading(page)).to_have_text("Add a closure")
    check_page(page)

    summary = add_closure_ending_before_it_starts(page)
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(page.locator(".govuk-error-message")).to_have_count(1)
    check_page(page)


def add_closure_ending_before_it_starts(page):
    """Fill in "Add a closure" with the last day closed before the first, and send it: the
    form comes back with one error, on "Closed until", and what was typed still there."""
    closed_from = page.get_by_role("group", name="Closed from")
    closed_from.get_by_label("Day").fill("10")
    closed_from.get_by_label("Month").fill("4")
    closed_from.get_by_label("Year").fill("2017")
    closed_until = page.get_by_role("group", name="Closed until")
    closed_until.get_by_label("Day").fill("1")
    closed_until.get_by_label("Month").fill("4")
    closed_until.get_by_label("Year").fill("2017")
    page.get_by_label("Reason").fill("Refurbishment")
    response = follow(page, page.get_by_role("button", name="Add closure"))
    assert response.status in (200, 400), "the form comes back, not a redirect or a crash"
    summary = error_summary(page)
    message = summary.get_by_role("link").text_content().strip()
    expect(closed_until.locator(".govuk-error-message")).to_contain_text(message)
    expect(closed_until.get_by_label("Day")).to_have_value("1")
    expect(page.get_by_label("Reason")).to_have_value("Refurbishment")
    return summary


def test_the_error_summary_takes_you_to_the_date_to_correct(page, live_server):
    sign_in(page, live_server, "coordinator@example.org")
    follow(page, open_menu(page).get_by_role("link", name="Suites", exact=True))
    follow(page, page.get_by_role("link", name="Beaumont Leys"))
    follow(page, page.get_by_role("button", name="Add a closure"))
    summary = add_closure_ending_before_it_starts(page)

    # GOV.UK's error summary script moves focus to the field a link names (for a date, its
    # first box), so keyboard and screen reader users land where the mistake is.
    summary.get_by_role("link").tap()
    closed_until = page.get_by_role("group", name="Closed until")
    expect(closed_until.get_by_label("Day")).to_be_focused()


def test_sign_in_mistakes_are_shown_accessibly(page, live_server):
    open_page(page, live_server + "/sign-in")
    response = follow(page, page.get_by_role("button", name="Sign in"))
    assert response.status == 400
    summary = error_summary(page)
    expect(summary.get_by_role("link")).to_have_text(
        ["Enter your email address", "Enter your password"]
    )
    check_page(page)
    summary.get_by_role("link", name="Enter your password").tap()
    expect(page.get_by_label("Password", exact=True)).to_be_focused()

    page.get_by_label("Email address").fill("volunteer@example.org")
    page.get_by_label("Password", exact=True).fill("not the password")
    response = follow(page, page.get_by_role("button", name="Sign in"))
    assert response.status == 400
    summary = error_summary(page)
    expect(summary).to_contain_text("Enter a correct email address and password")
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    check_page(page)


def test_a_coordinator_adds_a_volunteer_who_sets_a_password(page, new_context, live_server):
    sign_in(page, live_server, "coordinator@example.org")
    follow(page, open_menu(page).get_by_role("link", name="People", exact=True))
    follow(page, page.get_by_role("button", name="Add a person"))
    page.get_by_label("Full name").fill("Jordan Blake")
    page.get_by_label("Email address").fill("jordan.blake@example.org")
    page.get_by_role("group", name="Role").get_by_label("Volunteer", exact=True).check()
    page.get_by_role("button", name="Add and send invitation").tap()

    panel = page.locator(".govuk-panel")
    expect(panel).to_contain_text("Added and invited")
    expect(panel).to_contain_text("Jordan Blake")
    invitation = page.locator("main code")
    expect(invitation).to_have_text(re.compile("^" + re.escape(live_server + "/invitation/")))
    link = invitation.text_content().strip()
    check_page(page)

    # Jordan, on their own phone.
    jordan = new_context().new_page()
    open_page(jordan, link)
    expect(heading(jordan)).to_have_text("Set your password")
    expect(jordan.get_by_text("jordan.blake@example.org")).to_be_visible()
    check_page(jordan)

    jordan.get_by_label("Create a password").fill("kettle orbit meadow")
    jordan.get_by_label("Type the password again").fill("kettle orbit meadow")
    jordan.get_by_role("button", name="Set password and sign in").tap()
    expect(jordan).to_have_url(live_server + "/")
    expect(heading(jordan)).to_have_text(HOME_HEADINGS[Role.VOLUNTEER])
    expect(jordan.locator(".govuk-caption-l")).to_have_text("Jordan Blake")
    expect(jordan.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your password is set"
    )
    check_page(jordan)

    # The link worked once.
    open_page(jordan, link, status=404)
    expect(heading(jordan)).to_have_text("This link has expired")
    check_page(jordan)

    # And Jordan signs in with the new password like anyone else.
    sign_out(jordan, live_server)
    sign_in(jordan, live_server, "jordan.blake@example.org", "kettle orbit meadow")
    expect(jordan).to_have_url(live_server + "/")
    expect(jordan.locator(".govuk-caption-l")).to_have_text("Jordan Blake")


def test_signing_in_and_out_without_javascript(new_context, live_server):
    page = new_context(java_script_enabled=False).new_page()
    open_page(page, live_server + "/sign-in")
    # No script ran: GOV.UK Frontend marks the body when it does.
    expect(page.locator("body")).not_to_have_class(re.compile(r"\bjs-enabled\b"))
    check_page(page)

    sign_in(page, live_server, "volunteer@example.org")
    expect(page).to_have_url(live_server + "/")
    expect(heading(page)).to_have_text(HOME_HEADINGS[Role.VOLUNTEER])
    expect(page.locator(".govuk-caption-l")).to_have_text("Alex Morgan")
    check_page(page)

    sign_out(page, live_server)
