"""Speed under load of `icv serve` in the embedded default (one process, SQLite).

Starts `icv serve` on a temporary SQLite database loaded with the demo scheme, signs in the
demo volunteer, and runs wrk (16 connections, one wrk thread) against, in turn:

- the volunteer's home page (signed in, asking for compression as a browser does when a
  person follows a link within icv),
- the same page while another connection commits a change to the database ten times a
  second (far more than a scheme writes): each write makes the next request read the person
  and the page's rows again (icv.db.Generation),
- the sign-in page,
- a static file from the same server (static/icv.css through WhiteNoise): the floor.

For each it prints requests per second, p50/p95/p99 latency, errors (anything but 200) and
the page's rate as a share of the static file's. Targets for the volunteer page: p95 under
50 ms, no errors, at least a third of the static file's rate.

    .venv/bin/python bench/load.py [--seconds 10] [--connections 16]

wrk is installed with `apt-get install wrk` if it is missing (Debian).
"""

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 50
TARGET_SHARE = 1 / 3

# wrk's Lua hooks: the cookie on every request (the latest the server set, as a browser keeps
# it: the session's "last seen" is rewritten every few seconds), every answer that is not 200
# counted as an error (wrk itself would count a redirect to the sign-in page as a success),
# and one JSON line of figures at the end.
WRK_SCRIPT = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  wrk.headers["Cookie"] = args[1] ~= "-" and args[1] or nil
  wrk.headers["Accept-Encoding"] = "gzip, deflate, br"
  wrk.headers["Sec-Fetch-Site"] = "same-origin"
  not_ok = 0
  bytes_seen = 0
  -- without a cookie, wrk's own request made once, as plain wrk sends it
  if not wrk.headers["Cookie"] then request = nil end
end
function request()
  if not built then built = wrk.format(nil, nil, wrk.headers) end
  return built
end
function response(status, headers, body)
  if status ~= 200 then not_ok = not_ok + 1 end
  -- as a browser does, the cookie sent next is the one the server last set
  local set = headers["Set-Cookie"]
  if set and wrk.headers["Cookie"] then
    wrk.headers["Cookie"] = set:match("^[^;]+")
    built = nil
  end
end
function done(summary, latency, requests)
  local not_ok_total = 0
  for _, thread in ipairs(threads) do not_ok_total = not_ok_total + thread:get("not_ok") end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"seconds":%.2f,"bytes":%d,"errors":%d,"not_ok":%d,' ..
    '"p50":%.2f,"p95":%.2f,"p99":%.2f}\n',
    summary.requests, summary.duration / 1e6, summary.bytes,
    e.connect + e.read + e.write + e.timeout, not_ok_total,
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3))
end
"""


def main():
    arguments = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    arguments.add_argument("--seconds", type=int, default=10)
    arguments.add_argument("--connections", type=int, default=16)
    arguments.add_argument("--threads", type=int, help="icv serve's threads (its default)")
    options = arguments.parse_args()
    wrk = _wrk()
    with tempfile.TemporaryDirectory() as folder:
        environment = {
            **os.environ,
            "ICV_DATABASE_URL": f"sqlite:///{folder}/load.sqlite",
            "ICV_SECRET_KEY": "bench",
        }
        icv = [sys.executable, "-m", "icv.cli"]
        for command in (["db", "upgrade"], ["demo"]):
            subprocess.run([*icv, *command], env=environment, check=True, capture_output=True)
        port = _free_port()
        threads = ["--threads", str(options.threads)] if options.threads else []
        server = subprocess.Popen(
            [*icv, "serve", "--port", str(port), *threads],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(port)
            cookie = _sign_in(port, "volunteer@example.org", "icv-demo-2016")
            script = Path(folder) / "report.lua"
            script.write_text(WRK_SCRIPT)
            runs = [
                ("volunteer home page /", "/", cookie, False),
                (WRITTEN, "/", cookie, True),
                ("sign-in page /sign-in", "/sign-in", "-", False),
                ("static file /static/icv.css", "/static/icv.css", "-", False),
            ]
            figures = {}
            for label, path, with_cookie, written in runs:
                url = f"http://127.0.0.1:{port}{path}"
                _run(wrk, script, url, with_cookie, 2, options.connections)  # warm up
                with _writing(Path(folder) / "load.sqlite", written):
                    figures[label] = _run(
                        wrk, script, url, with_cookie, options.seconds, options.connections
                    )
        finally:
            server.terminate()
            server.wait(timeout=10)
    _print(figures, options)


WRITTEN = "  while 10 writes/s elsewhere"


@contextlib.contextmanager
def _writing(database: Path, written: bool):
    """While in it, if `written`: a change committed to the database every tenth of a second
    by a connection of its own, as another process would."""
    stop = threading.Event()

    def write():
        connection = sqlite3.connect(database, timeout=15)
        connection.execute("CREATE TABLE IF NOT EXISTS bench_writes (at REAL)")
        while not stop.wait(0.1):
            connection.execute("INSERT INTO bench_writes VALUES (?)", (time.time(),))
            connection.commit()
        connection.close()

    writer = threading.Thread(target=write)
    if written:
        writer.start()
    try:
        yield
    finally:
        stop.set()
        if written:
            writer.join()


def _print(figures, options):
    static = figures["static file /static/icv.css"]
    floor = static["requests"] / static["seconds"]
    print(
        f"icv serve (one process, SQLite, demo scheme), wrk {options.connections} connections, "
        f"{options.seconds} s each, compression asked for"
    )
    print(f"{'':32} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} share")
    for label, run in figures.items():
        rate = run["requests"] / run["seconds"]
        errors = run["errors"] + run["not_ok"]
        print(
            f"{label:32} {rate:8.0f} {run['p50']:8.1f} {run['p95']:8.1f} {run['p99']:8.1f} "
            f"{errors:7d} {rate / floor:5.2f}"
        )
    home = figures["volunteer home page /"]
    share = home["requests"] / home["seconds"] / floor
    verdicts = [
        f"p95 {home['p95']:.1f} ms (target < {TARGET_P95_MS})",
        f"share of static {share:.2f} (target >= {TARGET_SHARE:.2f})",
        f"errors {home['errors'] + home['not_ok']} (target 0)",
    ]
    print("volunteer page: " + "; ".join(verdicts))


def _run(wrk, script, url, cookie, seconds, connections) -> dict:
    command = [wrk, "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s"]
    output = subprocess.run(
        [*command, "-s", str(script), url, "--", cookie],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _sign_in(port, email, password) -> str:
    """The session cookie of `email`, signed in through the real form."""
    page = _request(port, "GET", "/sign-in")
    cookie = _cookie(page)
    field = re.search(r'<input[^>]*name="csrf_token"[^>]*>', page.text)[0]
    token = re.search(r'value="([^"]+)"', field)[1]
    answer = _request(
        port,
        "POST",
        "/sign-in",
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        body=urlencode({"email": email, "password": password, "csrf_token": token}),
    )
    assert answer.status == 302 and answer.getheader("Location") == "/", "sign-in failed"
    return _cookie(answer)


def _cookie(response) -> str:
    return response.getheader("Set-Cookie").split(";", 1)[0]


def _request(port, method, path, headers=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.text = response.read().decode()
        return response
    finally:
        connection.close()


def _wrk() -> str:
    found = shutil.which("wrk")
    if found is None:
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, capture_output=True)
        found = shutil.which("wrk")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port):
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"icv serve did not start on port {port}")


if __name__ == "__main__":
    main()
