"""An invitation link lets whoever holds it set a person's password, so its token is kept out
of everything the app stores or logs.

The e-mail that carries a link is stored with the token masked (/invitation/…); the mailer
fills in a token made as the e-mail goes (icv.services.people.mailed_invitation_token), so the
token exists only in the message sent. Every log line of the app, of Werkzeug's development
server and of waitress has its invitation tokens masked too: a request line or an error about
/invitation/<token> would otherwise put a working link in the server's logs.
"""

import logging
import re

MASKED = "/invitation/…"
_LINK = re.compile(r"/invitation/[^\s/?#\"'<>]+")
LOGGERS = ("icv", "werkzeug", "waitress")


def mask(text: str) -> str:
    """`text` with the token of every invitation link in it masked."""
    return _LINK.sub(MASKED, text)


def fill(text: str, token: str) -> str:
    """`text` (stored masked) with its link's token put back, to send."""
    return text.replace(MASKED, f"/invitation/{token}")


class MaskInvitationTokens(logging.Filter):
    """Masks invitation tokens in a log record: its message, and any traceback it carries."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.msg, record.args = mask(record.getMessage()), None
        except (TypeError, ValueError):
            # Arguments that do not fit the message are left out: a token among them cannot
            # be told from any other word.
            record.msg = mask(f"{record.msg} (its arguments did not fit, so are not shown)")
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True


def init_app(app):
    for name in {app.logger.name, *LOGGERS}:
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskInvitationTokens) for f in logger.filters):
            logger.addFilter(MaskInvitationTokens())
