"""A volunteer's own rota: the weeks and suites they are planned to visit, with whom (never a
day or a time: the pair chooses them), and handing a visit over to another volunteer."""

from datetime import timedelta

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import or_, select
from wtforms.fields.choices import SelectChoice

from icv import clock
from icv.access import allow
from icv.db import get_session
from icv.models import Role, Rota, RotaAssignment, RotaStatus
from icv.rota import bp
from icv.rota.forms import HandOverForm
from icv.schemas import ValidationError
from icv.schemas.rota import HandOverSchema
from icv.services import Conflict, people
from icv.services.rota import changes

volunteer = allow(Role.VOLUNTEER)


def _mine(person_id: int):
    """The person's planned visits on published rotas, from this week on."""
    this_monday = clock.today() - timedelta(days=clock.today().weekday())
    return (
        get_session()
        .scalars(
            select(RotaAssignment)
            .join(Rota, Rota.id == RotaAssignment.rota_id)
            .where(
                Rota.status == RotaStatus.PUBLISHED,
                RotaAssignment.week_starting >= this_monday,
                or_(
                    RotaAssignment.first_visitor_id == person_id,
                    RotaAssignment.second_visitor_id == person_id,
                ),
            )
            .order_by(RotaAssignment.week_starting)
        )
        .all()
    )


def _handed_over(person_id: int):
    """Visits this person handed over to someone else, still to come."""
    this_monday = clock.today() - timedelta(days=clock.today().weekday())
    return (
        get_session()
        .scalars(
            select(RotaAssignment)
            .join(Rota, Rota.id == RotaAssignment.rota_id)
            .where(
                Rota.status == RotaStatus.PUBLISHED,
                RotaAssignment.week_starting >= this_monday,
                RotaAssignment.swapped_from_id == person_id,
            )
            .order_by(RotaAssignment.week_starting)
        )
        .all()
    )


@bp.route("/my-rota")
@volunteer
def mine():
    me = current_user.id
    return render_template(
        "rota/mine.html", assignments=_mine(me), handed_over=_handed_over(me), me=me
    )


@bp.route("/my-rota/<int:assignment_id>/swap", methods=["GET", "POST"])
@volunteer
def hand_over(assignment_id):
    me = current_user._get_current_object()
    assignment = next((a for a in _mine(me.id) if a.id == assignment_id), None)
    if assignment is None:
        gone = get_session().get(RotaAssignment, assignment_id)
        if gone is not None and gone.swapped_from_id == me.id:  # replaced since the page showed
            raise Conflict(changes.HANDED_ON, changes.CHANGED_HEADING)
        abort(404)  # not theirs, not published, or past: as if it did not exist
    form = HandOverForm.of_request(
        data={"based_on": ",".join(str(p) for p in assignment.visitor_ids)}
    )
    form.joining.choices = [SelectChoice("", "Choose a volunteer")] + [
        SelectChoice(str(person.id), person.name)
        for person in people.listing(get_session(), Role.VOLUNTEER)
        if person.active and person.id not in assignment.visitor_ids
    ]
    if form.is_submitted():
        try:
            loaded = HandOverSchema().load(form.posted())
            changes.replace_visitor(
                get_session(), me, assignment, me.id, loaded["joining"], based_on=loaded["based_on"]
            )
        except ValidationError as error:
            form.show(error)
        else:
            flash(f"{assignment.swapped_to.name} now visits in your place", "success")
            return redirect(url_for("rota.mine"))
    return render_template("rota/hand_over.html", form=form, assignment=assignment, me=me.id)
