"""A submitted report sent back to its lead (by the partner) or opened for an amendment (by the
coordinator) is changed in a copy. The lead's steps and phone change the copy; the coordinator,
the force and the statistics keep seeing the report as last submitted. Submitting it again puts
the copy in its place, in one transaction (workflow.submit); each issue keeps its id, and so
its history with the force.

The copy is kept on the report's own row (visits.amended_copy) as the plain values of the
report's columns and its parts', and made back into records that are never saved, to show and
to change: the same code fills in a draft and a copy. Keeping the copy changes the row, so its
version moves on, and a page read before is refused as for a draft.
"""

import uuid
from datetime import date, datetime, time
from enum import Enum

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from icv.models import (
    DetaineeEntry,
    Issue,
    ReportStatus,
    Suite,
    SuiteCheck,
    Visit,
    VisitVisitor,
)

AMENDING = (ReportStatus.RETURNED, ReportStatus.AMENDMENT_REQUESTED)
PARTS = {
    "visitors": VisitVisitor,
    "detainees": DetaineeEntry,
    "checks": SuiteCheck,
    "issues": Issue,
}
# What the lead says of an issue; the rest (its state with the force) is the live issue's.
ISSUE_ANSWERS = (
    "area",
    "description",
    "raised_with",
    "response_at_time",
    "resolved_on_spot",
    "level",
)
_NOT_COPIED = {"amended_copy", "lock_version"}


def working(session: Session, visit: Visit) -> Visit:
    """The report as its lead changes it: a draft itself; a report sent back or open for an
    amendment, its copy (made from the report the first time), never saved itself."""
    if visit.status not in AMENDING:
        return visit
    copy = _restored(visit.amended_copy or _plain_report(visit))
    copy.lock_version = visit.lock_version
    copy.status, copy.return_note, copy.lead = visit.status, visit.return_note, visit.lead
    copy.suite = session.get(Suite, copy.suite_id) if copy.suite_id is not None else None
    live = {issue.id: issue for issue in visit.issues}
    for issue in copy.issues:
        if issue.id in live:  # its state with the force as it is now
            for name, value in values(live[issue.id]).items():
                if name not in ISSUE_ANSWERS:
                    setattr(issue, name, value)
    return copy


def keep(visit: Visit, copy: Visit):
    """Keep `copy`, as changed, on the report's row."""
    visit.amended_copy = _plain_report(copy)


def values(record, leave_out=()) -> dict:
    """A record's column values by attribute name."""
    return {
        column.key: getattr(record, column.key)
        for column in inspect(type(record)).column_attrs
        if column.key not in leave_out and column.key not in _NOT_COPIED
    }


def _plain_report(visit: Visit) -> dict:
    report = {"visit": _plain(visit)}
    for part in PARTS:
        report[part] = [_plain(record) for record in getattr(visit, part)]
    return report


def _plain(record) -> dict:
    return {name: _to_json(value) for name, value in values(record).items()}


def _to_json(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | time | datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _restored(report: dict) -> Visit:
    copy = _record(Visit, report["visit"])
    for part, model in PARTS.items():
        setattr(copy, part, [_record(model, plain) for plain in report[part]])
    return copy


def _record(model, plain: dict):
    columns = inspect(model).column_attrs
    return model(
        **{
            column.key: _from_json(column.columns[0].type.python_type, plain[column.key])
            for column in columns
            if column.key in plain
        }
    )


def _from_json(kind, value):
    if value is None:
        return None
    if issubclass(kind, Enum):
        return kind(value)
    if kind in (date, time, datetime):
        return kind.fromisoformat(value)
    if kind is uuid.UUID:
        return uuid.UUID(value)
    return value
