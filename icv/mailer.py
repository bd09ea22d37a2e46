"""Sending the e-mails services queued, by SMTP when ICV_MAIL_SERVER is set (otherwise they
wait in the database, where the coordinator reads them at E-mails).

A unit of work sends what it queued as soon as it has committed (send_queued); `icv mail send`
from cron sends everything still unsent and retries failures (send_pending). Each batch goes
over one connection to the mail server, so a rota published to sixty volunteers is one
connection, not sixty (a new one when a server that takes so many e-mails a connection
hangs up). Each e-mail is claimed (marked sent) in its own small transaction
before it goes, so a page and the cron job running at once never send one twice. An e-mail the
server refuses, or whose header cannot be written, is unclaimed with the reason in `error`,
and the others still go; when the server itself cannot be reached or drops the connection,
the batch stops there, every e-mail left in it keeps the reason, and cron tries again later:
so a mail server that is down delays a page by one connection's timeout at most.

An invitation's e-mail is stored with its link masked; its token is made as it is sent
(icv.invitation_links). One whose invitation can no longer be used is not sent.
"""

import smtplib
import ssl
from email.message import EmailMessage
from typing import NamedTuple

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from icv import clock, invitation_links
from icv.models import Email
from icv.services import people
from icv.services.mail import QUEUED

LINK_GONE = "Its link was used, replaced or has expired: send a new link from the person's page"


class Delivery(NamedTuple):
    sent: int = 0
    failed: int = 0


def send_queued(session: Session, config=None) -> int:
    """Send the e-mails this session's unit of work queued, now that it is committed; how
    many went."""
    ids = [email.id for email in session.info.pop(QUEUED, [])]
    return _deliver(session, ids, config or current_app.config).sent


def send_pending(session: Session, config=None) -> Delivery:
    """Send every unsent e-mail, retrying those that failed before; how many went and how many
    could not. An invitation's e-mail is left out once its invitation cannot be used."""
    worth_sending = or_(
        Email.invitation_id.is_(None) & Email.private.is_(False),
        Email.invitation_id.in_(people.open_invitation_ids()),
    )
    ids = session.scalars(
        select(Email.id).where(Email.sent_at.is_(None), worth_sending).order_by(Email.id)
    )
    return _deliver(session, list(ids), config or current_app.config)


def _deliver(session: Session, ids: list[int], config) -> Delivery:
    if not config.get("MAIL_SERVER") or not ids:
        return Delivery()
    sent = failed = 0
    with _Connection(config) as server:
        for position, email_id in enumerate(ids):
            email = _claim(session, email_id)
            if email is None:
                continue  # another sender has it
            try:
                server.send(_message(config, email))
            except Exception as error:
                reason = _unclaim(session, email, error)
                failed += 1
                if not isinstance(error, REFUSED_ONE):  # the server, not this e-mail
                    failed += _not_tried(session, ids[position + 1 :], reason)
                    break
            else:
                email.error = None
                sent += 1
                session.commit()
    return Delivery(sent, failed)


class ServerUnusable(Exception):
    """The mail server cannot be used for the rest of this batch."""


# What the server says of one e-mail (or what stops it being written): the next still goes.
REFUSED_ONE = (
    ValueError,
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
    smtplib.SMTPNotSupportedError,
)


def _claim(session: Session, email_id: int) -> Email | None:
    claimed = session.execute(
        update(Email)
        .where(Email.id == email_id, Email.sent_at.is_(None))
        .values(sent_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    session.commit()
    if claimed.rowcount != 1:
        return None
    email = session.get(Email, email_id)
    session.refresh(email)
    return email


def _unclaim(session: Session, email: Email, error: Exception) -> str:
    reason = invitation_links.mask(str(error) or type(error).__name__)[:500]
    email.sent_at, email.error = None, reason
    session.commit()
    current_app.logger.warning("E-mail %s not sent: %s", email.id, error)
    return reason


def _not_tried(session: Session, ids: list[int], reason: str) -> int:
    """The e-mails left in a batch the server stopped: each keeps why; how many."""
    if not ids:
        return 0
    left = session.execute(
        update(Email)
        .where(Email.id.in_(ids), Email.sent_at.is_(None))
        .values(error=reason)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return left.rowcount


def _message(config, email: Email) -> EmailMessage:
    body = email.body
    if email.private:
        token = email.invitation and people.mailed_invitation_token(email.invitation)
        if not token:
            raise ValueError(LINK_GONE)
        body = invitation_links.fill(body, token)
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = email.recipient
    message["Subject"] = email.subject
    message.set_content(body)
    return message


class _Connection:
    """One connection to the mail server for a batch, opened as its first e-mail goes."""

    TIMEOUT = 10  # seconds, for connecting and for each answer

    def __init__(self, config):
        self.config, self.smtp, self.sent_over_it = config, None, 0

    def send(self, message: EmailMessage):
        """Raises ServerUnusable when the server cannot be reached, will not take us (TLS,
        login) or has closed the connection; what else it raises is about this e-mail."""
        if self.smtp is None:
            try:
                self.smtp, self.sent_over_it = self._open(), 0
            except Exception as error:
                raise ServerUnusable(str(error) or type(error).__name__) from error
        try:
            self.smtp.send_message(message)
        except REFUSED_ONE as error:
            if self.smtp.sock is not None:
                raise
            # It refused this e-mail (4xx, so it did not take it) and hung up. After taking
            # some over this connection, that is a server taking so many a connection: go on
            # over a new one. Before any: it is not taking e-mail now.
            self.smtp = None
            if self.sent_over_it:
                return self.send(message)
            raise ServerUnusable(str(error) or type(error).__name__) from error
        self.sent_over_it += 1

    def _open(self) -> smtplib.SMTP:
        config = self.config
        smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=self.TIMEOUT)
        try:
            if config["MAIL_USE_TLS"]:
                # The server's certificate is checked (starttls alone would take any).
                smtp.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        except BaseException:
            smtp.close()
            raise
        return smtp

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
