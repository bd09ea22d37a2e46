"""E-mails: one that cannot be sent stays queued with the reason while the others go; a
subject is one line; an invitation link is never kept in the database or written to a log."""

import contextlib
import logging
import re
import socket
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.request

from sqlalchemy import select

from icv import mailer
from icv.models import Email, Invitation, Role, Suite
from icv.services import mail
from tests import factories
from tests.conftest import columns_holding, page_text
from tests.smtp_server import SmtpServer

CCTV = {"area": "cctv", "description": "Camera in cell 2 not recording", "level": 3}
PRIYA = {"name": "Priya Mistry", "email": "priya@example.org", "role": "volunteer"}


def tokens_in(text: str) -> list[str]:
    return re.findall(r"/invitation/([\w-]+)", text)


def test_an_email_that_cannot_be_sent_stays_queued_with_why_and_the_others_go(
    app, db, runner, client, login_as, smtp_server
):
    # Queued before subjects were made one line: a header cannot hold a line break.
    broken = Email(recipient="a@example.org", subject="Issue at Keyham\nLane", body="Body\n")
    db.add(broken)
    fine = mail.queue(db, "b@example.org", "Two", "Body\n")
    db.commit()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 1
    assert "Sent 1 e-mails" in result.output
    assert "1 could not be sent and wait to be sent again" in result.output
    db.expire_all()
    assert broken.sent_at is None
    assert broken.error == "Header values may not contain linefeed or carriage return characters"
    assert fine.sent_at is not None and fine.error is None
    assert [message["To"] for message in smtp_server.received] == ["b@example.org"]
    login_as(Role.COORDINATOR)
    emails_page = page_text(client.get("/manage/emails"))
    assert "Not sent yet: Header values may not contain linefeed" in emails_page


def test_a_batch_of_e_mails_goes_over_one_connection(db, runner, smtp_server):
    for number in range(5):
        mail.queue(db, f"v{number}@example.org", f"Rota {number}", "Body\n")
    db.commit()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0 and "Sent 5 e-mails" in result.output
    assert len(smtp_server.received) == 5
    assert smtp_server.connections == 1


def test_a_mail_server_that_does_not_answer_costs_one_wait_not_one_per_e_mail(
    app, db, runner, monkeypatch
):
    accepted = []
    with socket.socket() as silent:  # takes connections and never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        port = silent.getsockname()[1]

        def take_every_connection():
            with contextlib.suppress(OSError):  # until the socket is closed
                while True:
                    accepted.append(silent.accept())

        threading.Thread(target=take_every_connection, daemon=True).start()
        monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(app.config, "MAIL_PORT", port)
        monkeypatch.setattr(mailer._Connection, "TIMEOUT", 0.5)
        emails = [mail.queue(db, f"v{n}@example.org", f"Rota {n}", "Body\n") for n in range(5)]
        db.commit()
        started = time.monotonic()
        result = runner.invoke(args=["mail", "send"])
        took = time.monotonic() - started
        time.sleep(0.2)  # a second connection, had one been tried, would have been taken
        assert len(accepted) == 1
    assert result.exit_code == 1
    assert "5 could not be sent and wait to be sent again" in result.output
    assert took < 2, took
    db.expire_all()
    assert all(e.sent_at is None and "timed out" in e.error for e in emails)


def test_a_mail_server_that_will_not_take_us_is_tried_once_per_batch(
    app, db, runner, smtp_server, monkeypatch
):
    monkeypatch.setitem(app.config, "MAIL_USE_TLS", True)  # and the server offers no STARTTLS
    emails = [mail.queue(db, f"v{n}@example.org", f"Rota {n}", "Body\n") for n in range(3)]
    db.commit()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 1
    assert "3 could not be sent" in result.output
    assert smtp_server.connections == 1 and smtp_server.received == []
    db.expire_all()
    assert all(e.sent_at is None and "STARTTLS" in e.error for e in emails)


def test_a_mail_server_taking_so_many_a_connection_gets_the_rest_over_new_ones(
    app, db, runner, monkeypatch
):
    with SmtpServer(per_connection=2) as server:
        for key, value in server.config().items():
            monkeypatch.setitem(app.config, key, value)
        for number in range(5):
            mail.queue(db, f"v{number}@example.org", f"Rota {number}", "Body\n")
        db.commit()
        result = runner.invoke(args=["mail", "send"])
        assert result.exit_code == 0 and "Sent 5 e-mails" in result.output
        assert [m["To"] for m in server.received] == [f"v{n}@example.org" for n in range(5)]
        assert server.connections == 3


