"""Removing what is kept only for a while, from every copy the app keeps of it.

A custody number lets the coordinator trace a welfare concern with the force in the weeks
after a visit (ICV_CUSTODY_NUMBER_DAYS); a welfare note answers questions about a visit for a
year or so (ICV_WELFARE_NOTE_DAYS). After that each is personal data with no purpose, so it
goes (docs/security.md, Retention) from the detainee entries and from every copy of them: each
submitted version of the report, the lead's copy of a report sent back or open for an
amendment, and a step held over a sign-in. The fingerprint of the report last submitted is
made again from what is left, since a guessed number could be checked against it.

A custody number written out in words (a partner's note sending the report back, an issue, an
e-mail about it) is replaced by QUOTE_REMOVED in the report's text and its versions, in the
audit trail's before and after values and in e-mails. A number shorter than QUOTED_LENGTH is
not looked for in words: "12" cannot be told from a date.

Nothing counted in the statistics changes. A second run finds nothing left and changes nothing.
"""

import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import JSON, Enum, String, Text, cast, or_, select, update
from sqlalchemy.orm import Session

from icv import clock
from icv.models import AuditEvent, DetaineeEntry, Email, HeldPost, Issue, ReportVersion, Visit
from icv.services import audit
from icv.services.visit_reports.workflow import digest

QUOTE_REMOVED = "[…]"
QUOTED_LENGTH = 5
_VISIT_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass(frozen=True)
class Kept:
    field: str  # a detainee entry's column, and its name in every copy
    setting: str  # how many days it is kept after the visit
    action: str  # the audit trail's name for its removal
    quoted: bool  # also looked for where it was written out in words


KEPT = (
    Kept("custody_number", "CUSTODY_NUMBER_DAYS", "custody_numbers_removed", quoted=True),
    Kept("welfare_notes", "WELFARE_NOTE_DAYS", "welfare_notes_removed", quoted=False),
)


def purge(session: Session, today: date | None = None) -> dict[str, dict]:
    """Remove everything KEPT from the visits older than its period; what went, by field."""
    today = today or clock.today()
    return {
        kept.field: _remove(session, kept, today - timedelta(days=current_app.config[kept.setting]))
        for kept in KEPT
    }


def _remove(session: Session, kept: Kept, cutoff: date) -> dict:
    old = select(Visit.id).where(Visit.visit_date < cutoff)
    found: dict[uuid.UUID, set[str]] = {}  # the values removed, by visit
    counts = {
        "count": _from_entries(session, kept.field, old, found),
        "report_versions": _from_versions(session, kept.field, old, found),
        "amended_copies": _from_copies(session, kept.field, old, found),
        "held_posts": _from_held_posts(session, kept.field, old, found),
    }
    quoted = {value for values in found.values() for value in values if value}
    if kept.quoted and quoted:
        counts.update(_unquote(session, quoted, list(found)))
    _fingerprint_again(session, list(found))
    if any(counts.values()):
        audit.record(
            session,
            None,
            kept.action,
            ("detainee_entries", None),
            after={**counts, "visits_before": cutoff.isoformat()},
        )
    session.flush()
    return {**counts, "visits_before": cutoff}


