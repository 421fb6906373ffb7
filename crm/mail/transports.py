"""How messages leave: an SMTP server from MAIL_URL, or .eml files when there is none.

MAIL_URL examples: `smtp://user:pass@mail.example.org:587?starttls=1`,
`smtps://user:pass@mail.example.org` (TLS from the start, port 465), `smtp://localhost:25`.
Without MAIL_URL (the `make run` default) messages are written as .eml files under
instance/mail/, so a new user sees what would be sent without a mail server.
"""

from __future__ import annotations

import contextlib
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

TRUE = {"1", "true", "yes", "on"}


class TransportDown(Exception):
    """The mail server cannot be reached or refuses us: nothing is the message's fault."""


class RecipientRefused(Exception):
    """The server refused this one message; `permanent` for 5xx answers."""

    def __init__(self, text: str, permanent: bool):
        super().__init__(text)
        self.permanent = permanent


@dataclass(frozen=True)
class SmtpSettings:
    """What MAIL_URL says: where the server is and how to talk to it."""

    host: str
    port: int
    tls: bool  # SMTPS: TLS from the first byte
    starttls: bool
    username: str | None
    password: str | None
    timeout: float

    @classmethod
    def from_url(cls, url: str, timeout: float = 30) -> SmtpSettings:
        """Read smtp:// or smtps:// URLs; raises ValueError with what is wrong."""
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps"):
            raise ValueError("MAIL_URL must start with smtp:// or smtps://")
        if not parts.hostname:
            raise ValueError("MAIL_URL has no server name, e.g. smtp://mail.example.org:587")
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        tls = parts.scheme == "smtps"
        starttls = not tls and query.get("starttls", "").lower() in TRUE
        default_port = 465 if tls else (587 if starttls else 25)
        return cls(
            host=parts.hostname,
            port=parts.port or default_port,
            tls=tls,
            starttls=starttls,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            timeout=float(query.get("timeout", timeout)),
        )


class SmtpTransport:
    """One SMTP connection for a batch of messages."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self.connection: smtplib.SMTP | None = None

    def open(self) -> None:
        s = self.settings
        try:
            if s.tls:
                connection = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout, context=ssl.create_default_context()
                )
            else:
                connection = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.starttls:
                    connection.starttls(context=ssl.create_default_context())
            if s.username:
                connection.login(s.username, s.password or "")
        except smtplib.SMTPAuthenticationError as error:
            raise TransportDown(f"the mail server refused the log-in ({error.smtp_code})") from None
        except (OSError, smtplib.SMTPException) as error:
            raise TransportDown(
                f"cannot reach the mail server {s.host}:{s.port}: {error}"
            ) from None
        self.connection = connection

    def send(self, email: Message, sender: str, recipient: str) -> None:
        if self.connection is None:
            raise TransportDown("not connected")
        try:
            self.connection.send_message(email, from_addr=sender, to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()))
            raise RecipientRefused(_answer(code, text), permanent=code >= 500) from None
        except smtplib.SMTPDataError as error:
            raise RecipientRefused(
                _answer(error.smtp_code, error.smtp_error), permanent=error.smtp_code >= 500
            ) from None
        except smtplib.SMTPSenderRefused as error:
            raise TransportDown(
                f"the mail server refused the sender address ({error.smtp_code})"
            ) from None
        except (OSError, smtplib.SMTPException) as error:
            self.connection = None
            raise TransportDown(f"the mail server went away: {error}") from None

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.connection.quit()
            self.connection = None


def _answer(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}"[:400]


class FileTransport:
    """Writes each message as an .eml file (the default with no MAIL_URL)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def open(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise TransportDown(f"cannot write to {self.folder}: {error}") from None

    def send(self, email: Message, sender: str, recipient: str) -> None:
        stem = email["Message-ID"].strip("<>").replace("/", "_").split("@")[0]
        path = self.folder / f"{stem}.eml"
        tmp = path.with_suffix(".tmp")
        try:
            tmp.write_bytes(email.as_bytes())
            os.replace(tmp, path)
        except OSError as error:
            raise TransportDown(f"cannot write {path}: {error}") from None

    def close(self) -> None:
        return None


def transport_from_config(config, instance_path: str) -> SmtpTransport | FileTransport:
    """The transport MAIL_URL asks for; .eml files in instance/mail/ when it is not set."""
    url = config.get("MAIL_URL")
    if url:
        return SmtpTransport(SmtpSettings.from_url(url, config.get("MAIL_TIMEOUT_SECONDS", 30)))
    folder = config.get("MAIL_FILE_DIR") or os.path.join(instance_path, "mail")
    return FileTransport(Path(folder))
