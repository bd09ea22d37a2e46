"""Browser tests: the demo scheme served for real, driven in Debian's Chromium by Playwright.

The app runs on its own temporary SQLite file (never the database of tests/conftest.py), with
CSRF on, in a werkzeug server thread. Every test gets a 360x740 touch phone. check_page(page)
is the standard each page a test reaches must meet: axe-core finds no WCAG 2.0/2.1/2.2 A or AA
violation, nothing scrolls sideways, one <title> and one <h1>, no console error (a
Content-Security-Policy violation is one) and no uncaught script error.

No Chromium (at /usr/bin/chromium, or at $ICV_CHROMIUM) skips these tests, unless
ICV_REQUIRE_BROWSER=1 is set (CI sets it), when it fails them. `playwright install` is never
needed: Playwright drives Debian's package (`apt-get install chromium`).
"""

import os
import threading

import pytest
from flask import got_request_exception
from werkzeug.serving import make_server

from icv import create_app, demo, migrate
from tests.browser.checks import PHONE, TIMEOUT_MS, take_problems, watch

CHROMIUM = os.environ.get("ICV_CHROMIUM") or "/usr/bin/chromium"

CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _chromium_missing_reason() -> str | None:
    if os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK):
        return None
    return (
        f"no Chromium at {CHROMIUM}: install Debian's (apt-get install chromium) "
        "or set ICV_CHROMIUM to a Chromium executable"
    )


@pytest.fixture(scope="session", autouse=True)
def chromium_executable():
    """The Chromium to drive. Skips the browser tests when there is none, or fails them when
    ICV_REQUIRE_BROWSER=1, so that CI cannot pass without having run them."""
    reason = _chromium_missing_reason()
    if reason:
        if os.environ.get("ICV_REQUIRE_BROWSER") == "1":
            pytest.fail(f"ICV_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_executable):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_executable,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, **PHONE}


# -- The app, served --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    database = tmp_path_factory.mktemp("browser-db") / "icv-browser.sqlite"
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{database}",
            "SECRET_KEY": "browser test key",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast; production uses scrypt
            # CSRF stays on: these are the real forms, tokens and all.
        }
    )
    migrate.upgrade(app)
    with app.app_context():
        session = app.extensions["icv.sessionmaker"]()
        try:
            demo.load(session)
            session.commit()
        finally:
            session.close()
    yield app
    app.extensions["icv.engine"].dispose()


@pytest.fixture(scope="session")
def server_errors(live_app):
    """Exceptions the served app raised; a test fails if it caused any (see below)."""
    errors = []

    def record(_sender, exception, **_extra):
        errors.append(exception)

    got_request_exception.connect(record, live_app, weak=False)
    yield errors
    got_request_exception.disconnect(record, live_app)


@pytest.fixture(scope="session")
def live_server(live_app, server_errors):
    """The base URL of the demo scheme, served by werkzeug on a free port."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="icv-live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(autouse=True)
def _no_server_errors(request):
    """Fail the test if a request it made raised an exception in the app (a 500)."""
    if "live_server" not in request.fixturenames:
        yield
        return
    errors = request.getfixturevalue("server_errors")
    before = len(errors)
    yield
    raised = errors[before:]
    assert not raised, f"the app raised while serving this test: {raised!r}"


# -- Browser contexts and pages, every page watched for console errors -------------------------


@pytest.fixture
def new_context(new_context):
    """pytest-playwright's new_context (phone-sized, see browser_context_args), with every page
    in it watched from its first load; `new_context(java_script_enabled=False)` and the like
    make a second, separate browser (cookies and all) within a test."""
    contexts = []

    def make(**kwargs):
        context = new_context(**kwargs)
        context._icv_javascript = kwargs.get("java_script_enabled", True)  # see check_page
        context.set_default_timeout(TIMEOUT_MS)
        context.on("page", watch)
        contexts.append(context)
        return context

    yield make
    # A console error after a test's last check_page still fails the test.
    left = [problem for context in contexts for p in context.pages for problem in take_problems(p)]
    assert not left, "\n".join(["console errors after the last check_page:", *left])


@pytest.fixture
def page(context):
    return watch(context.new_page())
