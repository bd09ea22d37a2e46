"""A step of a report posted after its session had ended is kept, and saved once its person
has signed in again.

A volunteer may be signed out in the middle of a visit (icv.access: the session has been idle
too long). When they then post a step, the page's CSRF token still proves the post came from
their page, so what they posted is kept for them (icv.services.held_posts) and they are asked to
sign in. Signing in brings them back to the step with `?held=<token>`; the held post is then that
request's input (icv.forms.submission), saved exactly as if just posted: with the same messages
if it is refused, and with the conflict page if the report changed in between.
"""

from flask import current_app, g, request, url_for
from flask_login import current_user

from icv import unit_of_work
from icv.db import get_session
from icv.services import held_posts


def keeps_post(view):
    """Mark a view whose post is kept over a sign-in."""
    view.icv_keeps_post = True
    return view


def _keeps_post() -> bool:
    view = current_app.view_functions.get(request.endpoint)
    return getattr(view, "icv_keeps_post", False)


def hold(person) -> str | None:
    """Keep this request's post for `person`, if its view keeps posts; the address to come
    back to once signed in, which takes it back."""
    if request.method != "POST" or not _keeps_post():
        return None
    fields = [
        (name, value) for name, value in request.form.items(multi=True) if name != "csrf_token"
    ]
    token = held_posts.hold(get_session(), person, request.path, fields)
    unit_of_work.commit()  # the request goes no further: it is answered with the sign-in page
    arguments = {**request.args.to_dict(flat=False), **request.view_args}
    return url_for(request.endpoint, **arguments, held=token)


def take():
    """Coming back to a step with ?held=…: that post, if it is the signed-in person's, is this
    request's input."""
    token = request.args.get("held")
    if token and request.method == "GET" and current_user.is_authenticated and _keeps_post():
        fields = held_posts.take(get_session(), current_user, token, request.path)
        if fields is not None:
            g.icv_held_post = fields


def init_app(app):
    app.before_request(take)  # after icv.access's check, so the person is known
