"""Queueing e-mails with the change that causes them, and delivering them after commit."""

import smtplib
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from icv import clock
from icv.models import Email


def queue(
    session: Session, recipient: str, subject: str, body: str, private: bool = False
) -> Email:
    email = Email(recipient=recipient, subject=subject, body=body, private=private)
    session.add(email)
    return email


def recent(session: Session, limit: int = 100):
    return session.scalars(select(Email).order_by(Email.id.desc()).limit(limit)).all()


def deliver_pending(
    session: Session, config=None, limit: int | None = None, retry_failed: bool = True
) -> int:
    """Send unsent e-mails by SMTP; return how many went. Without SMTP, send none.

    Each e-mail is claimed (marked sent) in its own small transaction before it goes, so a web
    request and `icv mail send` running at once never send the same one twice. A request sends
    only what it just queued (limit, retry_failed=False); the cron job retries failures.
    """
    config = config or current_app.config
    if not config.get("MAIL_SERVER"):
        return 0
    query = select(Email.id).where(Email.sent_at.is_(None)).order_by(Email.id)
    if not retry_failed:
        query = query.where(Email.error.is_(None))
    if limit is not None:
        query = query.limit(limit)
    sent = 0
    for email_id in session.scalars(query).all():
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
