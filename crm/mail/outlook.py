"""Reading an Outlook .msg file (extract-msg): the same ReadEmail as an .eml gives."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from crm.mail.reading import MAX_TEXT, MailFileError, Person, ReadEmail, addresses, clean_line
from crm.mail.text import html_to_text

log = logging.getLogger(__name__)


def read_msg(data: bytes) -> ReadEmail:
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
        sender = addresses(message.sender or "")
        recipients = [
            Person(clean_line(r.name or ""), (r.email or "").strip().lower())
            for r in message.recipients
            if "@" in (r.email or "")
        ]
        return ReadEmail(
            subject=clean_line(message.subject or ""),
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
