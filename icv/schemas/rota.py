"""The rota: planning a quarter, and swapping a person or a week of a planned visit."""

from icv.schemas import Schema
from icv.schemas.fields import Day, Id, PeriodField, WholeNumber

SEED_MOST = 2**31 - 1


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


class HandOverSchema(Schema):
    joining = Id(required="Choose the volunteer who goes in your place")


class WeekSwapSchema(Schema):
    week = Day(required="Choose the week to swap with")