def _from_entries(session, field, old, found) -> int:
    column = getattr(DetaineeEntry, field)
    held = (DetaineeEntry.visit_id.in_(old), column.is_not(None))
    for visit_id, value in session.execute(select(DetaineeEntry.visit_id, column).where(*held)):
        found.setdefault(visit_id, set()).add(value)
    result = session.execute(
        update(DetaineeEntry)
        .where(*held)
        .values({field: None})
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def _holding(column, field):
    """The JSON in `column` has `field` with a text value (as both databases write JSON)."""
    return cast(column, Text).contains(f'"{field}": "', autoescape=True)


def _from_versions(session, field, old, found) -> int:
    versions = session.scalars(
        select(ReportVersion).where(
            ReportVersion.visit_id.in_(old), _holding(ReportVersion.body, field)
        )
    ).all()
    for version in versions:
        version.body = _emptied(version.body, field, found.setdefault(version.visit_id, set()))
    return len(versions)


def _from_copies(session, field, old, found) -> int:
    copies = session.execute(
        select(Visit.id, Visit.amended_copy).where(
            Visit.id.in_(old), _holding(Visit.amended_copy, field)
        )
    ).all()
    for visit_id, copy in copies:
        _update_visit(
            session, visit_id, amended_copy=_emptied(copy, field, found.setdefault(visit_id, set()))
        )
    return len(copies)


def _from_held_posts(session, field, old, found) -> int:
    """Posts held over a sign-in (at most a week) of a step of an old visit's report."""
    held = {}
    for post in session.scalars(select(HeldPost)):
        named = _VISIT_ID.search(post.path)
        if named and any(name.endswith(f"-{field}") and value for name, value in post.fields):
            held[post] = uuid.UUID(named[0])
    olds = set(session.scalars(old.where(Visit.id.in_(set(held.values())))))
    changed = 0
    for post, visit_id in held.items():
        if visit_id in olds:
            values = found.setdefault(visit_id, set())
            post.fields = [
                [name, _kept_back(name, value, field, values)] for name, value in post.fields
            ]
            changed += 1
    return changed


def _kept_back(name: str, value, field: str, values: set) -> str:
    if name.endswith(f"-{field}") and value:
        values.add(value)
        return ""
    return value


def _emptied(value, field: str, values: set):
    """`value` (a report as JSON) with every `field` in it emptied; the values go in `values`."""
    if isinstance(value, list):
        return [_emptied(item, field, values) for item in value]
    if not isinstance(value, dict):
        return value
    if value.get(field) is not None:
        values.add(value[field])
    return {
        key: None if key == field else _emptied(item, field, values) for key, item in value.items()
    }


def _update_visit(session, visit_id, **values):
    """Change a visit's row as retention does: not as a change by anyone, so neither the
    time it was last changed nor its version moves."""
    session.execute(
        update(Visit.__table__)
        .where(Visit.__table__.c.id == visit_id)
        .values(**values, updated_at=Visit.__table__.c.updated_at)
    )


def _fingerprint_again(session, visit_ids):
    """The fingerprint of each report last submitted, made from what is left of it."""
    session.flush()
    for visit_id in visit_ids:
        latest = session.scalar(
            select(ReportVersion.body)
            .where(ReportVersion.visit_id == visit_id)
            .order_by(ReportVersion.number.desc())
            .limit(1)
        )
        if latest is not None:
            _update_visit(session, visit_id, submitted_digest=digest(latest))


def _unquote(session, numbers: set[str], visit_ids) -> dict[str, int]:
    """Replace the custody numbers written out in words in these visits' reports and their
    versions, the audit trail and e-mails; how many records of each changed."""
    numbers = sorted((n for n in numbers if len(n) >= QUOTED_LENGTH), key=len, reverse=True)
    if not numbers:
        return {}
    # Written as typed or not: in any case, and with or without spaces, hyphens, slashes or
    # dots between its letters and digits (AB12345, ab 12345, AB-123-45).
    words = "|".join(_spaced_out(number) for number in numbers)
    pattern = re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)
    session.flush()
    in_reports = sum(
        _unquote_rows(session, model, _text_columns(model), column.in_(visit_ids), pattern)
        for model, column in (
            (Visit, Visit.id),
            (DetaineeEntry, DetaineeEntry.visit_id),
            (Issue, Issue.visit_id),
            (ReportVersion, ReportVersion.visit_id),
        )
    )
    counts = {"quoted_in_reports": in_reports}
    for name, model, columns in (
        ("quoted_in_audit_events", AuditEvent, ("before", "after")),
        ("quoted_in_emails", Email, ("subject", "body")),
    ):
        columns = [model.__table__.c[column] for column in columns]
        mentions = or_(*(cast(c, Text).ilike(f"%{_needle(n)}%") for c in columns for n in numbers))
        counts[name] = _unquote_rows(session, model, columns, mentions, pattern)
    return counts


def _spaced_out(number: str) -> str:
    """A pattern for `number` with any separators, or none, between its letters and digits."""
    characters = re.findall(r"[^\W_]", number)
    return r"[\s./-]*".join(map(re.escape, characters))


def _needle(number: str) -> str:
    """The longest run of letters or of digits in `number`: found in it however it is
    written out, to pick the rows worth searching."""
    return max(re.findall(r"\d+|[^\W\d_]+", number), key=len, default=number)


def _text_columns(model):
    return [
        column
        for column in model.__table__.columns
        if isinstance(column.type, String | JSON)
        and not isinstance(column.type, Enum)
        and not column.primary_key
    ]


def _unquote_rows(session, model, columns, where, pattern) -> int:
    """Replace the numbers `pattern` finds in `columns` of the rows `where` picks; how many
    rows changed."""
    table = model.__table__
    key = next(iter(table.primary_key.columns))
    changed = 0
    for row in session.execute(select(key, *columns).where(where)).all():
        values = {}
        for column, value in zip(columns, row[1:], strict=True):
            if (unquoted := _unquoted(value, pattern)) != value:
                values[column.name] = unquoted
        if values:
            if model is Visit:
                values["updated_at"] = table.c.updated_at  # not a change by anyone
            session.execute(update(table).where(key == row[0]).values(**values))
            changed += 1
    return changed


def _unquoted(value, pattern):
    if isinstance(value, str):
        return pattern.sub(QUOTE_REMOVED, value)
    if isinstance(value, list):
        return [_unquoted(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _unquoted(item, pattern) for key, item in value.items()}
    return value
