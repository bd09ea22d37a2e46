"""Custody suites and the periods they are closed."""

from marshmallow import validates_schema
from marshmallow.validate import OneOf

from icv.schemas import Schema, ValidationError
from icv.schemas.fields import Day, Flag, Text


class SuiteSchema(Schema):
    name = Text("Suite name", max_length=120, one_line=True, required="Enter the suite's name")
    active = Flag(metadata={"description": "Visited by the scheme"})


CHOOSE_DIRECTION = "Choose whether to move the suite up or down"


class MoveSchema(Schema):
    """Moving a suite one place up or down the scheme's order."""

    direction = Text(
        "Direction",
        max_length=20,
        one_line=True,
        required=CHOOSE_DIRECTION,
        validate=OneOf(("up", "down"), error=CHOOSE_DIRECTION),
    )


class ClosureSchema(Schema):
    starts_on = Day(required="Enter the date the suite closed")
    ends_on = Day(required="Enter the last day the suite is closed")
    reason = Text("Reason", max_length=200, required="Enter why the suite is closed")

    @validates_schema
    def _in_order(self, data, **_):
        if data["ends_on"] < data["starts_on"]:
            raise ValidationError(
                "The last day closed must be the same as or after the first", "ends_on"
            )
