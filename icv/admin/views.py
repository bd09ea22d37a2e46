from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from icv.access import allow
from icv.admin import bp
from icv.admin.forms import ActionForm, ActiveForm, ClosureForm, PersonForm, SuiteForm
from icv.db import get_or_404, get_session
from icv.models import Person, Role, Suite, SuiteClosure
from icv.services import Invalid, audit, mail, people, suites

coordinator = allow(Role.COORDINATOR)


def _suite_choices(form):
    form.suites.choices = [
        SelectChoice(suite.id, suite.name) for suite in suites.listing(get_session())
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
    if form.validate_on_submit():
        db = get_session()
        try:
            person = people.create_person(
                db,
                current_user,
                name=form.name.data,
                email=form.email.data,
                phone=form.phone.data,
                role=form.role.data,
                suite_ids=form.suites.data,
            )
        except Invalid as error:
            form.show(error)
        else:
            link = people.invite(db, current_user, person)
            return render_template("admin/invited.html", person=person, link=link, new=True)
    return render_template("admin/person_form.html", form=form, person=None)


@bp.route("/people/<int:person_id>", methods=["GET", "POST"])
@coordinator
def person(person_id):
    db = get_session()
    record = get_or_404(Person, person_id)
    form = PersonForm(obj=None if request.method == "POST" else record)
    _suite_choices(form)
    if request.method == "GET":
        form.role.data = record.role.value
        form.suites.data = [suite.id for suite in record.suites]
    if form.validate_on_submit():
        try:
            people.update_person(
                db,
                current_user,
                record,
                name=form.name.data,
                email=form.email.data,
                phone=form.phone.data,
                role=form.role.data,
                suite_ids=form.suites.data,
            )
        except Invalid as error:
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
    )


@bp.route("/people/<int:person_id>/invite", methods=["POST"])
@coordinator
def invite_person(person_id):
    db = get_session()
    record = get_or_404(Person, person_id)
    if ActionForm().validate_on_submit():
        try:
            link = people.invite(db, current_user, record)
        except Invalid as error:
            flash(error.message, "error")
        else:
            return render_template("admin/invited.html", person=record, link=link, new=False)
    return redirect(url_for("admin.person", person_id=record.id))


@bp.route("/people/<int:person_id>/active", methods=["POST"])
@coordinator
def set_person_active(person_id):
    record = get_or_404(Person, person_id)
    form = ActiveForm()
    if form.validate_on_submit():
        active = form.active.data == "1"
        try:
            people.set_active(get_session(), current_user, record, active)
        except Invalid as error:
            flash(error.message, "error")
        else:
            state = "reactivated" if active else "deactivated: they can no longer sign in"
            flash(f"{record.name} is {state}", "success")
    return redirect(url_for("admin.person", person_id=record.id))


@bp.route("/suites")
@coordinator
def suites_list():
    return render_template("admin/suites.html", suites=suites.listing(get_session()))


@bp.route("/suites/new", methods=["GET", "POST"])
@coordinator
def new_suite():
    form = SuiteForm(active=True)
    if form.validate_on_submit():
        try:
            suite = suites.add_suite(get_session(), current_user, form.name.data)
        except Invalid as error:
            form.show(error)
        else:
            flash(f"{suite.name} is added", "success")
            return redirect(url_for("admin.suites_list"))
    return render_template("admin/suite_form.html", form=form, suite=None)


@bp.route("/suites/<int:suite_id>", methods=["GET", "POST"])
@coordinator
def suite(suite_id):
    db = get_session()
    record = get_or_404(Suite, suite_id)
    form = SuiteForm(obj=record)
    if form.validate_on_submit():
        try:
            suites.update_suite(
                db, current_user, record, name=form.name.data, active=form.active.data
            )
        except Invalid as error:
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
    if form.validate_on_submit():
        try:
            suites.add_closure(
                get_session(),
                current_user,
                record,
                form.starts_on.data,
                form.ends_on.data,
                form.reason.data,
            )
        except Invalid as error:
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
    if ActionForm().validate_on_submit():
        suites.remove_closure(get_session(), current_user, closure)
        flash("The closure is removed", "success")
    return redirect(url_for("admin.suite", suite_id=suite_id))


@bp.route("/audit")
@coordinator
def audit_trail():
    return render_template("admin/audit.html", events=audit.recent(get_session(), 200))


@bp.route("/emails")
@coordinator
def emails():
    return render_template("admin/emails.html", emails=mail.recent(get_session()))
