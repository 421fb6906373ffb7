"""Reading a dropped email file (.eml or Outlook .msg): pure functions over bytes.

`read_email_file(data, filename)` returns who wrote to whom, when, the subject and the
plain-text body (attachments are counted, never kept), or raises MailFileError with a
message a user can act on. `summary_for(email)` is the subject plus the first lines of
the newest message, with quoted replies and signatures trimmed.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

log = logging.getLogger(__name__)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_PARTS = 200  # MIME parts in one .eml: more is a bomb, not a conversation
MAX_DEPTH = 8  # nesting of multiparts and attached messages
MAX_TEXT = 1_000_000  # characters of body text we look at
SUMMARY_LINES = 6
SUMMARY_CHARS = 700


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
        return _read_msg(data)
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
    senders = _addresses(_header(message, "from"))
    recipients = _addresses(_header(message, "to")) + _addresses(_header(message, "cc"))
    return ReadEmail(
        subject=_clean_line(_header(message, "subject")),
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
        text = html_to_text(text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _addresses(value: str) -> list[Person]:
    people = []
    for name, address in getaddresses([value]):
        address = address.strip().lower()
        if "@" in address and " " not in address:
            people.append(Person(_clean_line(name), address))
    return people


def _date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


def _clean_line(text: str) -> str:
    return " ".join((text or "").split())[:300]


# --- .msg -------------------------------------------------------------------------------


def _read_msg(data: bytes) -> ReadEmail:
    import extract_msg

    try:
        message = extract_msg.openMsg(data, delayAttachments=True)
    except Exception:  # extract-msg raises many kinds for broken or unusual files
        log.info("a .msg file could not be opened")
        raise MailFileError(
            "That Outlook file could not be read: it may be damaged, or be a calendar item "
            "or contact rather than an email. Open it in Outlook and save it again."
        ) from None
    try:
        if not isinstance(message, extract_msg.Message):
            raise MailFileError(
                "That Outlook file is not an email (it may be a meeting, task or contact)."
            )
        body = _msg_body(message)
        sender = _addresses(message.sender or "")
        recipients = [
            Person(_clean_line(r.name or ""), (r.email or "").strip().lower())
            for r in message.recipients
            if "@" in (r.email or "")
        ]
        return ReadEmail(
            subject=_clean_line(message.subject or ""),
            sent_at=_aware(message.date),
            sender=sender[0] if sender else None,
            recipients=tuple(recipients),
            body=body,
            attachments=len(message.attachments or []),
        )
    except MailFileError:
        raise
    except Exception:
        log.info("a .msg file could not be read")
        raise MailFileError(
            "That Outlook file could not be read. Open it in Outlook and save it again."
        ) from None
    finally:
        message.close()


def _msg_body(message) -> str:
    text = message.body
    if text:
        return str(text)[:MAX_TEXT].replace("\r\n", "\n")
    html = message.htmlBody  # also what extract-msg finds wrapped inside an RTF body
    if html:
        raw = html.decode("utf-8", "replace") if isinstance(html, bytes) else str(html)
        return html_to_text(raw[:MAX_TEXT])
    if message.rtfBody:
        raise MailFileError(
            "That Outlook email has only formatted (RTF) text, which cannot be read here. "
            "In Outlook, choose Format text > Plain text or HTML, save it again and drop it."
        )
    return ""


def _aware(value) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


# --- text -------------------------------------------------------------------------------


class _TextOfHtml(HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote", "table"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skip = 0
        self.quote = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head", "title"):
            self.skip += 1
        if tag == "blockquote":
            self.quote += 1
        if tag in self.BLOCKS:
            self.chunks.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head", "title"):
            self.skip = max(0, self.skip - 1)
        if tag == "blockquote":
            self.quote = max(0, self.quote - 1)
        if tag in self.BLOCKS:
            self.chunks.append("\n")

    def handle_data(self, data):
        if self.skip:
            return
        text = " ".join(data.split())
        if text:
            # Keep one space where the markup had some ("Hello <b>Alex</b>").
            text = (" " if data[0].isspace() else "") + text + (" " if data[-1].isspace() else "")
        elif data:
            text = " "
        if self.quote and text.strip():
            text = "> " + text
        self.chunks.append(text)


def html_to_text(html: str) -> str:
    """The readable text of an HTML body (quoted blocks marked with '>')."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.chunks).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_CUT_AT = [
    re.compile(r"^On .{4,200}(wrote|écrit|schreef|ysgrifennodd)\s*:?\s*$", re.IGNORECASE),
    re.compile(r"^-{2,}\s*(Original Message|Forwarded message)\s*-{2,}", re.IGNORECASE),
    re.compile(r"^_{5,}\s*$"),  # Outlook's line above the quoted message
    re.compile(r"^From:\s.+", re.IGNORECASE),  # Outlook's quoted header block
    re.compile(r"^--\s*$"),  # the signature delimiter (often without its space)
    re.compile(r"^Sent from my \w+", re.IGNORECASE),
    re.compile(r"^Get Outlook for ", re.IGNORECASE),
]


def newest_part(body: str) -> str:
    """The newest message of a reply chain: quoted lines, earlier messages and signature cut."""
    kept: list[str] = []
    for line in body.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if any(pattern.match(stripped) for pattern in _CUT_AT):
            break
        if stripped.startswith(">"):
            continue
        kept.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


_GREETING = re.compile(
    r"^(hi|hello|dear|hiya|good (morning|afternoon)|helo|shwmae)\b.{0,40}$", re.I
)


def summary_for(email: ReadEmail) -> str:
    """'Email: subject' and the first lines of the newest message, for the log form."""
    lines = [line for line in newest_part(email.body).split("\n") if line.strip()]
    if lines and _GREETING.match(lines[0].strip()):
        lines = lines[1:]
    chosen: list[str] = []
    size = 0
    for line in lines[:SUMMARY_LINES]:
        if size + len(line) > SUMMARY_CHARS:
            chosen.append(line[: max(0, SUMMARY_CHARS - size)].rstrip() + "…")
            break
        chosen.append(line.strip())
        size += len(line)
    subject = email.subject or "(no subject)"
    return "\n".join([f"Email: {subject}", *chosen]).strip()


def address_of(person: Person) -> str:
    """'Name <address>' for showing."""
    return str(Address(person.name, addr_spec=person.address)) if person.name else person.address
