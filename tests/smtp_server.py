"""A real SMTP server on a loopback port, in a thread, keeping every message it accepts.

Enough of RFC 5321 for smtplib: EHLO/HELO, MAIL, RCPT, DATA (with dot-unstuffing), RSET,
NOOP and QUIT; STARTTLS when given a certificate. No AUTH. Tests set ICV_MAIL_USE_TLS off,
but for the test of STARTTLS itself.
"""

import socketserver
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage


class _Session(socketserver.StreamRequestHandler):
    def reply(self, line: str):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.server.connections += 1
        taken = 0
        self.reply("220 localhost test SMTP server")
        while line := self.rfile.readline():
            verb = line.decode(errors="replace").strip().split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-localhost")
                if self.server.tls is not None:
                    self.reply("250-STARTTLS")
                self.reply("250 8BITMIME")
            elif verb == "STARTTLS" and self.server.tls is not None:
                self.reply("220 Ready to start TLS")
                try:
                    self.connection = self.server.tls.wrap_socket(self.request, server_side=True)
                except OSError:  # the client refused the certificate
                    return
                self.rfile = self.connection.makefile("rb")
                self.wfile = self.connection.makefile("wb", buffering=0)
            elif verb == "MAIL" and taken == self.server.per_connection:
                self.reply("421 Too many messages on one connection, closing")
                return
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                self.server.received.append(self.read_data())
                taken += 1
                self.reply("250 OK: queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            elif verb in {"HELO", "MAIL", "RCPT", "RSET", "NOOP"}:
                self.reply("250 OK")
            else:
                self.reply("502 Command not implemented")

    def read_data(self) -> EmailMessage:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return message_from_bytes(b"".join(lines), policy=policy.default)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpServer:
    """Start with `with SmtpServer() as server:`; `server.port`, `server.received`,
    `server.connections` (how many were made to it)."""

    def __init__(self, tls=None, per_connection=None):
        """`tls`: an ssl.SSLContext with the server's certificate, to offer STARTTLS;
        `per_connection`: how many messages it takes on one connection (then 421 and closes)."""
        self._server = _Server(("127.0.0.1", 0), _Session)
        self._server.received = []
        self._server.connections = 0
        self._server.per_connection = per_connection
        self._server.tls = tls
        self.port = self._server.server_address[1]

    @property
    def received(self) -> list[EmailMessage]:
        return self._server.received

    @property
    def connections(self) -> int:
        return self._server.connections

    def config(self) -> dict:
        """The settings that send icv's e-mails here."""
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": self.port, "MAIL_USE_TLS": False}

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
