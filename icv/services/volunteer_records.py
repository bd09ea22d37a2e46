"""Volunteers' records, kept by the coordinator: the dates of joining, leaving, vetting,
training, probation and term; the meetings and training days attended; the dates a volunteer
cannot visit. Every change is audited under the volunteer's record ("volunteer_records", their
person id), so the record page shows its whole history.

Input comes loaded by icv.schemas.volunteers; what only the records can tell (a range that
overlaps one already kept, renewing the term of someone who has left) is checked here.
"""

from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from icv import clock
from icv.models import (
    TERM_YEARS,
    AttendanceKind,
    Person,
    Role,
    Unavailability,
    VolunteerAttendance,
    VolunteerRecord,
)
from icv.services import Invalid, NotAllowedNow, audit

ENTITY = "volunteer_records"


def years_after(day: date, years: int) -> date:
    """The same day `years` later; 28 February for 29 February in a year without one."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def in_scheme_on(day: date):
    """The condition, for a query joining VolunteerRecord and Person, that a volunteer is in
    the scheme on `day`: joined by then, and not yet left."""
    return and_(
        Person.role == Role.VOLUNTEER,
        VolunteerRecord.joined_on <= day,
        or_(VolunteerRecord.left_on.is_(None), VolunteerRecord.left_on > day),
    )


def count_in_scheme(session: Session, day: date) -> int:
    """How many volunteers are in the scheme on `day`, from their records (not from who can
    sign in: someone invited is in the scheme from the day they joined)."""
    return scheme_numbers(session, day)["in_scheme"]


def scheme_numbers(session: Session, day: date) -> dict:
    """In one query: the volunteers in the scheme on `day`, and how many of them have not yet
    set a password (invited, and not yet signed in)."""
    query = (
        select(func.count(), func.count().filter(Person.password_hash.is_(None)))
        .select_from(VolunteerRecord)
        .join(Person, Person.id == VolunteerRecord.person_id)
        .where(in_scheme_on(day))
    )
    in_scheme, no_password = session.execute(query).one()
    return {"in_scheme": in_scheme, "no_password": no_password}


def record_of(session: Session, person: Person) -> VolunteerRecord | None:
    return session.get(VolunteerRecord, person.id)


def new_record(person: Person, joined_on: date | None = None) -> VolunteerRecord:
    """The record of a volunteer just added: joined today, for a three-year term."""
    joined_on = joined_on or clock.today()
    return VolunteerRecord(
        person_id=person.id, joined_on=joined_on, term_ends_on=years_after(joined_on, TERM_YEARS)
    )


def save_record(session: Session, actor: Person, person: Person, **dates) -> VolunteerRecord:
    """Set the record's dates (VolunteerRecordSchema); a term end left blank is three years
    after joining."""
    if dates.get("term_ends_on") is None:
        dates["term_ends_on"] = years_after(dates["joined_on"], TERM_YEARS)
    record = record_of(session, person)
    before = record.audit_state() if record is not None else None
    if record is None:
        record = VolunteerRecord(person_id=person.id, **dates)
        session.add(record)
    else:
        for column, value in dates.items():
            setattr(record, column, value)
    audit.record(
        session,
        actor,
        "volunteer_record_changed",
        (ENTITY, person.id),
        before,
        record.audit_state(),
    )
    session.flush()
    return record


def renew_term(
    session: Session, actor: Person, person: Person, *, term_ends_on: date | None
) -> VolunteerRecord:
    """Renew the appointment for another three years, from the end of the current term (or
    from today, when none is recorded). `term_ends_on` is the end the page showed
    (RenewTermSchema): a term that has changed since (renewed by a second tap) is not renewed
    again."""
    record = record_of(session, person)
    today = clock.today()
    if record is None:
        raise NotAllowedNow("Save their record before renewing their term")
    if record.term_ends_on != term_ends_on:
        raise NotAllowedNow(
            "Their term has changed since the page was read: check its end before renewing it"
        )
    if record.left_on is not None and record.left_on <= today:
        raise NotAllowedNow("They have left the scheme: clear the date they left to renew")
    before = record.audit_state()
    record.term_ends_on = years_after(record.term_ends_on or today, TERM_YEARS)
    audit.record(
        session, actor, "volunteer_term_renewed", (ENTITY, person.id), before, record.audit_state()
    )
    session.flush()
    return record


def on_added(session: Session, person: Person) -> VolunteerRecord | None:
    """A volunteer just added (or made a volunteer) gets a record, if they have none:
    joined today, for three years. The person's own audit event carries it."""
    if person.role is not Role.VOLUNTEER or record_of(session, person) is not None:
        return None
    session.flush()
    record = new_record(person)
    session.add(record)
    return record


