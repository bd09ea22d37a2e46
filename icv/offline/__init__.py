"""Working without a signal, for volunteers at a suite: a phone keeps what it cannot send.

    /sw.js                  the service worker: keeps the app's files and the pages below, so
                            they open with no signal; a page that cannot load offers them
    /offline                what the service worker shows for a page it cannot load
    /visits/on-this-phone   a whole report on one page, kept on the phone as it is typed and
                            put in the outbox to send (static/src/phone.js)
    /visits/outbox          the reports on the phone: not yet submitted, waiting, sending,
                            sent, refused and why (static/src/outbox.js)

The phone sends each report to /api/v1/visits/<its id>/submit, under the id it made when the
report began, so a report sent twice is stored once. None of this is needed without
JavaScript: the step-by-step report works as it always has.
"""

import hashlib

from flask import Blueprint, make_response, render_template
from flask_login import current_user

from icv.access import allow, public
from icv.db import get_session
from icv.models import CHECKLIST_AREAS, RIGHTS, Role
from icv.templating import asset_url
from icv.visits.forms import (
    AccessForm,
    ChecklistForm,
    DetaineesForm,
    IssuesForm,
    ObservationsForm,
    VisitForm,
)
from icv.visits.steps import blank_row, offer_choices

bp = Blueprint("offline", __name__)

# Pages the phone keeps for its volunteer, refreshed whenever they load with a signal.
KEPT_PAGES = ("/visits/on-this-phone", "/visits/outbox")
SHELL = ("icv.css", "icv.js", "offline.js", "icons/icon.svg", "manifest.webmanifest")


@bp.route("/sw.js")
@public
def service_worker():
    files = [asset_url(path) for path in SHELL]
    script = render_template(
        "offline/sw.js",
        # A new version of a file is a new service worker, which keeps the new files.
        version=hashlib.sha256(" ".join(files).encode()).hexdigest()[:12],
        files=[*files, "/offline"],
        pages=KEPT_PAGES,
    )
    response = make_response(script)
    response.mimetype = "text/javascript"
    response.headers["Cache-Control"] = "no-cache"  # a new version is found at once
    return response


@bp.route("/offline")
@public
def no_signal():
    return render_template("offline/no_signal.html", anonymous=True)


@bp.route("/visits/on-this-phone")
@allow(Role.VOLUNTEER)
def report():
    """The whole report on one page, for the phone's script to keep and send."""
    me = current_user._get_current_object()
    visit = VisitForm(formdata=None)
    offer_choices(visit, get_session(), me)
    return render_template(
        "offline/report.html",
        visit=visit,
        access=AccessForm(formdata=None),
        detainees=DetaineesForm(formdata=None, data={"detainees": [{}]}),
        detainee_template=blank_row(DetaineesForm, "detainees"),
        checklist=ChecklistForm(formdata=None),
        areas=CHECKLIST_AREAS,
        issues=IssuesForm(formdata=None, data={"issues": []}),
        issue_template=blank_row(IssuesForm, "issues"),
        observations=ObservationsForm(formdata=None),
        # What a "no" raised as an issue is pre-filled with, as the issues step does (raising.py).
        raise_rights={
            check.name: {"area": check.area.value, "label": check.label} for check in RIGHTS
        },
    )


@bp.route("/visits/outbox")
@allow(Role.VOLUNTEER)
def outbox():
    return render_template("offline/outbox.html")
