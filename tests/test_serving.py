"""`icv serve` itself, as a real server in another process: behind a proxy and under idle
connections (findings 4 and 5 of the security review)."""

import http.client
import os
import socket
import sqlite3
import subprocess
import sys
import time

import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _icv(environment, *args):
    return subprocess.run(
        [sys.executable, "-m", "icv.cli", *args],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )


@pytest.fixture
def serve(tmp_path):
    """Start `icv serve` on its own SQLite database with these ICV_* settings; stop it after."""
    servers = []

    def start(**settings):
        database = tmp_path / "served.sqlite"
        environment = {
            **os.environ,
            "ICV_DATABASE_URL": f"sqlite:///{database}",
            "ICV_SECRET_KEY": "serve test",
            **{f"ICV_{name}": str(value) for name, value in settings.items()},
        }
        environment.pop("ICV_TEST_DATABASE_URL", None)
        _icv(environment, "db", "upgrade")
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "icv.cli", "serve", "--port", str(port)],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        servers.append(server)
        _wait_for(port)
        return port, database

    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


def _wait_for(port):
    """Until the server on `port` accepts connections (up to ten seconds)."""
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)


def _request(port, method, path, headers=None, body=None, timeout=5):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.text = response.read().decode("utf-8", "replace")
        return response
    finally:
        connection.close()


def _bad_sign_in(port, address, email):
    return _request(
        port,
        "POST",
        "/sign-in",
        headers={
            "X-Forwarded-For": address,
            "X-Forwarded-Proto": "https",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        body=f"email={email}&password=wrong+password+{address}",
    )


def test_behind_a_proxy_each_person_is_known_by_their_own_address(serve):
    """Finding 4: waitress dropped X-Forwarded-*, so everyone shared the proxy's address: five
    bad sign-ins by anyone locked out everyone, the audit recorded the proxy, and no HSTS."""
    port, database = serve(PROXY_HOPS=1, WTF_CSRF_ENABLED="")
    page = _request(port, "GET", "/sign-in", headers={"X-Forwarded-Proto": "https"})
    assert page.status == 200
    assert page.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains"

    statuses = [
        _bad_sign_in(port, "203.0.113.7", f"person{attempt}@example.org").status
        for attempt in range(6)
    ]
    assert statuses == [400] * 5 + [429]  # the address that failed five times waits
    assert _bad_sign_in(port, "198.51.100.2", "someone@example.org").status == 400  # no one else

    with sqlite3.connect(database) as connection:
        addresses = {
            address
            for (address,) in connection.execute(
                "SELECT remote_addr FROM audit_events WHERE action = 'sign_in_failed'"
            )
        }
    assert addresses == {"203.0.113.7", "198.51.100.2"}


def test_without_a_proxy_forwarded_headers_are_not_believed(serve):
    port, _ = serve()
    page = _request(
        port,
        "GET",
        "/sign-in",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "1.2.3.4"},
    )
    assert page.status == 200
    assert page.getheader("Strict-Transport-Security") is None


def test_idle_connections_do_not_stop_the_server_answering(serve):
    """Finding 5: 100 idle TCP connections stopped `icv serve` answering anyone; then, in the
    stranger review, 1,050 did (past select()'s 1,024 files)."""
    port, _ = serve()
    idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(1100)]
    try:
        started = time.monotonic()
        page = _request(port, "GET", "/sign-in", timeout=10)
        assert page.status == 200
        assert time.monotonic() - started < 5
    finally:
        for connection in idle:
            connection.close()


def test_the_server_answers_a_page_with_its_security_headers(serve):
    port, _ = serve()
    page = _request(port, "GET", "/sign-in")
    assert page.getheader("Server") == "icv"
    assert page.getheader("X-Content-Type-Options") == "nosniff"
