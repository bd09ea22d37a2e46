"""A visit report's input: each step the lead saves, and the whole report the API sends.

The steps' schemas are the parts of the whole (VisitReportSchema), so a step saved from a page
and a report sent by a phone obey the very same rules. Loading also settles what follows from
the input: the wait in minutes, and nothing kept that the answers make meaningless (a delay
reason for an immediate admission, a "why not available" for a detainee who was seen).
"""

import re
from datetime import date, time

from marshmallow import fields, post_load, validates_schema
from marshmallow.validate import Length, Regexp

from icv.models import (
    CHECKLIST_AREAS,
    OPTIONAL_REASONS,
    REASONS_BY_OUTCOME,
    RIGHTS,
    AgeGroup,
    Area,
    CheckState,
    DelayReason,
    DetaineeOutcome,
    RightsAnswer,
    Sex,
    VisitOutcome,
    VisitType,
)
from icv.models.rights import PRESENT_WHERE_NEEDED
from icv.schemas import Schema, ValidationError
from icv.schemas.fields import Choice, Day, Flag, Id, Rows, Text, TimeOfDay
from icv.schemas.validators import not_after_today, not_before

# Immediate access is 0 to 5 minutes: a longer wait needs a reason and who authorised it.
IMMEDIATE_MINUTES = 5
# Let in "earlier" than arriving by the clock means past midnight, if within this many minutes.
MIDNIGHT_WAIT_MINUTES = 6 * 60
# The longest wait two times of day can make (arrived 00:00, let in 23:59): a report can record
# no longer one, and neither can a row of past visits (icv.schemas.statistics).
LONGEST_WAIT_MINUTES = 24 * 60 - 1
# History starts here: a visit date before it is a slip of the keyboard.
EARLIEST_VISIT = date(2000, 1, 1)
SHORT, REASON, NOTE, OBSERVATIONS = 120, 500, 2000, 5000
# More in one suite at once, or raised on one visit, is a slip, not a custody suite.
MOST_DETAINEES, MOST_ISSUES = 200, 50
CUSTODY_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/ -]{0,29}$")

# Said by the service too, of a suite or partner that the records refuse.
SELECT_SUITE = "Select the suite you visited"
SELECT_PARTNER = "Select your partner from the list of volunteers"


# Asked once before a report of a completed visit that records nothing is submitted.
ARE_YOU_SURE = (
    "This report has no detainees and no area of the suite checked: tick the box if that is "
    "right, or add them"
)


def nothing_recorded(outcome, detainees: int, states) -> bool:
    """A completed visit with no detainee and no area of the suite checked: most likely a report
    submitted before it was filled in, so its lead is asked "Are you sure?" once."""
    return (
        outcome is VisitOutcome.COMPLETED
        and not detainees
        and all(state is CheckState.NOT_CHECKED for state in states)
    )


def wait_minutes(arrived: time | None, admitted: time | None) -> int | None:
    """Whole minutes from arrival to admission, or None until both are known. Let in "before"
    arriving by the clock, within six hours, is a wait past midnight; otherwise the result is
    negative: let in before arriving, which cannot be."""
    if arrived is None or admitted is None:
        return None
    minutes = (admitted.hour * 60 + admitted.minute) - (arrived.hour * 60 + arrived.minute)
    if minutes < 0 and minutes + 24 * 60 <= MIDNIGHT_WAIT_MINUTES:
        minutes += 24 * 60
    return minutes


def visit_day(required: str | None = None) -> Day:
    return Day(
        required=required,
        validate=[
            not_after_today("The date of the visit must be today or in the past"),
            not_before(EARLIEST_VISIT, "The date of the visit must be 1 January 2000 or later"),
        ],
    )


def _asked(schema, data: dict, name: str, partial) -> bool:
    """Whether an answer to `name` is asked for now: on a whole step or report, yes; on a draft
    sent in part, only when the part was sent; on a step saved "to come back later", no (the
    whole report is checked again when it is submitted)."""
    return not schema.context.get("for_later") and (not partial or name in data)


def _unread(data: dict, original, *names: str) -> bool:
    """Whether any of `names` was sent but did not read: its own message says why, and a rule
    about it would only repeat that."""
    sent = original if isinstance(original, dict) else {}
    return any(name in sent and name not in data for name in names)


