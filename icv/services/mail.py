"""Queueing e-mails with the change that causes them (icv.mailer sends them after the commit).

Every e-mail's words are in a template under templates/emails/: its first line is the subject
("Subject: …"), then a blank line, then the body.
"""

from flask import current_app, has_request_context, render_template, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from icv.models import Email, Invitation, Person

# Where a session keeps the e-mails queued in its unit of work, for icv.mailer to send once the
# work is committed (and never if it is rolled back).
QUEUED = "icv.queued_emails"
SUBJECT_LENGTH = Email.subject.type.length


def queue(
    session: Session,
    recipient: str,
    subject: str,
    body: str,
    invitation: Invitation | None = None,
) -> Email:
    """Queue an e-mail; one carrying `invitation` is private, its body stored with the link
    masked (icv.invitation_links)."""
    email = Email(
        recipient=recipient,
        subject=one_line(subject, SUBJECT_LENGTH),
        body=body,
        private=invitation is not None,
        invitation=invitation,
    )
    session.add(email)
    session.info.setdefault(QUEUED, []).append(email)
    return email


def one_line(text: str, length: int) -> str:
    """`text` on one line (a header cannot hold a line break: a suite named over two lines
    once stopped every e-mail), and cut to `length` characters."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def queue_template(
    session: Session, person: Person, template: str, invitation: Invitation | None = None, **context
) -> Email:
    """Queue the e-mail `template` writes to `person`."""
    text = render_template(template, person=person, **context).strip("\n")
    heading, _, body = text.partition("\n\n")
    subject = heading.removeprefix("Subject: ").strip()
    return queue(session, person.email, subject, body.strip("\n") + "\n", invitation)


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
