"""What the API answers with. What it is sent is loaded by the schemas of icv.schemas."""

import copy

from marshmallow import INCLUDE, Schema, fields

from icv.models import Area, IssueStatus, ReportStatus, Role
from icv.schemas.visit_reports import VisitReportSchema

ETAG = {"ETag": {"description": "The report's version, for If-Match", "schema": {"type": "string"}}}
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "description": 'The version last read, as the ETag gave it ("3"); needed to change a report '
    "that exists, never to make a new one",
    "schema": {"type": "string", "minLength": 1},
}


class SuiteOut(Schema):
    id = fields.Integer()
    name = fields.String()
    active = fields.Boolean()


class VolunteerOut(Schema):
    id = fields.Integer()
    name = fields.String()


class MeOut(Schema):
    id = fields.Integer()
    name = fields.String()
    email = fields.String()
    role = fields.Enum(Role, by_value=True)
    suites = fields.List(fields.Nested(SuiteOut), metadata={"description": "A force user's suites"})
    csrf_token = fields.String(metadata={"description": "To send as X-CSRFToken with a change"})


def _may_be_null(schema_class) -> dict:
    """The fields of `schema_class`, each of which may be null when read back: a draft holds
    no answer yet where the report needs one before it is submitted."""
    found = {}
    for name, field in schema_class().fields.items():
        found[name] = copy.copy(field)
        found[name].allow_none = True
    return found


VisitReportOut = Schema.from_dict(
    {
        **_may_be_null(VisitReportSchema),
        "id": fields.UUID(),
        "status": fields.Enum(ReportStatus, by_value=True),
        "version": fields.Integer(attribute="lock_version"),
        "lead_id": fields.Integer(allow_none=True),
        "submitted_at": fields.DateTime(allow_none=True),
    },
    name="VisitReportOut",
)
VisitReportOut.__doc__ = "A visit report as stored: the whole report, its id, status and version."


class IssueOut(Schema):
    """An issue raised on a visit, as the force follows it."""

    id = fields.Integer()
    visit_id = fields.UUID()
    suite = fields.Function(lambda issue: issue.visit.suite.name if issue.visit.suite else None)
    visit_date = fields.Function(
        lambda issue: issue.visit.visit_date.isoformat() if issue.visit.visit_date else None
    )
    area = fields.Enum(Area, by_value=True)
    level = fields.Integer()
    description = fields.String()
    raised_with = fields.String(allow_none=True)
    response_at_time = fields.String(allow_none=True)
    status = fields.Enum(IssueStatus, by_value=True)
    due_on = fields.Date(allow_none=True)
    referral_note = fields.String(allow_none=True)
    force_response = fields.String(allow_none=True)
    action_taken_on = fields.Date(allow_none=True)


class InboxOut(Schema):
    waiting = fields.List(fields.Nested(IssueOut), metadata={"description": "Overdue first"})
    answered = fields.List(fields.Nested(IssueOut), metadata={"description": "The latest 20"})


class StatisticsOut(Schema):
    """The statistics of a period, as `icv report … --format json` writes them. More keys may
    be added; these keep their names and meaning."""

    class Meta:
        unknown = INCLUDE

    period = fields.Dict()
    visits = fields.Dict()
    access = fields.Dict()
    detainees = fields.Dict()
    rights = fields.Dict(
        metadata={
            "description": "Per rights check: yes, no, not_asked, declined_to_say (and "
            "not_recorded), each {count, percent} of detainees seen"
        }
    )
    vulnerability = fields.Dict(metadata={"description": "Per flag: {count, percent}"})
    tact = fields.Dict(metadata={"description": "Terrorism Act detainees: present, seen"})
    declined_reasons = fields.Dict(metadata={"description": "Declined detainees by reason"})
    complete = fields.Boolean(
        metadata={"description": "False while the period is in progress: figures to date"}
    )
    comparison = fields.Dict(
        metadata={
            "description": "previous_period (and, for a quarter, same_period_last_year and "
            "year_to_date), each {period, visits, access, detainees} as at the top level"
        }
    )
    narrative = fields.List(fields.String())
    published = fields.Dict(
        metadata={
            "description": "Only on figures the coordinator has published: revision, "
            "published_at, published_by and as_at (the time of the newest data they hold)"
        }
    )
