"""Queueing e-mails with the change that causes them, and delivering them after commit."""

import smtplib
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from icv.db import utcnow
from icv.models import Email


def queue(
    session: Session, recipient: str, subject: str, body: str, private: bool = False
) -> Email:
    email = Email(recipient=recipient, subject=subject, body=body, private=private)
    session.add(email)
    return email


def recent(session: Session, limit: int = 100):
    return session.scalars(select(Email).order_by(Email.id.desc()).limit(limit)).all()


def deliver_pending(session: Session, config=None) -> int:
    """Send every unsent e-mail by SMTP; return how many went. Without SMTP, send none."""
    config = config or current_app.config
    if not config.get("MAIL_SERVER"):
        return 0
    pending = session.scalars(select(Email).where(Email.sent_at.is_(None)).order_by(Email.id))
    sent = 0
    for email in pending:
        try:
            _send(config, email)
        except (OSError, smtplib.SMTPException) as error:
            email.error = str(error)[:500]
        else:
            email.sent_at, email.error = utcnow(), None
            sent += 1
        session.commit()
    return sent


def _send(config, email: Email):
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = email.recipient
    message["Subject"] = email.subject
    message.set_content(email.body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
