"""A volunteer's record: dates of joining, leaving, vetting, training, probation and term; the
meetings and training days they attended; the dates they cannot visit."""

from marshmallow import validates_schema

from icv.models import AttendanceKind
from icv.schemas import Schema, ValidationError
from icv.schemas.fields import Choice, Day, Text
from icv.schemas.validators import not_after_today, not_before_today


class VolunteerRecordSchema(Schema):
    """The record's dates. A term end left blank is three years after joining (the service
    fills it in)."""

    joined_on = Day(required="Enter the date they joined the scheme")
    left_on = Day(metadata={"description": "The first day they are no longer in the scheme"})
    vetting_expires_on = Day()
    training_completed_on = Day(
        validate=not_after_today("The date training was completed must be today or in the past")
    )
    probation_ends_on = Day()
    term_ends_on = Day(metadata={"description": "Blank: three years after joining"})

    @validates_schema
    def _after_joining(self, data, **_):
        joined = data.get("joined_on")
        if joined is None:
            return
        if data.get("left_on") is not None and data["left_on"] < joined:
            raise ValidationError(
                "The date they left must be the same as or after the date they joined", "left_on"
            )
        if data.get("probation_ends_on") is not None and data["probation_ends_on"] < joined:
            raise ValidationError(
                "Probation must end on or after the date they joined", "probation_ends_on"
            )
        if data.get("term_ends_on") is not None and data["term_ends_on"] <= joined:
            raise ValidationError("The term must end after the date they joined", "term_ends_on")


class RenewTermSchema(Schema):
    """Renewing a term, as the page showed it: the term's end then (none: no end recorded), so
    that a second tap, or a change made meanwhile, does not renew it twice."""

    term_ends_on = Day(metadata={"description": "The end of the term the page showed"})


class AttendanceSchema(Schema):
    """A meeting or training day a volunteer attended."""

    kind = Choice(AttendanceKind, required="Select meeting or training day")
    held_on = Day(
        required="Enter the date it was held",
        validate=not_after_today("Enter a date today or in the past: record it once it is held"),
    )
    title = Text(
        "Title",
        max_length=120,
        one_line=True,
        required="Enter a title, like Quarterly volunteers' meeting",
    )


class UnavailabilitySchema(Schema):
    """Dates, inclusive, on which a volunteer cannot visit."""

    starts_on = Day(required="Enter the first day they cannot visit")
    ends_on = Day(
        required="Enter the last day they cannot visit",
        validate=not_before_today("The last day must be today or later"),
    )

    @validates_schema
    def _in_order(self, data, **_):
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            raise ValidationError(
                "The last day must be the same as or after the first day", "ends_on"
            )