def test_a_mail_server_that_hangs_up_before_taking_any_is_not_tried_again(
    app, db, runner, monkeypatch
):
    with SmtpServer(per_connection=0) as server:
        for key, value in server.config().items():
            monkeypatch.setitem(app.config, key, value)
        emails = [mail.queue(db, f"v{n}@example.org", f"Rota {n}", "Body\n") for n in range(3)]
        db.commit()
        result = runner.invoke(args=["mail", "send"])
        assert result.exit_code == 1 and "3 could not be sent" in result.output
        assert server.connections == 1 and server.received == []
    db.expire_all()
    assert all(e.sent_at is None and "Too many messages" in e.error for e in emails)


def refer_an_issue_at(db, suite, issue=CCTV):
    factories.create_person(db, Role.FORCE, suites=[suite])
    report = factories.create_report(db, suite=suite, status="confirmed", issues=[issue])
    factories.refer_issue(db, report.issues[0])


def test_a_suite_named_over_two_lines_has_its_issues_emailed_on_one_line(db, runner, smtp_server):
    refer_an_issue_at(db, factories.create_suite(db, "Keyham\r\nLane"))  # named before the rule
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    # The partner's, the level 3 issue's escalation to the force, and the referral.
    assert "Sent 3 e-mails" in result.output
    subjects = [str(message["Subject"]).strip() for message in smtp_server.received]
    [subject] = [subject for subject in subjects if subject.startswith("Issue referred")]
    # Folded over two lines: it is 79 characters.
    assert subject.startswith("Issue referred: Keyham Lane, cctv, level 3, answer by")
    [escalation] = [subject for subject in subjects if subject.startswith("Unacceptable")]
    assert " ".join(escalation.split()).startswith(
        "Unacceptable: 1 level 3 issue on the visit to Keyham Lane,"
    )


def test_a_subject_too_long_for_its_column_is_cut_short_not_refused(db):
    # A suite's name may be 120 characters, and an area's label 53: with a date, 229 in all.
    suite = factories.create_suite(db, "Keyham Lane " + "and Beaumont Leys " * 6)
    refer_an_issue_at(db, suite, {**CCTV, "area": "rights_information"})
    email = db.scalars(select(Email).where(Email.subject.startswith("Issue referred"))).one()
    assert all(len(queued.subject) <= 200 for queued in db.scalars(select(Email)))
    assert email.subject.startswith("Issue referred: Keyham Lane and Beaumont Leys")
    assert email.subject.endswith("…")


def test_a_suite_name_with_a_line_break_is_refused(client, db, runner, login_as):
    login_as(Role.COORDINATOR)
    response = client.post("/manage/suites/new", data={"name": "Keyham\nLane", "active": "y"})
    assert response.status_code == 200
    assert "Suite name must be on one line" in page_text(response)
    result = runner.invoke(args=["suites", "add", "Keyham\u2028Lane"])
    assert result.exit_code == 1
    assert "Suite name must be on one line" in result.output
    assert "Keyham" not in page_text(client.get("/manage/suites"))


def test_an_imported_suite_name_with_a_line_break_is_a_bad_line(db, runner, tmp_path):
    from tests.llr_2016_17 import HEADER

    path = tmp_path / "history.csv"
    path.write_text(f'{HEADER}\n2016-04-05,"Keyham\nLane",10:02,10:09,,,2,1,3,0\n')
    result = runner.invoke(args=["import", "visits", str(path), "--create-suites"])
    assert result.exit_code == 1
    assert "history.csv: Line 2: suite must be on one line" in result.output
    assert db.scalars(select(Suite)).all() == []


def test_no_invitation_token_is_kept_in_the_database_once_invited_and_sent(
    app, client, db, login_as, smtp_server
):
    login_as(Role.COORDINATOR)
    [shown] = tokens_in(client.post("/manage/people/new", data=PRIYA).get_data(as_text=True))
    [message] = smtp_server.received
    [mailed] = tokens_in(message.get_content())
    assert shown != mailed
    assert columns_holding(db, shown) == []
    assert columns_holding(db, mailed) == []
    assert columns_holding(db, "/invitation/…") == ["emails.body"]  # the link, masked
    # Both links open the page to set a password; using one ends the other.
    assert app.test_client().get(f"/invitation/{shown}").status_code == 200
    password = {"password": "three blind mice run", "confirm": "three blind mice run"}
    assert app.test_client().post(f"/invitation/{mailed}", data=password).status_code == 302
    assert app.test_client().get(f"/invitation/{shown}").status_code == 404
    assert app.test_client().get(f"/invitation/{mailed}").status_code == 404


