"""check_page itself: it must catch each kind of problem it claims to, or the journeys prove
nothing. Each problem is put into a good page (the sign-in page) from outside."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.checks import check_page

pytestmark = pytest.mark.browser


@pytest.fixture
def sign_in_page(page, live_server):
    response = page.goto(live_server + "/sign-in")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    check_page(page)  # the page is good before anything is done to it
    return page


def failure(page) -> str:
    with pytest.raises(AssertionError) as raised:
        check_page(page)
    return str(raised.value)


def test_an_accessibility_violation_fails(sign_in_page):
    sign_in_page.evaluate(
        """() => {
            const img = document.createElement('img');
            img.src = document.querySelector('link[rel=icon]').href;  // exists; no alt text
            img.id = 'unlabelled';
            document.querySelector('main').append(img);
        }"""
    )
    message = failure(sign_in_page)
    assert "axe image-alt" in message
    assert "#unlabelled" in message


def test_an_accessibility_violation_fails_with_javascript_off(new_context, live_server):
    # axe cannot run where JavaScript is off, so check_page runs it on a twin of the page.
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server + "/sign-in")
    check_page(page)
    page.evaluate(
        """() => {
            const input = document.createElement('input');
            input.id = 'unlabelled';
            document.querySelector('form').append(input);
        }"""
    )
    message = failure(page)
    assert "axe label" in message
    assert "#unlabelled" in message


def test_a_page_that_scrolls_sideways_fails(sign_in_page):
    sign_in_page.evaluate(
        """() => {
            const wide = document.createElement('div');
            wide.style.width = '600px';  // set through the CSSOM, which the CSP allows
            wide.textContent = 'wide';
            document.querySelector('main').append(wide);
        }"""
    )
    assert re.search(r"scrolls sideways: \d+px of content in a 360px window", failure(sign_in_page))


def test_a_page_laid_out_wider_than_the_phone_fails(page, live_server):
    def without_viewport_meta(route):
        response = route.fetch()
        html = re.sub(r'<meta name="viewport"[^>]*>', "", response.text())
        route.fulfill(response=response, body=html)

    page.route("**/sign-in", without_viewport_meta)
    page.goto(live_server + "/sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert "laid out 980px wide on a 360px screen" in failure(page)


def test_headings_and_title_are_counted(sign_in_page):
    sign_in_page.evaluate(
        """() => {
            document.title = ' ';
            const h1 = document.createElement('h1');
            h1.textContent = 'A second main heading';
            document.querySelector('main').append(h1);
        }"""
    )
    message = failure(sign_in_page)
    assert "the <title> is empty" in message
    assert "2 <h1> elements" in message


def test_a_content_security_policy_violation_fails(sign_in_page):
    sign_in_page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'document.body.dataset.inline = "ran"';
            document.body.append(script);
        }"""
    )
    expect(sign_in_page.locator("body")).not_to_have_attribute("data-inline", "ran")
    message = failure(sign_in_page)
    assert "console error" in message
    assert "Content Security Policy" in message


def test_a_missing_file_fails_though_the_page_itself_may_be_a_404(sign_in_page, live_server):
    # The page's own 404 status is the app's answer, not a fault in the page...
    response = sign_in_page.goto(live_server + "/no-such-page")
    assert response.status == 404
    expect(sign_in_page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_page(sign_in_page)
    # ...but a file it asks for that is not there is.
    sign_in_page.evaluate(
        """() => new Promise(resolve => {
            const img = new Image();
            img.alt = '';
            img.onerror = resolve;
            img.src = '/static/no-such-image.png';
            document.querySelector('main').append(img);
        })"""
    )
    message = failure(sign_in_page)
    assert "/static/no-such-image.png" in message
    assert "404" in message


def test_an_uncaught_script_error_fails(sign_in_page):
    sign_in_page.evaluate("() => { setTimeout(() => { throw new Error('boom'); }); }")
    # Timers run in order, so once this one has run the error has been thrown.
    sign_in_page.evaluate("() => new Promise(resolve => setTimeout(resolve))")
    assert "uncaught script error: boom" in failure(sign_in_page)


def test_an_exception_in_the_app_is_caught(page, live_app, live_server, server_errors, monkeypatch):
    """A 500 fails the test that caused it (conftest's _no_server_errors), whatever the page
    says; here the exception is the point, so the test takes it back."""

    def broken():
        raise RuntimeError("broken on purpose")

    broken.icv_roles = "public"  # icv.access.PUBLIC
    monkeypatch.setitem(live_app.view_functions, "auth.sign_in", broken)
    before = len(server_errors)
    response = page.goto(live_server + "/sign-in")
    assert response.status == 500
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sorry, there is a problem with the service"
    )
    check_page(page)
    assert [str(error) for error in server_errors[before:]] == ["broken on purpose"]
    del server_errors[before:]
