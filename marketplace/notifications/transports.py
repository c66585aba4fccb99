"""How a message leaves: the console (default) or SMTP (``MAIL_SERVER`` set)."""
from __future__ import annotations

import logging
import smtplib
import sys
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

log = logging.getLogger(__name__)


def build_message(sender: str, to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text UTF-8 message with the headers a mail server expects."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip("> ") or None)
    message.set_content(body)
    return message


class ConsoleTransport:
    """Prints each message readably to standard output (development, embedded mode)."""

    def __enter__(self) -> ConsoleTransport:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def send(self, message: EmailMessage) -> None:
        text = (
            f"----- mail (console) -----\nFrom: {message['From']}\nTo: {message['To']}\n"
            f"Subject: {message['Subject']}\n\n{message.get_content()}\n"
            "----- end of mail -----\n"
        )
        # sys.stdout is looked up per call, so a redirected or captured stdout is honoured.
        sys.stdout.write(text)
        sys.stdout.flush()
        log.info("mail to %s printed to the console: %s", message["To"], message["Subject"])


class SmtpTransport:
    """One SMTP connection for a batch, opened on first use (STARTTLS or SSL, optional login)."""

    def __init__(self, config) -> None:
        self.config = config
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpTransport:
        return self

    def __exit__(self, *exc) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except smtplib.SMTPException:
                self._smtp.close()
            except OSError:
                pass
            self._smtp = None

    def _connect(self) -> smtplib.SMTP:
        c = self.config
        cls = smtplib.SMTP_SSL if c["MAIL_USE_SSL"] else smtplib.SMTP
        smtp = cls(c["MAIL_SERVER"], c["MAIL_PORT"], timeout=c["MAIL_TIMEOUT"])
        if c["MAIL_USE_TLS"] and not c["MAIL_USE_SSL"]:
            smtp.starttls()
        if c["MAIL_USERNAME"]:
            smtp.login(c["MAIL_USERNAME"], c["MAIL_PASSWORD"])
        return smtp

    def send(self, message: EmailMessage) -> None:
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            self._smtp.send_message(message)
        except (smtplib.SMTPServerDisconnected, OSError):
            # A long batch can outlive the server's idle timeout: reconnect once.
            self._smtp = None
            self._smtp = self._connect()
            self._smtp.send_message(message)


def transport_for(config) -> ConsoleTransport | SmtpTransport:
    return SmtpTransport(config) if config.get("MAIL_SERVER") else ConsoleTransport()
