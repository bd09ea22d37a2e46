"""A volunteer's record, for the coordinator only: their dates, meetings and training days,
and dates unavailable. A record is never shown to another volunteer or the force (404), nor
the record page of anyone who is not a volunteer. A volunteer adds and removes their own dates
unavailable from their account. Input is loaded by icv.schemas.volunteers."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from icv import clock
from icv.access import allow
from icv.admin.forms import ActionForm
from icv.db import get_or_404, get_session
from icv.models import Person, Role, Unavailability, VolunteerAttendance
from icv.records import bp
from icv.records.forms import AttendanceForm, RecordForm, RenewForm, UnavailabilityForm
from icv.schemas import ValidationError
from icv.schemas.volunteers import (
    AttendanceSchema,
    RenewTermSchema,
    UnavailabilitySchema,
    VolunteerRecordSchema,
)
from icv.services import NotAllowedNow
from icv.services import volunteer_records as records
from icv.services.rota import notices as rota_notices
from icv.services.rota.planner import week_label

coordinator = allow(Role.COORDINATOR)


def _me():
    return current_user._get_current_object()


def _volunteer(person_id: int) -> Person:
    person = get_or_404(Person, person_id)
    if person.role is not Role.VOLUNTEER:
        abort(404)
    return person


def _to_record(person: Person):
    return redirect(url_for("records.record", person_id=person.id))


@bp.route("/manage/people/<int:person_id>/record", methods=["GET", "POST"])
@coordinator
def record(person_id):
    db = get_session()
    person = _volunteer(person_id)
    stored = records.record_of(db, person)
    form = RecordForm.of_request(obj=stored) if stored else RecordForm.of_request()
    if form.is_submitted():
        try:
            records.save_record(db, _me(), person, **VolunteerRecordSchema().load(form.posted()))
        except ValidationError as error:
            form.show(error)
        else:
            flash(f"{person.name}’s record is saved", "success")
            return _to_record(person)
    return render_template(
        "records/record.html",
        form=form,
        person=person,
        stored=stored,
        today=clock.today(),
        attended=records.attendance(db, person),
        unavailable=records.unavailable(db, person),
        history=records.history(db, person),
        action=ActionForm(),
    )


@bp.route("/manage/people/<int:person_id>/record/renew", methods=["POST"])
@coordinator
def renew(person_id):
    person = _volunteer(person_id)
    try:
        shown = RenewTermSchema().load(RenewForm().posted())
        renewed = records.renew_term(get_session(), _me(), person, **shown)
    except ValidationError as error:
        flash(error.message if isinstance(error, NotAllowedNow) else "Renew it again", "error")
    else:
        flash(f"{person.name}’s term now ends on {renewed.term_ends_on:%-d %B %Y}", "success")
    return _to_record(person)


@bp.route("/manage/people/<int:person_id>/attendance/new", methods=["GET", "POST"])
@coordinator
def new_attendance(person_id):
    person = _volunteer(person_id)
    form = AttendanceForm()
    if form.is_submitted():
        try:
            records.add_attendance(
                get_session(), _me(), person, **AttendanceSchema().load(form.posted())
            )
        except ValidationError as error:
            form.show(error)
        else:
            flash("The meeting or training day is added", "success")
            return _to_record(person)
    return render_template("records/attendance_form.html", form=form, person=person)


@bp.route("/manage/people/<int:person_id>/attendance/<int:attended_id>/remove", methods=["POST"])
@coordinator
def remove_attendance(person_id, attended_id):
    person = _volunteer(person_id)
    attended = get_or_404(VolunteerAttendance, attended_id)
    if attended.person_id != person.id:
        abort(404)
    records.remove_attendance(get_session(), _me(), attended)
    flash("The meeting or training day is removed", "success")
    return _to_record(person)


@bp.route("/manage/people/<int:person_id>/unavailable/new", methods=["GET", "POST"])
@coordinator
def new_unavailable(person_id):
    person = _volunteer(person_id)
    form = UnavailabilityForm()
    dates = _add_unavailable(form, person)
    if dates:
        flash("The dates are added", "success")
        for clash in rota_notices.clashes(get_session(), person, dates.starts_on, dates.ends_on):
            flash(
                f"{person.name} is on the rota for the {week_label(clash.week_starting)} "
                f"({clash.suite.name}): replace them on the rota",
                "warning",
            )
        return _to_record(person)
    back = url_for("records.record", person_id=person.id)
    return render_template(
        "records/unavailable_form.html", form=form, person=person, back=back, own=False
    )


@bp.route("/manage/people/<int:person_id>/unavailable/<int:dates_id>/remove", methods=["POST"])
@coordinator
def remove_unavailable(person_id, dates_id):
    person = _volunteer(person_id)
    _remove_unavailable(person, dates_id)
    return _to_record(person)


# -- A volunteer's own dates unavailable ------------------------------------------------------


@bp.route("/account/unavailable", methods=["GET", "POST"])
@allow(Role.VOLUNTEER)
def own_unavailable():
    me = _me()
    form = UnavailabilityForm()
    dates = _add_unavailable(form, me)
    if dates:
        flash("The dates are added: you will not be planned in then", "success")
        for clash in rota_notices.dates_unavailable_added(
            get_session(), me, dates.starts_on, dates.ends_on
        ):
            flash(
                f"You are on the rota for the {week_label(clash.week_starting)} "
                f"({clash.suite.name}): the coordinator has been told. Hand it over to another "
                "volunteer from your rota page",
                "warning",
            )
        return redirect(url_for("records.own_unavailable"))
    return render_template(
        "records/own_unavailable.html",
        form=form,
        person=me,
        unavailable=records.unavailable(get_session(), me, from_day=clock.today()),
    )


@bp.route("/account/unavailable/<int:dates_id>/remove", methods=["POST"])
@allow(Role.VOLUNTEER)
def remove_own_unavailable(dates_id):
    _remove_unavailable(_me(), dates_id)
    return redirect(url_for("records.own_unavailable"))


def _add_unavailable(form: UnavailabilityForm, person: Person) -> Unavailability | None:
    """Add the dates posted for `person`; None, with the messages on the form, if nothing
    was posted or it was refused."""
    if not form.is_submitted():
        return None
    try:
        entered = UnavailabilitySchema().load(form.posted())
        return records.add_unavailable(get_session(), _me(), person, **entered)
    except ValidationError as error:
        form.show(error)
        return None


def _remove_unavailable(person: Person, dates_id: int):
    dates = get_or_404(Unavailability, dates_id)
    if dates.person_id != person.id:
        abort(404)  # another volunteer's dates: not a hint that they exist
    records.remove_unavailable(get_session(), _me(), dates)
    flash("The dates are removed", "success")
