"""The one home of every input rule.

A form, the JSON API and the CSV import all load what they are sent through a schema here, so
they can never disagree about what is acceptable, and each message exists once. A schema
checks what the input can tell by itself (presence, form, length, one field against another,
a date against today). What only the stored records can tell (does the suite exist, was it
closed that day, is this issue still waiting for an answer) the service checks, raising
icv.services.Invalid in the same shape: messages by field.
"""

from marshmallow import RAISE, ValidationError
from marshmallow import Schema as _Schema


class Schema(_Schema):
    """A schema that refuses fields it does not know, and may be told about the record its
    input belongs to (the visit an access step is for) as `context`."""

    class Meta:
        unknown = RAISE

    error_messages = {
        "type": "Send an object of fields, as /api/v1/openapi.json describes",
        "unknown": "This is not a field here: leave it out",
    }

    def __init__(self, *args, context: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.context = context or {}


__all__ = ["Schema", "ValidationError"]