class VisitSchema(Schema):
    """Step 1, the visit: where, when, how, who, and whether it was completed."""

    suite_id = Id(required=SELECT_SUITE)
    visit_date = visit_day(required="Enter the date of the visit")
    visit_type = Choice(VisitType, required="Select whether you visited in person or remotely")
    partner_ids = fields.List(
        Id(invalid=SELECT_PARTNER),
        load_default=list,
        validate=Length(max=2, error="Select at most two other visitors"),
        metadata={"description": "The other visitors, by person id; the lead is the sender"},
    )
    outcome = Choice(VisitOutcome, required="Select whether the visit was completed or abandoned")
    abandoned_reason = Text("The reason", max_length=REASON)

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _partners_and_why_abandoned(self, data, original, partial=None, **_):
        errors = {}
        partners = data.get("partner_ids")
        if _unread(data, original, "partner_ids", "visit_type"):
            pass
        elif partners and len(set(partners)) != len(partners):
            errors["partner_ids"] = ["Select a different person for each visitor"]
        elif (
            not partners
            and data.get("visit_type") is VisitType.IN_PERSON
            and _asked(self, data, "partner_ids", partial)
        ):
            errors["partner_ids"] = [
                "Select your partner: an in-person visit is made by two or more visitors"
            ]
        abandoned = data.get("outcome") is VisitOutcome.ABANDONED
        if abandoned and not data.get("abandoned_reason") and _asked(self, data, "outcome", None):
            errors["abandoned_reason"] = ["Enter why the visit was abandoned"]
        if errors:
            raise ValidationError(errors)

    @post_load
    def _no_reason_unless_abandoned(self, data, **_):
        if "outcome" in data and data["outcome"] is not VisitOutcome.ABANDONED:
            data["abandoned_reason"] = None
        return data


class AccessSchema(Schema):
    """Step 2, access: when the pair arrived and were let in; why, and on whose authority, any
    wait over five minutes. A remote visit has no access to check. Needs the visit's type and
    outcome: from the same input (a whole report) or as context (the step alone)."""

    arrived_at = TimeOfDay()
    admitted_at = TimeOfDay()
    delay_cause = Choice(
        DelayReason,
        invalid="Select the reason for the delay",
        metadata={"description": "Why a wait over five minutes happened; other needs words"},
    )
    delay_reason = Text(
        "The reason for the delay",
        max_length=REASON,
        metadata={"description": "The words for delay_cause other (alone, they mean other)"},
    )
    delay_authorised_by = Text("Rank and name", max_length=SHORT)

    def _visit(self, data: dict, name: str):
        return data[name] if name in data else self.context.get(name)

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _the_wait(self, data, original, partial=None, **_):
        if self._visit(data, "visit_type") is VisitType.REMOTE or _unread(
            data, original, "arrived_at", "admitted_at", "visit_type", "outcome"
        ):
            return
        errors = {}
        arrived, admitted = data.get("arrived_at"), data.get("admitted_at")
        if arrived is None and _asked(self, data, "arrived_at", partial):
            errors["arrived_at"] = ["Enter the time you arrived and asked to be let in"]
        abandoned = self._visit(data, "outcome") is VisitOutcome.ABANDONED
        if admitted is None and not abandoned and _asked(self, data, "admitted_at", partial):
            errors["admitted_at"] = ["Enter the time you were let in"]
        wait = wait_minutes(arrived, admitted)
        if wait is not None and wait < 0:
            errors["admitted_at"] = [
                "The time you were let in must be the same as or after the time you arrived"
            ]
        if wait is not None and wait > IMMEDIATE_MINUTES and not self.context.get("for_later"):
            errors.update(self._why_delayed(data, original, wait))
            if not data.get("delay_authorised_by"):
                errors["delay_authorised_by"] = [
                    "Enter the rank and name of who authorised the delay"
                ]
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _why_delayed(data: dict, original, wait: int) -> dict:
        """A reason chosen, and words for "other". Words alone (a phone or a spreadsheet from
        before the choice) are an "other" reason."""
        if _unread(data, original, "delay_cause"):
            return {}
        cause = data.get("delay_cause")
        if cause is None and not data.get("delay_reason"):
            return {"delay_cause": [f"Select the reason for the {wait} minute wait"]}
        if cause is DelayReason.OTHER and not data.get("delay_reason"):
            return {"delay_reason": ["Describe the reason for the delay"]}
        return {}

    @post_load
    def _the_wait_in_minutes(self, data, **_):
        if "arrived_at" in data or "admitted_at" in data:
            wait = wait_minutes(data.get("arrived_at"), data.get("admitted_at"))
            data["wait_minutes"] = wait
            if (wait or 0) <= IMMEDIATE_MINUTES:
                data["delay_cause"] = data["delay_reason"] = data["delay_authorised_by"] = None
        if data.get("delay_cause") is None and data.get("delay_reason"):
            data["delay_cause"] = DelayReason.OTHER
        elif data.get("delay_cause") not in (None, DelayReason.OTHER):
            data["delay_reason"] = None  # words belong to "other" only
        return data