def test_an_invitation_sent_later_by_icv_mail_send_has_a_working_link(
    app, client, db, login_as, runner, smtp_server, monkeypatch
):
    login_as(Role.COORDINATOR)
    with monkeypatch.context() as no_server:
        no_server.setitem(app.config, "MAIL_SERVER", None)
        [first] = tokens_in(client.post("/manage/people/new", data=PRIYA).get_data(as_text=True))
        person_id = db.scalars(select(Invitation.person_id)).one()
        [second] = tokens_in(
            client.post(f"/manage/people/{person_id}/invite").get_data(as_text=True)
        )
    assert columns_holding(db, first) == columns_holding(db, second) == []
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    # The first e-mail's link was replaced by the second: only the second is worth sending.
    assert "Sent 1 e-mails" in result.output
    [message] = smtp_server.received
    [mailed] = tokens_in(message.get_content())
    assert columns_holding(db, mailed) == []
    assert app.test_client().get(f"/invitation/{mailed}").status_code == 200
    assert app.test_client().get(f"/invitation/{first}").status_code == 404
    unsent = db.scalars(select(Email).where(Email.sent_at.is_(None))).one()
    assert unsent.error is None  # not tried: it would carry a dead link


TOKEN = "Zm9vYmFyYmF6cXV4LXRoaXMtaXMtYS10ZXN0LXRva2Vu"


def test_the_development_servers_request_log_holds_no_invitation_token(app, caplog):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    request = urllib.request.Request(
        f"http://127.0.0.1:{server.port}/invitation/{TOKEN}", headers={"Host": "icv.test"}
    )
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            try:
                urllib.request.urlopen(request, timeout=10)  # noqa: S310 our own test server
            except urllib.error.HTTPError as error:
                assert error.code == 404  # no such invitation
    finally:
        server.shutdown()
        server.server_close()
    assert '"GET /invitation/… HTTP/1.1" 404' in caplog.text
    assert TOKEN not in caplog.text


def test_an_error_logged_about_an_invitation_request_holds_no_token(app, caplog):
    with caplog.at_level(logging.ERROR):
        try:
            raise RuntimeError(f"could not answer /invitation/{TOKEN}?next=/")
        except RuntimeError:
            # The lines Flask and waitress write when a request raises.
            app.logger.exception("Exception on /invitation/%s [GET]", TOKEN)
            logging.getLogger("waitress").exception(f"Exception while serving /invitation/{TOKEN}")
    assert len(caplog.records) == 2
    assert "icv:test_mail.py" in caplog.text and "Exception on /invitation/… [GET]" in caplog.text
    assert "Exception while serving /invitation/…" in caplog.text
    assert caplog.text.count("RuntimeError: could not answer /invitation/…?next=/") == 2
    assert TOKEN not in caplog.text


def test_a_log_call_whose_arguments_do_not_fit_still_has_its_token_masked(app, caplog):
    with caplog.at_level(logging.ERROR):
        app.logger.error("Exception on /invitation/%s [%s]", TOKEN)  # one argument short
    assert "Exception on /invitation/… [%s] (its arguments did not fit" in caplog.text
    assert TOKEN not in caplog.text


def test_mail_is_sent_over_tls_only_to_a_server_whose_certificate_checks_out(
    app, db, runner, monkeypatch, tmp_path
):
    """STARTTLS checks the mail server's certificate: one anybody could make (self-signed,
    here) is refused, the message stays queued with why, and nothing is sent in the clear."""
    certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(certificate)),
        ],
        check=True,
        capture_output=True,
    )
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(certificate, key)
    with SmtpServer(tls=tls) as server:
        for setting, value in {**server.config(), "MAIL_USE_TLS": True}.items():
            monkeypatch.setitem(app.config, setting, value)
        email = mail.queue(db, "a@example.org", "Subject", "Body\n")
        db.commit()
        result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 1
    db.expire_all()
    assert email.sent_at is None
    assert "CERTIFICATE_VERIFY_FAILED" in email.error
    assert server.received == []
