"""Building messages: the parts from templates, the why-footer, and the headers at sending."""

from __future__ import annotations

from datetime import datetime
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, make_msgid, parseaddr

from flask import current_app, render_template

from crm.mail.models import OutboxMessage

LAYOUT_TEXT = "mail/layout.txt"
LAYOUT_HTML = "mail/layout.html"


def render_parts(name: str, **context) -> tuple[str, str]:
    """The text and HTML parts of templates/mail/<name>.txt and <name>.html."""
    text = render_template(f"mail/{name}.txt", **context)
    html = render_template(f"mail/{name}.html", **context)
    return text.strip() + "\n", html


def from_name(actor) -> str:
    """'Alex Morgan via Partnerwise' when a person caused it, else the app's name."""
    app_name = current_app.config["MAIL_FROM_NAME"]
    return f"{actor.name} via {app_name}" if actor is not None else app_name


def why_lines(kind_label: str, actor, automatic: bool, unsubscribe_url: str | None) -> list[str]:
    """Who sent the message and why, in plain words, for the footer of both parts."""
    app_name = current_app.config["MAIL_FROM_NAME"]
    if actor is not None:
        lines = [f"Sent by {app_name} for {actor.name} ({kind_label.lower()})."]
        lines.append(f"Reply to this email to reach {actor.name}.")
    elif automatic:
        lines = [f"Sent automatically by {app_name}: {kind_label.lower()}."]
    else:
        lines = [f"Sent by {app_name} ({kind_label.lower()})."]
    if unsubscribe_url:
        lines.append(
            "You get this because it is switched on for your account. "
            f"To stop it: {unsubscribe_url}"
        )
    return lines


def wrap(
    subject: str, text: str, html: str | None, why: list[str], unsubscribe_url: str | None
) -> tuple[str, str]:
    """The whole text and HTML parts: the body, then the footer saying who sent it and why."""
    full_text = render_template(LAYOUT_TEXT, body=text.rstrip(), why=why)
    full_html = render_template(
        LAYOUT_HTML,
        subject=subject,
        body_html=html,
        body_text=text,
        why=why,
        unsubscribe_url=unsubscribe_url,
    )
    return full_text.rstrip() + "\n", full_html


def new_message_id() -> str:
    """A globally unique Message-ID in the sending domain."""
    domain = current_app.config["MAIL_FROM"].rpartition("@")[2] or "localhost"
    return make_msgid(domain=domain)


def envelope_sender() -> str:
    """The bounce address: where undeliverable mail goes back to (MAIL_BOUNCE_ADDRESS)."""
    config = current_app.config
    return config.get("MAIL_BOUNCE_ADDRESS") or config["MAIL_FROM"]


def _header_text(value: str) -> str | Header:
    """A header value; non-ASCII text is encoded (RFC 2047)."""
    return value if value.isascii() else Header(value, "utf-8")


def _address(name: str, address: str) -> str:
    return formataddr((name, address), charset="utf-8")


def build_email(message: OutboxMessage, now: datetime) -> Message:
    """The RFC 5322 message for an outbox row, with its headers, dated `now`.

    Built with the compat32 MIME classes: the modern EmailMessage parses every header
    it is given, which made building the message the slowest part of sending.
    """
    config = current_app.config
    text = MIMEText(message.text_body, "plain", "utf-8")
    if message.html_body:
        email: Message = MIMEMultipart("alternative")
        email.attach(text)
        email.attach(MIMEText(message.html_body, "html", "utf-8"))
    else:
        email = text
    sender = message.from_name or config["MAIL_FROM_NAME"]
    email["From"] = _address(sender, config["MAIL_FROM"])
    email["To"] = _address(message.to_name, message.to_address)
    email["Subject"] = _header_text(message.subject)
    email["Date"] = format_datetime(now)
    email["Message-ID"] = message.message_id
    if message.reply_to:
        name, address = parseaddr(message.reply_to)
        email["Reply-To"] = _address(name, address)
    if message.automatic:
        email["Auto-Submitted"] = "auto-generated"
        email["X-Auto-Response-Suppress"] = "All"
    if message.unsubscribe_url:
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return email
