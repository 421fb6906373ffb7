"""Reading a dropped email file (.eml or Outlook .msg): pure functions over bytes.

`read_email_file(data, filename)` returns who wrote to whom, when, the subject and the
plain-text body (attachments are counted, never kept), or raises MailFileError with a
message a user can act on. crm/mail/outlook.py reads .msg files; crm/mail/text.py makes
the summary (the subject plus the first lines of the newest message, with quoted
replies and signatures trimmed).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

log = logging.getLogger(__name__)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_PARTS = 200  # MIME parts in one .eml: more is a bomb, not a conversation
MAX_DEPTH = 8  # nesting of multiparts and attached messages
MAX_TEXT = 1_000_000  # characters of body text we look at


class MailFileError(ValueError):
    """A file that cannot be read as an email; the message says what to do instead."""

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Person:
    """Someone on the email: a display name (may be '') and a lower-cased address."""

    name: str
    address: str


@dataclass(frozen=True)
class ReadEmail:
    """What a dropped email says."""

    subject: str
    sent_at: datetime | None
    sender: Person | None
    recipients: tuple[Person, ...]
    body: str
    attachments: int

    @property
    def people(self) -> list[Person]:
        """Sender then recipients, each address once."""
        seen: dict[str, Person] = {}
        for person in ((self.sender,) if self.sender else ()) + self.recipients:
            seen.setdefault(person.address, person)
        return list(seen.values())


def read_email_file(
    data: bytes, filename: str = "", max_bytes: int = 10 * 1024 * 1024
) -> ReadEmail:
    """Read an .eml or .msg file; raises MailFileError (413 when too big, else 422)."""
    if len(data) > max_bytes:
        raise MailFileError(
            f"That file is {len(data) / 1_048_576:.1f} MB; emails up to "
            f"{max_bytes // 1_048_576} MB can be read. Save the email without its attachments.",
            status=413,
        )
    if not data.strip():
        raise MailFileError("That file is empty. Save the email again and drop the new file.")
    if data.startswith(OLE_MAGIC):
        from crm.mail.outlook import read_msg

        return read_msg(data)
    if filename.lower().endswith(".msg"):
        raise MailFileError("That .msg file is not an Outlook message. Save it again from Outlook.")
    return _read_eml(data)


# --- .eml -------------------------------------------------------------------------------


def _read_eml(data: bytes) -> ReadEmail:
    if b"\x00" in data[:4096]:
        raise MailFileError(_NOT_MAIL)
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
    except Exception:  # the parser is lenient; anything it raises means "not an email"
        log.info("an .eml file could not be parsed")
        raise MailFileError(_NOT_MAIL) from None
    if not _header(message, "from") or not (
        _header(message, "date") or _header(message, "to") or _header(message, "subject")
    ):
        raise MailFileError(_NOT_MAIL)
    parts = _count_parts(message)
    body_part = _body_part(message)
    body = _part_text(body_part) if body_part is not None else ""
    senders = addresses(_header(message, "from"))
    recipients = addresses(_header(message, "to")) + addresses(_header(message, "cc"))
    return ReadEmail(
        subject=clean_line(_header(message, "subject")),
        sent_at=_date(_header(message, "date")),
        sender=senders[0] if senders else None,
        recipients=tuple(recipients),
        body=body,
        attachments=max(0, parts.attachments),
    )


_NOT_MAIL = (
    "That file is not an email. Drop an email saved from your mail program "
    "(.eml, or .msg from Outlook)."
)


def _header(message: EmailMessage, name: str) -> str:
    """A header's text; a header too broken to decode is read as raw text instead."""
    try:
        value = message.get(name)
        return str(value) if value is not None else ""
    except Exception:  # malformed encoded words and the like
        raw = message.get_all(name, failobj=[]) if hasattr(message, "get_all") else []
        return " ".join(str(item) for item in raw)


@dataclass
class _Parts:
    count: int = 0
    attachments: int = 0


def _count_parts(message: EmailMessage) -> _Parts:
    """Walk the MIME tree without recursion; refuse bombs (too many or too deep)."""
    found = _Parts()
    stack = [(message, 0)]
    while stack:
        part, depth = stack.pop()
        found.count += 1
        if found.count > MAX_PARTS or depth > MAX_DEPTH:
            raise MailFileError(
                "That email has too many parts nested inside each other to be read safely. "
                "Forward it to yourself as plain text and drop that instead."
            )
        if part.is_multipart():
            payload = part.get_payload()
            children = payload if isinstance(payload, list) else [payload]
            stack.extend((child, depth + 1) for child in children if hasattr(child, "walk"))
        elif part.get_content_disposition() == "attachment":
            found.attachments += 1
    return found


def _body_part(message: EmailMessage):
    try:
        return message.get_body(preferencelist=("plain", "html"))
    except Exception:
        return None


def _part_text(part) -> str:
    """A text part decoded; unknown or lying charsets are read as UTF-8, then Latin-1."""
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    try:
        text = payload.decode(charset)
    except (LookupError, UnicodeDecodeError):
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError:
            text = payload.decode("latin-1")
    text = text[:MAX_TEXT]
    if part.get_content_subtype() == "html":
        from crm.mail.text import html_to_text

        text = html_to_text(text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def addresses(value: str) -> list[Person]:
    people = []
    for name, address in getaddresses([value]):
        address = address.strip().lower()
        if "@" in address and " " not in address:
            people.append(Person(clean_line(name), address))
    return people


def _date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


def clean_line(text: str) -> str:
    return " ".join((text or "").split())[:300]
