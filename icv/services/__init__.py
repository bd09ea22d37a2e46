"""Every write in icv goes through a function here: forms, the API and the CLI all call them.

Each function checks its rules, makes its change, writes the audit event and flushes; it never
commits. The request or command that called it commits once (icv.unit_of_work). A broken rule
raises Invalid, which names the field so a form can show the message beside it; a change that
lost a race with another raises Conflict. Either way the function has changed nothing.
"""


class Invalid(Exception):
    """One or more rules were broken; nothing was written.

    Each error is (field, message); a field inside a list is named like a form field,
    e.g. "detainees-2-reason".
    """

    def __init__(self, field: str | None = None, message: str | None = None, *, errors=None):
        self.errors = list(errors or [])
        if field is not None:
            self.errors.insert(0, (field, message))
        super().__init__("; ".join(message for _, message in self.errors))

    @property
    def field(self) -> str:
        return self.errors[0][0]

    @property
    def message(self) -> str:
        return self.errors[0][1]


class Problems:
    """Collects broken rules so a person sees them all at once, then raises them together."""

    def __init__(self):
        self.errors: list[tuple[str, str]] = []

    def add(self, field: str, message: str):
        self.errors.append((field, message))

    def raise_any(self):
        if self.errors:
            raise Invalid(errors=self.errors)


MAX_ID = 2**31 - 1  # the largest id a database integer column holds everywhere


def parse_id(text) -> int | None:
    """An id from a form or query string, or None: never an error for odd input ("²", "abc",
    25 digits), which would otherwise reach the database."""
    text = str(text or "").strip()
    if text.isascii() and text.isdigit() and len(text) <= 10 and int(text) <= MAX_ID:
        return int(text)
    return None


class Conflict(Exception):
    """Someone else changed the record first (another person, another tab, a second tap), so
    this change was not made. Pages answer with the conflict page (409)."""

    def __init__(self, message: str, heading: str = "This has just changed"):
        self.message, self.heading = message, heading
        super().__init__(message)


class NotFound(Exception):
    """The record does not exist, or the person acting may not see it."""
