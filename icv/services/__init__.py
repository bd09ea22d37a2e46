"""Every write in icv goes through a function here: forms, the API and the CLI all call them.

Each function makes its change, writes the audit event and commits, in one transaction. A
broken rule raises Invalid, which names the field so a form can show the message beside it.
"""


class Invalid(Exception):
    """A rule was broken; nothing was written."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class NotFound(Exception):
    """The record does not exist, or the person acting may not see it."""
