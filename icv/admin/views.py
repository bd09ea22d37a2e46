"""The coordinator manages people, suites and closures, and reads the audit trail and e-mails.
Input is loaded by icv.schemas.people and icv.schemas.suites."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from icv.access import allow
from icv.admin import bp
from icv.admin.forms import (
    ActionForm,
    ActiveForm,
    ApiTokenForm,
    ClosureForm,
    MoveForm,
    PersonForm,
    SuiteForm,
)
from icv.db import get_or_404, get_session
from icv.models import ApiToken, Person, Role, Suite, SuiteClosure
from icv.schemas import ValidationError
from icv.schemas.people import ActiveSchema, ApiTokenSchema, PersonSchema
from icv.schemas.suites import ClosureSchema, MoveSchema, SuiteSchema
from icv.services import NotAllowedNow, audit, mail, people, suites, two_step
from icv.services import api_tokens as api_tokens_service

coordinator = allow(Role.COORDINATOR)


def _me():
    return current_user._get_current_object()


def _suite_choices(form):
    form.suites.choices = [
        SelectChoice(str(suite.id), suite.name) for suite in suites.listing(get_session())
    ]


@bp.route("/people")
@coordinator
def people_list():
    return render_template("admin/people.html", people=people.listing(get_session()))


@bp.route("/people/new", methods=["GET", "POST"])
@coordinator
def new_person():
    form = PersonForm()
    _suite_choices(form)
    if form.is_submitted():
        db = get_session()
        try:
            person = people.create_person(db, _me(), **PersonSchema().load(form.posted()))
        except ValidationError as error:
            form.show(error)
        else:
            # One unit of work: the person is added with their invitation, or not at all.
            link = people.invite(db, _me(), person)
            return render_template("admin/invited.html", person=person, link=link, new=True)
    return render_template("admin/person_form.html", form=form, person=None)


@bp.route("/people/<int:person_id>", methods=["GET", "POST"])
@coordinator
def person(person_id):
    db = get_session()
    record = get_or_404(Person, person_id)
    form = PersonForm.of_request(
        obj=record, role=record.role.value, suites=[str(suite.id) for suite in record.suites]
    )
    _suite_choices(form)
    if form.is_submitted():
        try:
            people.update_person(db, _me(), record, **PersonSchema().load(form.posted()))
        except ValidationError as error:
            form.show(error)
        else:
            flash(f"{record.name}’s details are saved", "success")
            return redirect(url_for("admin.person", person_id=record.id))
    return render_template(
        "admin/person_form.html",
        form=form,
        person=record,
        action=ActionForm(),
        history=audit.recent(db, 20, "people", record.id),
        two_step=two_step.status(db, record),
    )


@bp.route("/people/<int:person_id>/invite", methods=["POST"])
@coordinator
def invite_person(person_id):
    record = get_or_404(Person, person_id)
    try:
        link = people.invite(get_session(), _me(), record)
    except NotAllowedNow as error:
        flash(error.message, "error")
        return redirect(url_for("admin.person", person_id=record.id))
    return render_template("admin/invited.html", person=record, link=link, new=False)


@bp.route("/people/<int:person_id>/active", methods=["POST"])
@coordinator
def set_person_active(person_id):
    record = get_or_404(Person, person_id)
    try:
        active = ActiveSchema().load(ActiveForm().posted())["active"]
        people.set_active(get_session(), _me(), record, active)
    except ValidationError as error:
        flash(error.message if isinstance(error, NotAllowedNow) else "Choose again", "error")
    else:
        state = "reactivated" if active else "deactivated: they can no longer sign in"
        flash(f"{record.name} is {state}", "success")
    return redirect(url_for("admin.person", person_id=record.id))


@bp.route("/suites")
@coordinator
def suites_list():
    return render_template("admin/suites.html", suites=suites.listing(get_session()))


@bp.route("/suites/<int:suite_id>/move", methods=["POST"])
@coordinator
def move_suite(suite_id):
    """Move a suite up or down the order the statistics, exports and lists show them in."""
    record = get_or_404(Suite, suite_id)
    try:
        direction = MoveSchema().load(MoveForm().posted())["direction"]
        suites.move_suite(get_session(), _me(), record, direction)
    except ValidationError as error:
        [message, *_] = error.normalized_messages().get("direction", ["Choose up or down"])
        flash(message, "error")
    else:
        flash(f"{record.name} is moved {direction}", "success")
    return redirect(url_for("admin.suites_list"))


@bp.route("/suites/new", methods=["GET", "POST"])
@coordinator
def new_suite():
    form = SuiteForm.of_request(active=True)
    if form.is_submitted():
        try:
            suite = suites.add_suite(
                get_session(), _me(), SuiteSchema().load(form.posted())["name"]
            )
        except ValidationError as error:
            form.show(error)
        else:
            flash(f"{suite.name} is added", "success")
            return redirect(url_for("admin.suites_list"))
    return render_template("admin/suite_form.html", form=form, suite=None)


@bp.route("/suites/<int:suite_id>", methods=["GET", "POST"])
@coordinator
def suite(suite_id):
    record = get_or_404(Suite, suite_id)
    form = SuiteForm.of_request(obj=record)
    if form.is_submitted():
        try:
            suites.update_suite(get_session(), _me(), record, **SuiteSchema().load(form.posted()))
        except ValidationError as error:
            form.show(error)
        else:
            flash(f"{record.name} is saved", "success")
            return redirect(url_for("admin.suite", suite_id=record.id))
    return render_template("admin/suite_form.html", form=form, suite=record, action=ActionForm())


@bp.route("/suites/<int:suite_id>/closures/new", methods=["GET", "POST"])
@coordinator
def new_closure(suite_id):
    record = get_or_404(Suite, suite_id)
    form = ClosureForm()
    if form.is_submitted():
        try:
            suites.add_closure(get_session(), _me(), record, **ClosureSchema().load(form.posted()))
        except ValidationError as error:
            form.show(error)
        else:
            flash(f"The closure of {record.name} is added", "success")
            return redirect(url_for("admin.suite", suite_id=record.id))
    return render_template("admin/closure_form.html", form=form, suite=record)


@bp.route("/suites/<int:suite_id>/closures/<int:closure_id>/remove", methods=["POST"])
@coordinator
def remove_closure(suite_id, closure_id):
    closure = get_or_404(SuiteClosure, closure_id)
    if closure.suite_id != suite_id:
        return render_template("errors/404.html"), 404
    suites.remove_closure(get_session(), _me(), closure)
    flash("The closure is removed", "success")
    return redirect(url_for("admin.suite", suite_id=suite_id))


@bp.route("/api-keys", methods=["GET", "POST"])
@coordinator
def api_tokens():
    db = get_session()
    form = ApiTokenForm()
    if form.is_submitted():
        try:
            token, key = api_tokens_service.create(
                db, _me(), **ApiTokenSchema().load(form.posted())
            )
        except ValidationError as error:
            form.show(error)
        else:
            return render_template("admin/api_token_made.html", token=token, key=key)
    return render_template(
        "admin/api_tokens.html", form=form, tokens=api_tokens_service.listing(db)
    )


@bp.route("/api-keys/<int:token_id>/revoke", methods=["POST"])
@coordinator
def revoke_api_token(token_id):
    token = get_or_404(ApiToken, token_id)
    try:
        api_tokens_service.revoke(get_session(), _me(), token)
    except NotAllowedNow as error:
        flash(error.message, "error")
    else:
        flash(f"The key for {token.name} is revoked: it works no more", "success")
    return redirect(url_for("admin.api_tokens"))


@bp.route("/audit")
@coordinator
def audit_trail():
    return render_template("admin/audit.html", events=audit.recent(get_session(), 200))


@bp.route("/emails")
@coordinator
def emails():
    return render_template("admin/emails.html", emails=mail.recent(get_session()))
