"""Queueing e-mails with the change that causes them (icv.mailer sends them after the commit).

Every e-mail's words are in a template under templates/emails/: its first line is the subject
("Subject: …"), then a blank line, then the body.
"""

from flask import current_app, has_request_context, render_template, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from icv.models import Email, Person

# Where a session keeps the e-mails queued in its unit of work, for icv.mailer to send once the
# work is committed (and never if it is rolled back).
QUEUED = "icv.queued_emails"


def queue(
    session: Session, recipient: str, subject: str, body: str, private: bool = False
) -> Email:
    email = Email(recipient=recipient, subject=subject, body=body, private=private)
    session.add(email)
    session.info.setdefault(QUEUED, []).append(email)
    return email


def queue_template(
    session: Session, person: Person, template: str, private: bool = False, **context
) -> Email:
    """Queue the e-mail `template` writes to `person`."""
    text = render_template(template, person=person, **context).strip("\n")
    heading, _, body = text.partition("\n\n")
    subject = heading.removeprefix("Subject: ").strip()
    return queue(session, person.email, subject, body.strip("\n") + "\n", private)


def link(endpoint: str, **values) -> str:
    """A whole address for an e-mail: on ICV_BASE_URL when it is set, else on the address of
    the request; from the command line without ICV_BASE_URL, the path alone."""
    base = current_app.config.get("BASE_URL")
    if not base and has_request_context():
        return url_for(endpoint, _external=True, **values)
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return (base or "").rstrip("/") + path


def recent(session: Session, limit: int = 100):
    return session.scalars(select(Email).order_by(Email.id.desc()).limit(limit)).all()
