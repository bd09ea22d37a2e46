"""The page each person lands on after signing in, shaped by their role."""

from flask import Blueprint, render_template
from flask_login import current_user

from icv.access import allow
from icv.db import get_session
from icv.models import Role
from icv.services import people, suites

bp = Blueprint("home", __name__)


@bp.route("/")
@allow(*Role)
def index():
    db = get_session()
    if current_user.role is Role.COORDINATOR:
        return render_template(
            "home/coordinator.html",
            volunteers=people.listing(db, Role.VOLUNTEER),
            suites=suites.listing(db),
        )
    if current_user.role is Role.FORCE:
        return render_template("home/force.html", suites=current_user.suites)
    return render_template("home/volunteer.html")
