"""A real `icv serve` in another process, and browsers that use it as a person's does: one
cookie each, and every form filled in on its own page (its CSRF token, its hidden and prefilled
fields) and posted. Every answer's status is counted, so a test can say none was a 5xx."""

import os
import subprocess
import sys
import threading
from collections import Counter
from contextlib import contextmanager
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from tests.test_serving import _free_port, _request, _wait_for


@contextmanager
def serving(database_url: str, log_path, threads: int = 4, **settings):
    """`icv serve` on `database_url` (CSRF on, as in production), with these ICV_* settings
    besides, its output in `log_path`; the port it answers on. Stopped after. Every server it
    starts has the same secret key, as the processes of one site do."""
    environment = {
        **os.environ,
        **settings,
        "ICV_DATABASE_URL": database_url,
        "ICV_SECRET_KEY": "a served test",
    }
    environment.pop("ICV_TEST_DATABASE_URL", None)
    port = _free_port()
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "icv.cli",
                "serve",
                "--port",
                str(port),
                "--threads",
                str(threads),
            ],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(port)
            yield port
        finally:
            server.terminate()
            server.wait(timeout=10)
            # Shown with a failed test's output: the server's tracebacks, if any.
            print(f"icv serve said:\n{log_path.read_text()[-5000:]}")


class Statuses:
    """Every status the server answered, counted across threads; the 5xx answers by path."""

    def __init__(self):
        self.counts = Counter()
        self.errors = []
        self._lock = threading.Lock()

    def add(self, method, path, status):
        with self._lock:
            self.counts[status] += 1
            if status >= 500:
                self.errors.append((method, path, status))


class _Forms(HTMLParser):
    """The post forms of a page: their action and the fields a browser would send (buttons
    only when pressed, so they are left out here; nor what is inside a <template>)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None
        self._templates = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._templates += tag == "template"
        if self._templates:
            return
        if tag == "form":
            self._form = {"action": attrs.get("action"), "method": attrs.get("method", "get")}
            self._form["fields"] = []
            self.forms.append(self._form)
        elif self._form is None or ("name" not in attrs and tag != "option"):
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("radio", "checkbox") and "checked" not in attrs:
                return
            self._form["fields"].append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self._select = [attrs["name"], None, None]  # name, first option, selected option
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._select[1] = value if self._select[1] is None else self._select[1]
            if "selected" in attrs:
                self._select[2] = value
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        self._templates -= tag == "template" and self._templates > 0
        if self._templates:
            return
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            name, first, chosen = self._select
            self._form["fields"].append((name, chosen if chosen is not None else first or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._form["fields"].append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None


def post_forms(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return [form for form in parser.forms if form["method"].lower() == "post"]


class Browser:
    """One person's browser on the server at `port`: their cookie, carried from answer to
    answer, and every status counted in `statuses`."""

    def __init__(self, port: int, statuses: Statuses):
        self.port, self.statuses, self.cookie = port, statuses, ""

    def go(self, method, path, fields=None):
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        response = _request(self.port, method, path, headers=headers, body=body, timeout=60)
        self.statuses.add(method, path, response.status)
        set_cookie = response.getheader("Set-Cookie")
        if set_cookie and "icv_session" in SimpleCookie(set_cookie):
            value = SimpleCookie(set_cookie)["icv_session"].value
            self.cookie = f"icv_session={value}" if value else ""
        return response

    def get(self, path):
        return self.go("GET", path)

    def fill_in(self, page_path, answers=None, action=None):
        """Open `page_path`, fill in its form posted to `action` (the page itself when not
        given) with `answers` (a dict; a list value for fields sharing a name, such as a date's
        three boxes), keeping whatever else the form holds, and post it. The answer to the post.
        """
        page = self.get(page_path)
        assert page.status == 200, f"{page_path}: {page.status}"
        action = action or page_path
        forms = [f for f in post_forms(page.text) if (f["action"] or page_path) == action]
        assert forms, f"no form posting to {action} on {page_path}"
        answers = answers or {}
        fields = [(name, value) for name, value in forms[0]["fields"] if name not in answers]
        for name, value in answers.items():
            values = value if isinstance(value, list) else [value]
            fields += [(name, str(each)) for each in values]
        return self.go("POST", action, fields)
