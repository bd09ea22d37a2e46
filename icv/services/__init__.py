"""Every write in icv goes through a function here: forms, the API and the CLI all call them.

Each function takes input a schema has loaded (icv.schemas), checks what only the stored
records can tell, makes its change, writes the audit event and flushes; it never commits. The
request or command that called it commits once (icv.unit_of_work). A rule broken raises
Invalid (messages by field, as a schema's are); an action the record's state no longer allows
raises NotAllowedNow; a change that lost a race with another raises Conflict. Whichever it is,
the function has changed nothing.
"""

from marshmallow import ValidationError

SCHEMA = "_schema"  # where a message about the input as a whole goes, as marshmallow puts it


class Invalid(ValidationError):
    """Input that breaks a rule only the stored records can tell (no such suite, a closed day,
    a partner who has left). Like a schema's ValidationError: messages by field."""

    def __init__(self, field: str | None = None, message: str | None = None, *, errors=()):
        messages: dict[str, list[str]] = {}
        for name, text in [*([(field, message)] if message is not None else []), *errors]:
            messages.setdefault(name or SCHEMA, []).append(text)
        super().__init__(messages)

    @property
    def message(self) -> str:
        return next(iter(self.messages.values()))[0]


class NotAllowedNow(Invalid):
    """The action does not fit the record as it is now: it has moved on since the page was
    read (another tab, another person), or never could (review a report not yet confirmed)."""

    def __init__(self, message: str):
        super().__init__(None, message)


class Conflict(Exception):
    """Someone else changed the record first (another person, another tab, a second tap), so
    this change was not made. Pages answer with the conflict page (409)."""

    def __init__(self, message: str, heading: str = "This has just changed"):
        self.message, self.heading = message, heading
        self.back: tuple[str, str] | None = None  # (address, words): where to look again
        super().__init__(message)


class NotFound(Exception):
    """The record does not exist, or the person acting may not see it."""


class Problems:
    """Collects broken rules so a person sees them all at once, then raises them together."""

    def __init__(self):
        self.errors: list[tuple[str, str]] = []

    def add(self, field: str, message: str):
        self.errors.append((field, message))

    def raise_any(self):
        if self.errors:
            raise Invalid(errors=self.errors)
