"""check_page(page): the standard every page in icv meets, in a phone-sized Chromium.

- axe-core finds no WCAG 2.0, 2.1 or 2.2 level A or AA violation;
- nothing scrolls sideways;
- the <title> is not empty and there is exactly one <h1>;
- no console error (a Content-Security-Policy violation is one, and so is a missing asset)
  and no uncaught script error since the page was last checked.

watch(page) starts collecting a page's console errors; the browser fixtures in conftest.py
watch every page they make.
"""

import re

from axe_playwright_python.sync_playwright import Axe

# The phone every test uses (conftest.py's browser_context_args).
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}

TIMEOUT_MS = 10_000  # Playwright's own default is 30 s; the local server answers in well under 1

_axe = Axe()

DOCUMENT_STATUS = "Failed to load resource: the server responded with a status of"


def watch(page):
    """Collect the page's console errors and uncaught script errors, from now on."""
    if getattr(page, "_icv_problems", None) is not None:
        return page
    problems = []
    page._icv_problems = problems
    documents_not_ok = set()  # pages answered with 4xx/5xx: tests assert those statuses

    def on_response(response):
        if response.request.is_navigation_request() and response.frame == page.main_frame:
            page._icv_document_headers = response.headers
            if response.status >= 400:
                documents_not_ok.add(response.url)

    def on_console(message):
        if message.type != "error":
            return
        where = message.location.get("url") or ""
        if message.text.startswith(DOCUMENT_STATUS) and where in (documents_not_ok | {page.url}):
            # Chromium's note that the page itself came with a 400 (a form with errors) or a
            # 404: that is the app's deliberate status, not a fault in the page.
            return
        problems.append(f"console error ({where or page.url}): {message.text}")

    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"uncaught script error: {error}"))
    page.set_default_timeout(TIMEOUT_MS)
    return page


def take_problems(page) -> list[str]:
    """The console errors collected since the last call, forgetting them."""
    problems = watch(page)._icv_problems
    taken = list(problems)
    problems.clear()
    return taken


def _axe_report(violations) -> list[str]:
    lines = []
    for violation in violations:
        lines.append(f"axe {violation['id']} ({violation.get('impact')}): {violation['help']}")
        lines.append(f"    {violation.get('helpUrl', '')}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    - {target}: {node.get('html', '')[:200]}")
            for line in (node.get("failureSummary") or "").splitlines():
                lines.append(f"        {line}")
    return lines


def _sideways_scroll(page) -> str | None:
    # Not window.innerWidth: in a phone (is_mobile) Chromium widens innerWidth to fit content
    # that overflows, so scrollWidth <= innerWidth would always hold. clientWidth is the width
    # of the layout viewport, which stays the phone's 360px.
    widths = page.evaluate(
        """() => ({scroll: document.documentElement.scrollWidth,
                   client: document.documentElement.clientWidth})"""
    )
    screen = page.viewport_size["width"]
    if widths["client"] > screen:
        return (
            f"laid out {widths['client']}px wide on a {screen}px screen: "
            '<meta name="viewport" content="width=device-width, initial-scale=1"> is missing'
        )
    if widths["scroll"] <= widths["client"]:
        return None
    too_wide = page.evaluate(
        """() => Array.from(document.querySelectorAll('body *'))
            .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth)
            .slice(-3)
            .map(el => el.outerHTML.slice(0, 160))"""
    )
    return (
        f"scrolls sideways: {widths['scroll']}px of content in a {widths['client']}px window; "
        f"elements reaching past the right edge include: {too_wide}"
    )


def _axe_without_javascript(page):
    """axe waits on timers, and timers never fire in a page with JavaScript off. So axe checks
    a twin: the same document, with the same Content-Security-Policy, in a phone where
    JavaScript runs but icv.js and offline.js come back empty, so it is drawn just as without
    JavaScript."""
    url, html = page.url, page.content()
    headers = {
        name: value
        for name, value in getattr(page, "_icv_document_headers", {}).items()
        if name == "content-security-policy"
    }
    headers["content-type"] = "text/html; charset=utf-8"
    context = page.context.browser.new_context(**PHONE)
    try:
        twin = context.new_page()
        twin.set_default_timeout(TIMEOUT_MS)
        twin.route(
            lambda address: address == url,
            lambda route: route.fulfill(status=200, headers=headers, body=html),
        )
        twin.route(
            re.compile(r"/static/(icv|offline)\.js(\?|$)"),
            lambda route: route.fulfill(
                status=200, content_type="text/javascript", body="/* no JavaScript */"
            ),
        )
        twin.goto(url)
        assert "js-enabled" not in twin.evaluate("() => document.body.className")
        return _axe.run(twin, options=AXE_OPTIONS)
    finally:
        context.close()


def check_page(page):
    """Assert the page, as it is now, meets the standard; every problem is reported at once."""
    problems = take_problems(page)

    title = page.title().strip()
    if not title:
        problems.append("the <title> is empty")
    headings = page.locator("h1").count()
    if headings != 1:
        problems.append(f"{headings} <h1> elements; a page has exactly one")

    sideways = _sideways_scroll(page)
    if sideways:
        problems.append(sideways)

    # axe is put into the page from outside (DevTools protocol), so it is not subject to the
    # page's Content-Security-Policy and cannot trip it.
    if getattr(page.context, "_icv_javascript", True):
        results = _axe.run(page, options=AXE_OPTIONS)
    else:
        results = _axe_without_javascript(page)
    problems.extend(_axe_report(results.response["violations"]))
    problems.extend(take_problems(page))

    assert not problems, "\n".join([f"{title or '(no title)'} at {page.url}:", *problems])