def _rights_fields() -> dict:
    """A field for each rights check (icv.models.rights), answered for a detainee seen."""
    return {
        check.name: Choice(
            RightsAnswer,
            invalid=f"Select yes, no, not asked or declined to say for “{check.label}”, "
            "detainee {number}",
        )
        for check in RIGHTS
    }


class DetaineeEntrySchema(Schema.from_dict(_rights_fields(), name="DetaineeRightsBase")):
    """One detainee in custody at the time of the visit. There is no field for a name.

    The rights and entitlements (icv.models.rights) are answered for a detainee seen, each
    may be left unanswered; a detainee not seen keeps none."""

    outcome = Choice(DetaineeOutcome, required="Select what happened with detainee {number}")
    reason = fields.String(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "Why not available, why not offered, or (optionally) why declined: "
            "see the enums"
        },
    )
    reason_detail = Text("The reason", max_length=SHORT)
    custody_number = Text(
        "Custody number",
        max_length=30,
        validate=Regexp(
            CUSTODY_NUMBER,
            error="Custody number must be up to 30 letters, numbers, spaces, / or -",
        ),
    )
    age_group = Choice(AgeGroup, invalid="Select the age group")
    sex = Choice(Sex, invalid="Select the sex, or other or not known")
    vulnerable = Flag()
    needs_appropriate_adult = Flag()
    needs_interpreter = Flag()
    mental_health_concern = Flag()
    appropriate_adult_present = Flag()
    interpreter_present = Flag()
    tact = Flag(metadata={"description": "Held under the Terrorism Act 2000"})
    welfare_notes = Text("Welfare notes", max_length=NOTE)

    @validates_schema
    def _reason_for_the_outcome(self, data, **_):
        outcome = data.get("outcome")
        reasons = REASONS_BY_OUTCOME.get(outcome)
        reason = data.get("reason")
        optional = outcome in OPTIONAL_REASONS and reason in (None, "")
        if reasons and not optional and reason not in {r.value for r in reasons}:
            raise ValidationError(
                f"Select why detainee {{number}} was {outcome.label.split(':')[0].lower()}",
                "reason",
            )
        if reasons and reason == "other" and not data.get("reason_detail"):
            raise ValidationError("Describe the reason for detainee {number}", "reason_detail")

    @post_load
    def _only_what_the_outcome_needs(self, data, **_):
        if data.get("outcome") not in REASONS_BY_OUTCOME or not data.get("reason"):
            data["reason"] = None
        if data.get("reason") != "other":
            data["reason_detail"] = None
        if data.get("outcome") is not DetaineeOutcome.ACCEPTED:
            for check in RIGHTS:
                data[check.name] = None
        if data.get("medical_care_needed") is not RightsAnswer.YES:
            data["medical_care_given"] = None  # asked only where care was needed
        for present, needed in PRESENT_WHERE_NEEDED.items():
            if present in data and not data.get(needed):
                data[present] = False
        return data


class DetaineesSchema(Schema):
    """Step 3: one entry per person in custody."""

    detainees = Rows(DetaineeEntrySchema, most=MOST_DETAINEES, noun="detainee")


class CheckSchema(Schema):
    state = Choice(CheckState, invalid="Select satisfactory, concern or not checked")
    note = Text("The note", max_length=REASON)


def _checklist_fields():
    return {area.value: fields.Nested(CheckSchema, load_default=dict) for area in CHECKLIST_AREAS}


