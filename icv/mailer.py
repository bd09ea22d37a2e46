"""Sending the e-mails services queued, by SMTP when ICV_MAIL_SERVER is set (otherwise they
wait in the database, where the coordinator reads them at E-mails).

A unit of work sends what it queued as soon as it has committed (send_queued); `icv mail send`
from cron sends everything still unsent and retries failures (send_pending), so a mail server
that is down delays no page for long. Each e-mail is claimed (marked sent) in its own small
transaction before it goes, so a page and the cron job running at once never send one twice.
"""

import smtplib
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from icv import clock
from icv.models import Email
from icv.services.mail import QUEUED


def send_queued(session: Session, config=None) -> int:
    """Send the e-mails this session's unit of work queued, now that it is committed."""
    ids = [email.id for email in session.info.pop(QUEUED, [])]
    return _deliver(session, ids, config or current_app.config)


def send_pending(session: Session, config=None) -> int:
    """Send every unsent e-mail, retrying those that failed before; how many went."""
    ids = session.scalars(select(Email.id).where(Email.sent_at.is_(None)).order_by(Email.id))
    return _deliver(session, list(ids), config or current_app.config)


def _deliver(session: Session, ids: list[int], config) -> int:
    if not config.get("MAIL_SERVER") or not ids:
        return 0
    sent = 0
    for email_id in ids:
        claimed = session.execute(
            update(Email)
            .where(Email.id == email_id, Email.sent_at.is_(None))
            .values(sent_at=clock.now())
            .execution_options(synchronize_session=False)
        )
        session.commit()
        if claimed.rowcount != 1:
            continue  # another sender has it
        email = session.get(Email, email_id)
        session.refresh(email)
        try:
            _send(config, email)
        except (OSError, smtplib.SMTPException) as error:
            email.sent_at, email.error = None, str(error)[:500]
        else:
            email.error = None
            sent += 1
        session.commit()
    return sent


def _send(config, email: Email):
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = email.recipient
    message["Subject"] = email.subject
    message.set_content(email.body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
