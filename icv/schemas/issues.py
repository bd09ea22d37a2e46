"""What the coordinator and the force send about an issue after the visit."""

from marshmallow import fields
from marshmallow.validate import Length

from icv.schemas import Schema
from icv.schemas.fields import Day, Text
from icv.schemas.validators import not_after_today, not_before_today

NOTE = 2000


def _due_on() -> Day:
    return Day(
        required="Enter the date the force should answer by",
        validate=not_before_today("The date the force should answer by must be today or later"),
    )


class IssueActionSchema(Schema):
    """An action on an issue, with the version of the issue it was decided on, if known (every
    page's form sends it; the API may): an issue acted on since is not acted on again."""

    version = fields.String(load_default=None, validate=Length(max=20))


class ReferSchema(IssueActionSchema):
    """The coordinator refers an issue to the force, to answer by a date."""

    due_on = _due_on()
    note = Text("The note", max_length=NOTE)


class ReferAgainSchema(IssueActionSchema):
    """The coordinator refers an answered issue back, or reopens a closed one, saying why."""

    due_on = _due_on()
    note = Text(
        "The note", max_length=NOTE, required="Enter what you are asking the force to do now"
    )


class CloseSchema(IssueActionSchema):
    """The coordinator closes an issue, with a note (needed when the force has not answered)."""

    note = Text("The note", max_length=NOTE, data_key="reason")


class AnswerSchema(IssueActionSchema):
    """The force says what was done about an issue, and when."""

    response = Text(
        "What was done", max_length=NOTE, required="Enter what was done about the issue"
    )
    action_taken_on = Day(
        required="Enter the date it was done",
        validate=not_after_today("The date it was done must be today or in the past"),
    )