class ChecklistSchema(Schema.from_dict(_checklist_fields(), name="ChecklistBase")):
    """Step 4, the suite: each area satisfactory, a concern (described) or not checked; an area
    not answered was not checked."""

    @validates_schema(skip_on_field_errors=False)
    def _concerns_described(self, data, **_):
        errors = {
            area.value: {"note": [f"Describe the concern about {area.label.lower()}"]}
            for area in CHECKLIST_AREAS
            if (data.get(area.value) or {}).get("state") is CheckState.CONCERN
            and not data[area.value].get("note")
            and "note" in data[area.value]  # a note that did not read has its own message
        }
        if errors:
            raise ValidationError(errors)

    @post_load
    def _every_area(self, data, **_):
        return {
            area.value: {
                "state": (data.get(area.value) or {}).get("state") or CheckState.NOT_CHECKED,
                "note": (data.get(area.value) or {}).get("note"),
            }
            for area in CHECKLIST_AREAS
        }


class Level(Id):
    """An issue's level: 1 easily fixed, 2 urgent, 3 unacceptable."""

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        level = super()._deserialize(value, attr, data, **kwargs)
        if level not in (1, 2, 3):
            raise self.fail("invalid", value)
        return level


class IssueRaisedSchema(Schema):
    """A concern raised on the visit, as the report records it."""

    id = Id(load_only=True, metadata={"description": "An issue already on this report"})
    area = Choice(Area, required="Select the area of issue {number}")
    description = Text("The description", max_length=NOTE, required="Describe issue {number}")
    raised_with = Text("Raised with", max_length=SHORT)
    response_at_time = Text("The response", max_length=NOTE)
    resolved_on_spot = Flag()
    level = Level(required="Select the level of issue {number}", metadata={"enum": [1, 2, 3]})


class IssuesSchema(Schema):
    """Step 5: the issues raised."""

    issues = Rows(IssueRaisedSchema, most=MOST_ISSUES, noun="issue")


def _observations() -> Text:
    return Text("Observations", max_length=OBSERVATIONS)


class ObservationsSchema(Schema):
    """Step 6: anything else the coordinator should know."""

    observations = _observations()


def _nothing_checked() -> dict:
    return ChecklistSchema().load({})


class VisitReportSchema(AccessSchema, VisitSchema):
    """The whole report, every step in one: what a phone sends, and what a version keeps.
    Loaded, it is whole (a checklist not sent is every area not checked), so the same report
    loads to the same data however it is written."""

    detainees = Rows(DetaineeEntrySchema, most=MOST_DETAINEES, noun="detainee")
    checklist = fields.Nested(ChecklistSchema, load_default=_nothing_checked)
    issues = Rows(IssueRaisedSchema, most=MOST_ISSUES, noun="issue")
    observations = _observations()
    confirm_empty = Flag(
        load_only=True,
        metadata={
            "description": "true: submit a completed visit with no detainees and no area "
            "checked, as its lead confirmed (without it, such a report is refused)"
        },
    )

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _sure_of_nothing_recorded(self, data, original, partial=None, **_):
        if partial or self.context.get("for_later"):
            return  # a draft: asked when it is submitted
        if _unread(data, original, "outcome", "detainees", "checklist", "confirm_empty"):
            return
        # An area whose answer did not read has its own message: it counts as an answer here.
        states = [(answer or {}).get("state") for answer in (data.get("checklist") or {}).values()]
        empty = nothing_recorded(data.get("outcome"), len(data.get("detainees") or []), states)
        if empty and not data.get("confirm_empty"):
            raise ValidationError(ARE_YOU_SURE, "confirm_empty")


class ReturnSchema(Schema):
    """The partner sends the report back to the lead."""

    note = Text("The note", max_length=1000, required="Enter what the lead visitor should change")


class AmendmentSchema(Schema):
    """The coordinator asks the lead to amend the report."""

    reason = Text(
        "The reason", max_length=1000, required="Enter what the lead visitor should amend"
    )


class VisitReportDraftSchema(VisitReportSchema):
    """A draft of the whole report: any part of it may be left out for now, but a part sent
    (a detainee, an issue) is whole."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, partial=tuple(VisitReportSchema().fields), **kwargs)
