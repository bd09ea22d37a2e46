"""What the lists may be filtered by. A filter is a bookmarkable address: anything in it that
does not read (an unknown status, a mangled date) is left out rather than refused, except a
period the person typed, which is answered with what to write instead."""

from marshmallow import EXCLUDE, fields, post_load
from marshmallow.validate import OneOf

from icv.models import COUNTED_STATUSES, IssueStatus, ReportStatus
from icv.schemas import Schema, ValidationError
from icv.schemas.fields import Choice, Day, Id, PeriodField
from icv.schemas.visit_reports import Level

# The issue list's status filter: the statuses, and two that people ask for most.
ISSUE_STATUSES = {
    "outstanding": "Outstanding (not closed)",
    "overdue": "Overdue",
    **{status.value: status.label for status in IssueStatus},
    "any": "Any status",
}
# Age: days since the visit that raised the issue, from and to (None: no limit).
ISSUE_AGES = {
    "week": ("Raised in the last 7 days", 0, 7),
    "month": ("Raised 8 to 28 days ago", 8, 28),
    "quarter": ("Raised 29 to 90 days ago", 29, 90),
    "older": ("Raised more than 90 days ago", 91, None),
}


def loaded_leniently(schema, args: dict) -> tuple[dict, dict]:
    """What of `args` reads, as the schema loads it, and the messages about what does not."""
    try:
        return schema.load(args), {}
    except ValidationError as error:
        messages = error.normalized_messages()
        return schema.load({k: v for k, v in args.items() if k not in messages}), messages


class IssueFilterSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    suite_id = Id(data_key="suite")
    level = Level()
    status = fields.String(load_default="outstanding", validate=OneOf(list(ISSUE_STATUSES)))
    age = fields.String(load_default=None, allow_none=True, validate=OneOf(list(ISSUE_AGES)))


class VisitReportFilterSchema(Schema):
    """The review list's filters; loaded as the first and last visit dates asked for (a
    period, narrowed by any from and until dates)."""

    class Meta:
        unknown = EXCLUDE

    suite_id = Id(data_key="suite")
    status = Choice(ReportStatus, validate=OneOf(COUNTED_STATUSES))
    period = PeriodField()
    start = Day()
    end = Day()

    @post_load
    def _dates(self, data, **_):
        period = data.pop("period", None)
        starts = [day for day in (period and period.start, data.pop("start", None)) if day]
        ends = [day for day in (period and period.end, data.pop("end", None)) if day]
        data["start"] = max(starts) if starts else None
        data["end"] = min(ends) if ends else None
        return data
