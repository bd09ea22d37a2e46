"""What a busy page need not make twice: a page rendered for the same rows, and a body
compressed once (icv.compression).

A volunteer's home is the page everyone lands on and comes back to. The HTML made from its
rows, and its compression, are kept in the process while the rows, the person and their
session's CSRF token stay the same. Making them again costs five times what reading the rows
does. On SQLite the rows are not even read again while the database's generation is the same
(icv.db.Generation: nothing committed, written or undone since, by anyone), so the page is
never out of date; on PostgreSQL they are read at every request and compared.
"""

import threading
from collections import OrderedDict

from flask import render_template, request, session
from flask_login import current_user

from icv import db

# Flask-WTF keeps the session's own CSRF token here; the page carries it signed, and a signed
# token stays valid while the session's raw token is the same (WTF_CSRF_TIME_LIMIT is None).
CSRF_KEY = "csrf_token"


class Kept:
    """At most `entries` values and `size` bytes of them (if given), the least recently used
    dropped first; safe to share between a server's threads."""

    def __init__(self, entries: int, size: int | None = None):
        self.entries = entries
        self.size = size if size is not None else float("inf")
        self._measure = len if size is not None else lambda _value: 0
        self._values: OrderedDict = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def set(self, key, value):
        size = self._measure(value)
        if size > self.size // 8:
            return  # one big answer would push out everything else
        with self._lock:
            if key in self._values:
                self._bytes -= self._measure(self._values.pop(key))
            self._values[key] = value
            self._bytes += size
            while len(self._values) > self.entries or self._bytes > self.size:
                _, dropped = self._values.popitem(last=False)
                self._bytes -= self._measure(dropped)


_pages = Kept(entries=1_000, size=16 * 1024 * 1024)


def render_kept(template: str, read) -> str:
    """The page render_template(template, **context) makes, where `read()` gives (shown,
    context): `shown` (hashable: the rows the page shows) and the signed-in person's session
    decide all that the page holds. A page with a message to show once (a flash) is made
    afresh and not kept."""
    token = session.get(CSRF_KEY)
    if token is None or "_flashes" in session:
        return render_template(template, **read()[1])
    person = current_user._get_current_object()
    key = (template, request.path, person.id, person.name, person.role, token)
    generation = db.generation()
    if generation is not None and (page := _pages.get((*key, generation))) is not None:
        return page
    shown, context = read()
    page = _pages.get((*key, shown))
    if page is None:
        page = render_template(template, **context)
        _pages.set((*key, shown), page)
    generation = db.generation()  # the rows' own, or an earlier one: never a later one
    if generation is not None:
        _pages.set((*key, generation), page)
    return page
