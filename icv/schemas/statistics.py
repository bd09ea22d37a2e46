"""The statistics' input: which period to count, the force's own detention figures, and a row
of the CSV file of past visits.

A row of the CSV file is a visit, so it meets the rules a visit report's date and access step
meet, through the same fields and the same wait_minutes: a wait past midnight is a wait, a
date in the future is refused. Its messages name the column and quote the cell, as a person
fixing a spreadsheet needs.
"""

from marshmallow import fields, post_load, validates_schema

from icv.periods import PeriodError, date_range
from icv.schemas import Schema, ValidationError
from icv.schemas.fields import (
    UNTYPABLE,
    Day,
    Flag,
    PeriodField,
    Text,
    TimeOfDay,
    Upload,
    WholeNumber,
)
from icv.schemas.validators import not_after_today, not_before
from icv.schemas.visit_reports import (
    EARLIEST_VISIT,
    LONGEST_WAIT_MINUTES,
    MOST_DETAINEES,
    REASON,
    wait_minutes,
)

MOST_DETENTIONS = 10_000_000
MOST_REVISION = 2**31 - 1  # the database column's largest value
MOST_VISITORS = 10
COUNTS = ("accepted", "declined", "not_available", "not_offered")
COLUMNS = ("date", "suite", "arrived", "admitted", "wait_minutes", "visitors", *COUNTS)
# Spreadsheets of history may say why access was delayed, in words: an "other" reason.
OPTIONAL_COLUMNS = ("delay_reason",)
BEFORE_2000 = "date {input} is before 2000: check the year"


class FiguresAskedSchema(Schema):
    """Which of a period's figures the API gives: its newest published revision, one asked for
    (`revision`), or the live figures (`live`, which wins)."""

    revision = WholeNumber(most=MOST_REVISION, load_default=None)
    live = Flag()


class StatisticsQuerySchema(Schema):
    """A financial year or quarter (`period`), or the first and last days of a range; loaded
    as the Period asked for, or None when none is."""

    period = PeriodField()
    starts_on = Day()
    ends_on = Day()

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _a_whole_range(self, data, original, **_):
        if "starts_on" not in original and "ends_on" not in original:
            return
        errors = {
            name: [message]
            for name, message in (
                ("starts_on", "Enter the first day of the period"),
                ("ends_on", "Enter the last day of the period"),
            )
            if name in data and data[name] is None  # absent from data: it did not read
        }
        if errors:
            raise ValidationError(errors)

    @post_load
    def _the_period(self, data, **_):
        if data.get("starts_on") and data.get("ends_on"):
            try:
                return date_range(data["starts_on"], data["ends_on"])
            except PeriodError as error:
                field = "starts_on" if error.end == "start" else "ends_on"
                raise ValidationError(str(error), field) from error
        return data.get("period")


class ForceDetentionsSchema(Schema):
    """The force's total of persons detained in a financial year or quarter."""

    period = PeriodField(
        kinds=("year", "quarter"), required="Enter the period, like 2016/17 or 2016/17 Q3"
    )
    detentions = WholeNumber(
        most=MOST_DETENTIONS,
        required="Enter the number of persons detained, like 13168",
        invalid="Enter the number of persons detained as a whole number, like 13168",
    )


class ImportSchema(Schema):
    """The upload of a CSV file of past visits."""

    file = Upload(required="Select a CSV file of visits")
    create_suites = Flag()


class Visitors(fields.String):
    """The visitors' names or e-mails, separated by ";" (none is fine: history may not say)."""

    def _deserialize(self, value, attr, data, **kwargs) -> list[str]:
        names = [name.strip() for name in str(value or "").split(";") if name.strip()]
        if len(names) > MOST_VISITORS:
            raise ValidationError(
                f"visitors names {len(names)}: a visit has at most {MOST_VISITORS}"
            )
        for name in names:
            if len(name) > 120:
                raise ValidationError(f"the visitor “{name[:20]}…” must be 120 characters or fewer")
            if UNTYPABLE.search(name):
                raise ValidationError(f"the visitor “{name[:20]}” has a control character")
        return names


def _count(name: str) -> WholeNumber:
    return WholeNumber(
        most=MOST_DETAINEES,
        required=f"{name} is empty (write 0 if there were none)",
        invalid=f"{name} “{{input}}” is not a whole number 0 or more",
        error_messages={"too_large": f"{name} {{input}} is more than {{most:,}}"},
    )


def _time(name: str) -> TimeOfDay:
    return TimeOfDay(invalid=f"{name} “{{input}}” is not a time written HH:MM, like 09:45 or 21:05")


class ImportedVisitSchema(Schema):
    """One row of the CSV file: one visit, its wait and its detainees counted by outcome."""

    date = Day(
        required="date is empty (write it as YYYY-MM-DD, like 2016-04-01)",
        invalid="date “{input}” is not a real date written YYYY-MM-DD, like 2016-04-01",
        error_messages={"year": BEFORE_2000, "era": "date {input} is not a year of visits"},
        validate=[
            not_after_today("date {input} is in the future"),
            not_before(EARLIEST_VISIT, BEFORE_2000),
        ],
    )
    suite = Text("suite", max_length=120, one_line=True, required="suite is empty")
    arrived = _time("arrived")
    admitted = _time("admitted")
    wait_minutes = WholeNumber(
        most=LONGEST_WAIT_MINUTES,
        invalid="wait_minutes “{input}” is not a whole number 0 or more",
        error_messages={
            "too_large": "wait_minutes {input} is more than {most:,}, the longest wait a visit "
            "report can record (23 hours 59 minutes)"
        },
    )
    visitors = Visitors(load_default=list)
    delay_reason = Text("delay_reason", max_length=REASON)
    accepted = _count("accepted")
    declined = _count("declined")
    not_available = _count("not_available")
    not_offered = _count("not_offered")

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _the_wait(self, data, raw, **_):
        arrived, admitted, wait = (
            data.get("arrived"),
            data.get("admitted"),
            data.get("wait_minutes"),
        )
        if arrived and admitted:
            minutes = wait_minutes(arrived, admitted)
            if minutes < 0:
                raise ValidationError(
                    f"admitted {raw.get('admitted')} is before arrived {raw.get('arrived')}",
                    "admitted",
                )
            if wait is not None and wait != minutes:
                raise ValidationError(
                    f"wait_minutes {wait} does not match arrived {raw.get('arrived')} and "
                    f"admitted {raw.get('admitted')} ({minutes} minutes)",
                    "wait_minutes",
                )
        elif wait is None and not raw.get("wait_minutes"):
            missing = [name for name in ("arrived", "admitted") if not raw.get(name)]
            if missing:
                raise ValidationError(
                    f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} empty: "
                    "give both times, or wait_minutes",
                    "arrived",
                )

    @validates_schema
    def _a_suite_full(self, data, **_):
        present = sum(data[count] for count in COUNTS)
        if present > MOST_DETAINEES:
            raise ValidationError(
                f"the counts add up to {present} detainees: a visit saw at most {MOST_DETAINEES}"
            )

    @post_load
    def _the_wait_in_minutes(self, data, **_):
        if data["arrived"] and data["admitted"]:
            data["wait_minutes"] = wait_minutes(data["arrived"], data["admitted"])
        return data


class PublishSchema(Schema):
    """The period whose figures the coordinator publishes to the board."""

    period = PeriodField(
        kinds=("year", "quarter"),
        required="Choose a financial year or a quarter to publish",
    )
    # The newest revision the page showed when it was posted (0 for none): a post based on an
    # older one is a second click, or someone else published meanwhile.
    based_on = WholeNumber(most=MOST_REVISION, load_default=None)
