"""The volunteers' sheets of the quality-assurance evidence pack (icv.reporting.qa_pack):
numbers and turnover by quarter, from their records, and each one's training."""

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icv import periods
from icv.models import AttendanceKind, Person, Role, VolunteerAttendance, VolunteerRecord
from icv.periods import Period
from icv.reporting.figure_tables import Table
from icv.reporting.sql import count_where, rows
from icv.reporting.statistics import percent
from icv.services.volunteer_records import in_scheme_on


def quarters_of(period: Period) -> list[Period]:
    """The financial quarters the period touches, each cut to the period."""
    found, day = [], period.start
    while day <= period.end:
        quarter = periods.quarter_of(day)
        start, end = max(quarter.start, period.start), min(quarter.end, period.end)
        label = (
            quarter.label
            if (start, end) == (quarter.start, quarter.end)
            else (f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}")
        )
        found.append(Period(label, start, end, "quarter"))
        day = quarter.end + timedelta(days=1)
    return found


def volunteer_numbers(session: Session, period: Period) -> Table:
    """Numbers and turnover by quarter, and for the whole period: one query."""
    spans = [*quarters_of(period), Period(f"The whole of {period.label}", period.start, period.end)]
    if len(spans) == 2:
        spans = spans[:1]  # a single quarter is the whole period
    columns = []
    for span in spans:
        eve = span.start - timedelta(days=1)
        columns += [
            count_where(in_scheme_on(eve)),
            count_where(VolunteerRecord.joined_on.between(span.start, span.end)),
            count_where(VolunteerRecord.left_on.between(span.start, span.end)),
            count_where(in_scheme_on(span.end)),
        ]
    query = (
        select(*columns)
        .select_from(VolunteerRecord)
        .join(Person, Person.id == VolunteerRecord.person_id)
        .where(Person.role == Role.VOLUNTEER)
    )
    counts = rows(session, query)[0]
    table_rows = []
    for number, span in enumerate(spans):
        at_start, joined, left, at_end = counts[4 * number : 4 * number + 4]
        table_rows.append([span.label, at_start, joined, left, at_end, percent(left, at_start)])
    return Table(
        "volunteers",
        "Volunteer numbers",
        [
            "Period",
            "In the scheme at the start",
            "Joined",
            "Left",
            "In the scheme at the end",
            "Left, per cent of those at the start",
        ],
        table_rows,
        "Volunteers in the scheme, from their records: at the start is the day before",
    )


def training(session: Session, period: Period) -> Table:
    """Each volunteer in the scheme at any time in the period, with their training."""
    kinds = (
        select(
            VolunteerAttendance.person_id,
            count_where(VolunteerAttendance.kind == AttendanceKind.TRAINING),
            count_where(VolunteerAttendance.kind == AttendanceKind.MEETING),
            func.max(VolunteerAttendance.held_on).filter(
                VolunteerAttendance.kind == AttendanceKind.TRAINING
            ),
        )
        .where(VolunteerAttendance.held_on.between(period.start, period.end))
        .group_by(VolunteerAttendance.person_id)
    )
    attended = {person_id: figures for person_id, *figures in rows(session, kinds)}
    query = (
        select(VolunteerRecord, Person.name)
        .join(Person, Person.id == VolunteerRecord.person_id)
        .where(
            Person.role == Role.VOLUNTEER,
            VolunteerRecord.joined_on <= period.end,
            (VolunteerRecord.left_on.is_(None)) | (VolunteerRecord.left_on > period.start),
        )
        .order_by(func.lower(Person.name), Person.id)
    )
    table_rows = []
    for record, name in session.execute(query):
        training_days, meetings, last_training = attended.get(record.person_id, (0, 0, None))
        table_rows.append(
            [
                name,
                _iso(record.joined_on),
                _iso(record.left_on),
                _iso(record.training_completed_on),
                _iso(record.probation_ends_on),
                _iso(record.vetting_expires_on),
                _iso(record.term_ends_on),
                training_days,
                meetings,
                _iso(last_training),
            ]
        )
    return Table(
        "training",
        "Training",
        [
            "Volunteer",
            "Joined",
            "Left",
            "Initial training completed",
            "Probation ends",
            "Vetting expires",
            "Term ends",
            "Training days attended in the period",
            "Meetings attended in the period",
            "Latest training day in the period",
        ],
        table_rows,
        "Each volunteer in the scheme at any time in the period",
    )


def _iso(day) -> str | None:
    if isinstance(day, str):  # SQLite gives an aggregate's date back as text
        return day
    return day.isoformat() if day is not None else None
