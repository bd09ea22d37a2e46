"""The production shape: two app processes on two ports, one database and one Redis. Sign-in
throttling counts failures across both, and signing out on one ends the session on the other
(docs/deploy.md). Runs on SQLite and, in CI's second pass, on PostgreSQL."""

import os
import re
import subprocess
import sys
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from tests.conftest import database_of_its_own
from tests.factories import PASSWORD
from tests.served import serving
from tests.test_serving import _request

REDIS = os.environ.get("ICV_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_url():
    import redis

    client = redis.Redis.from_url(REDIS)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis answers at {REDIS} (set ICV_TEST_REDIS_URL); CI starts one")
    client.flushdb()
    yield REDIS
    client.flushdb()
    client.close()


@pytest.fixture
def two_processes(tmp_path, redis_url):
    """Two `icv serve` on one database and one Redis, with a volunteer each can sign in."""
    with database_of_its_own(tmp_path / "shared.sqlite", "icv_processes") as url:
        environment = {**os.environ, "ICV_DATABASE_URL": url}
        environment.pop("ICV_TEST_DATABASE_URL", None)
        icv = [sys.executable, "-m", "icv.cli"]
        subprocess.run([*icv, "db", "upgrade"], env=environment, check=True, capture_output=True)
        for name in ("Alex Morgan", "Priya Mistry"):
            email = f"{name.split()[0].lower()}@example.org"
            create = ["users", "create", "--name", name, "--email", email, "--role", "volunteer"]
            subprocess.run(
                [*icv, *create, "--password", PASSWORD],
                env=environment,
                check=True,
                capture_output=True,
            )
        shared = {"ICV_RATELIMIT_STORAGE_URI": redis_url}
        with (
            serving(url, tmp_path / "first.log", **shared) as first,
            serving(url, tmp_path / "second.log", **shared) as second,
        ):
            yield [first, second]


class Browser:
    """A browser's cookie, carried from one process to the other as a load balancer would."""

    def __init__(self):
        self.cookie = ""

    def go(self, port, method, path, form=None):
        body, headers = None, {}
        if form is not None:  # a form on its page, with the page's CSRF token
            page = self.go(port, "GET", "/sign-in" if path == "/sign-in" else "/")
            field = re.search(r'<input[^>]*name="csrf_token"[^>]*>', page.text)[0]
            token = re.search(r'value="([^"]+)"', field)[1]
            body = urlencode({**form, "csrf_token": token})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookie:
            headers["Cookie"] = self.cookie
        response = _request(port, method, path, headers=headers, body=body)
        set_cookie = response.getheader("Set-Cookie")
        if set_cookie:
            morsel = SimpleCookie(set_cookie)["icv_session"]
            self.cookie = f"icv_session={morsel.value}" if morsel.value else ""
        return response


def test_sign_in_throttling_counts_failures_on_every_process(two_processes):
    first, second = two_processes
    statuses = []
    for attempt in range(5):
        browser = Browser()
        port = (first, second)[attempt % 2]
        wrong = {"email": "alex@example.org", "password": f"not the password {attempt}"}
        statuses.append(browser.go(port, "POST", "/sign-in", wrong).status)
    assert statuses == [400] * 5
    for port in (first, second):  # the sixth, on either process, waits
        right = {"email": "alex@example.org", "password": PASSWORD}
        assert Browser().go(port, "POST", "/sign-in", right).status == 429


def test_signing_out_on_one_process_ends_the_session_on_the_other(two_processes):
    first, second = two_processes
    browser = Browser()
    signed_in = browser.go(
        first, "POST", "/sign-in", {"email": "priya@example.org", "password": PASSWORD}
    )
    assert signed_in.status == 302 and signed_in.getheader("Location") == "/"
    copied = browser.cookie  # a copy of the cookie, as an attacker might have taken
    for port in (first, second, first):  # each process has the person, and the home, kept
        assert "Your visits" in browser.go(port, "GET", "/").text
    signed_out = browser.go(second, "POST", "/sign-out", {})
    assert signed_out.getheader("Location") == "/sign-in"
    replay = Browser()
    replay.cookie = copied
    again = replay.go(first, "GET", "/")
    assert again.status == 302 and again.getheader("Location").startswith("/sign-in")
