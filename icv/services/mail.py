"""Queueing e-mails with the change that causes them (icv.mailer sends them after the commit)."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from icv.models import Email

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


def recent(session: Session, limit: int = 100):
    return session.scalars(select(Email).order_by(Email.id.desc()).limit(limit)).all()
