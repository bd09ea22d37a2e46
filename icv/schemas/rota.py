"""The rota: planning a quarter, and swapping a person or a week of a planned visit."""

from marshmallow import fields

from icv.schemas import Schema
from icv.schemas.fields import Answer, Day, Id, PeriodField, WholeNumber

SEED_MOST = 2**31 - 1


class VisitorsShown(Answer, fields.String):
    """The ids of a planned visit's two visitors as the page showed them ("3,7"), so that a
    change made since is refused rather than overwritten; none (an older page): not checked."""

    default_error_messages = {
        "invalid": "This page is out of date: look at the rota again before you change it"
    }

    def _deserialize(self, value, attr, data, **kwargs):
        parts = str(value).split(",")
        if len(parts) != 2 or not all(part.strip().isdigit() for part in parts):
            raise self.fail("invalid")
        return tuple(int(part) for part in parts)


class RotaPlanSchema(Schema):
    period = PeriodField(
        kinds=("quarter",),
        required="Enter the quarter, like 2026/27 Q4",
        error_messages={
            "kind": "Enter a quarter, like 2026/27 Q4: a rota is planned a quarter at a time"
        },
    )
    seed = WholeNumber(most=SEED_MOST)  # none: a new random one


class VisitorSwapSchema(Schema):
    leaving = Id(required="Choose who is not going")
    joining = Id(required="Choose who goes in their place")
    based_on = VisitorsShown()


class HandOverSchema(Schema):
    joining = Id(required="Choose the volunteer who goes in your place")
    based_on = VisitorsShown()


class WeekSwapSchema(Schema):
    week = Day(required="Choose the week to swap with")
    based_on = VisitorsShown()