def on_active_changed(session: Session, person: Person, active: bool) -> VolunteerRecord | None:
    """Deactivating a volunteer ends their time in the scheme today, unless their record says
    when it ended already; reactivating them clears it. The person's audit event carries it."""
    record = record_of(session, person)
    if record is None:
        return None
    if not active and record.left_on is None:
        record.left_on = max(clock.today(), record.joined_on)
    elif active:
        record.left_on = None
    return record


# -- Meetings and training days ---------------------------------------------------------------


def attendance(session: Session, person: Person) -> list[VolunteerAttendance]:
    query = (
        select(VolunteerAttendance)
        .where(VolunteerAttendance.person_id == person.id)
        .order_by(VolunteerAttendance.held_on.desc(), VolunteerAttendance.id.desc())
    )
    return session.scalars(query).all()


def add_attendance(
    session: Session,
    actor: Person,
    person: Person,
    *,
    kind: AttendanceKind,
    held_on: date,
    title: str,
) -> VolunteerAttendance:
    """Record a meeting or training day `person` attended (AttendanceSchema)."""
    attended = VolunteerAttendance(person_id=person.id, kind=kind, held_on=held_on, title=title)
    session.add(attended)
    session.flush()
    audit.record(
        session,
        actor,
        "attendance_added",
        (ENTITY, person.id),
        after={"id": attended.id, **attended.audit_state()},
    )
    session.flush()
    return attended


def remove_attendance(session: Session, actor: Person, attended: VolunteerAttendance):
    audit.record(
        session,
        actor,
        "attendance_removed",
        (ENTITY, attended.person_id),
        before={"id": attended.id, **attended.audit_state()},
    )
    session.delete(attended)
    session.flush()


# -- Dates unavailable ------------------------------------------------------------------------


def unavailable(
    session: Session, person: Person, *, from_day: date | None = None
) -> list[Unavailability]:
    """The person's unavailable ranges, earliest first; with `from_day`, only those not over
    by then."""
    query = select(Unavailability).where(Unavailability.person_id == person.id)
    if from_day is not None:
        query = query.where(Unavailability.ends_on >= from_day)
    return session.scalars(query.order_by(Unavailability.starts_on, Unavailability.id)).all()


def add_unavailable(
    session: Session, actor: Person, person: Person, *, starts_on: date, ends_on: date
) -> Unavailability:
    """Record that `person` cannot visit from `starts_on` to `ends_on` (UnavailabilitySchema);
    a range overlapping one already kept is refused, so each day is said once."""
    overlapping = session.scalar(
        select(Unavailability).where(
            Unavailability.person_id == person.id,
            Unavailability.starts_on <= ends_on,
            Unavailability.ends_on >= starts_on,
        )
    )
    if overlapping is not None:
        raise Invalid(
            "starts_on",
            f"This overlaps the dates already unavailable, {overlapping.starts_on:%-d %B %Y} "
            f"to {overlapping.ends_on:%-d %B %Y}",
        )
    dates = Unavailability(person_id=person.id, starts_on=starts_on, ends_on=ends_on)
    session.add(dates)
    session.flush()
    audit.record(
        session,
        actor,
        "unavailability_added",
        (ENTITY, person.id),
        after={"id": dates.id, **dates.audit_state()},
    )
    session.flush()
    return dates


def remove_unavailable(session: Session, actor: Person, dates: Unavailability):
    audit.record(
        session,
        actor,
        "unavailability_removed",
        (ENTITY, dates.person_id),
        before={"id": dates.id, **dates.audit_state()},
    )
    session.delete(dates)
    session.flush()


def history(session: Session, person: Person, limit: int = 20):
    return audit.recent(session, limit, ENTITY, person.id)
