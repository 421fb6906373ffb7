"""Queueing mail: the one way any feature sends an email (DESIGN.md section 11).

Requests only queue; `flask crm send-mail` delivers. Every address is a user's or a
contact's, taken from their record when queued; a do-not-contact, archived or erased
contact, or one without an email address, is never mailed (queue_mail returns None).
Each message says who sent it and why (a footer added here), and the message is
recorded in the audit log without its words (who it went to is the record's id).
"""

from __future__ import annotations

import re
from email.utils import formataddr
from typing import TYPE_CHECKING

from sqlalchemy import inspect

from crm.audit.services import record
from crm.core.db import utcnow
from crm.core.extensions import db
from crm.mail.compose import from_name, new_message_id, why_lines, wrap
from crm.mail.models import KIND_LABELS, OutboxMessage

if TYPE_CHECKING:
    from crm.auth.models import User
    from crm.contacts.models import Contact

_ADDRESS = re.compile(r"^[^@\s<>\",]+@[^@\s<>\",]+\.[^@\s<>\",]+$")
SUBJECT_MAX = 300


def mailable_address(address: str | None) -> bool:
    """Whether an address on a record looks deliverable (one address, no display name)."""
    return bool(address) and bool(_ADDRESS.match(address.strip()))


def contact_can_be_mailed(contact: Contact) -> bool:
    """Not those who asked not to be contacted, archived ones, or those without an address."""
    return (
        not contact.do_not_contact
        and not contact.archived
        and mailable_address(contact.email)
        and not (state := inspect(contact)).deleted
        and not state.was_deleted
    )


def queue_mail(
    *,
    subject: str,
    text: str,
    html: str | None = None,
    to_user: User | None = None,
    to_contact: Contact | None = None,
    kind: str,
    about_type: str | None = None,
    about_id: int | None = None,
    reply_to: User | None = None,
    automatic: bool = False,
    actor: User | None = None,
) -> OutboxMessage | None:
    """Queue one message to a user or a contact (exactly one); returns None, and queues nothing,
    when the contact is do-not-contact, archived/erased, or has no email address.

    `text` is the plain-text body and should read well alone; `html` (optional) is the
    body's HTML fragment, put in an accessible page with the same footer. `kind` is one
    of MAIL_KINDS (crm/rules/vocabulary.py). `reply_to` is the user
    replies should reach (usually whoever caused the message); `automatic` marks mail
    nobody sent by hand (Auto-Submitted: auto-generated). The message is added and
    flushed (it has its id); the caller commits.
    """
    message = new_message(
        subject=subject,
        text=text,
        html=html,
        to_user=to_user,
        to_contact=to_contact,
        kind=kind,
        about_type=about_type,
        about_id=about_id,
        reply_to=reply_to,
        automatic=automatic,
        actor=actor,
    )
    if message is None:
        return None
    db.session.add(message)
    db.session.flush()  # the caller may link to it (message.id)
    if actor is not None:
        # Mail a person caused is audited here; automatic mail (the daily digests) is
        # audited once per run by its command, not once per message.
        record(
            "create",
            message,
            actor,
            {
                "kind": (None, kind),
                "to_user_id": (None, message.to_user_id),
                "to_contact_id": (None, message.to_contact_id),
            },
            summary=f"Queued an email ({KIND_LABELS[kind].lower()})",
        )
    return message


def new_message(
    *,
    subject: str,
    text: str,
    html: str | None,
    to_user: User | None,
    to_contact: Contact | None,
    kind: str,
    about_type: str | None = None,
    about_id: int | None = None,
    reply_to: User | None = None,
    automatic: bool = False,
    actor: User | None = None,
    unsubscribe_url: str | None = None,
) -> OutboxMessage | None:
    """The outbox row queue_mail would add, not yet added (None when they cannot be mailed).

    For senders of many messages at once (the daily digests, with their unsubscribe
    link): they add the rows and flush once.
    """
    if (to_user is None) == (to_contact is None):
        raise ValueError("queue_mail needs exactly one of to_user and to_contact")
    if kind not in KIND_LABELS:
        raise ValueError(f"unknown kind of mail {kind!r}: add it to MAIL_KINDS")
    if to_contact is not None:
        if not contact_can_be_mailed(to_contact):
            return None
        address, name = to_contact.email.strip(), to_contact.name
    else:
        if not to_user.active or not mailable_address(to_user.email):
            return None
        address, name = to_user.email.strip(), to_user.name
    subject = " ".join(subject.split())[:SUBJECT_MAX]
    why = why_lines(KIND_LABELS[kind], actor, automatic, unsubscribe_url)
    full_text, full_html = wrap(subject, text, html, why, unsubscribe_url)
    return OutboxMessage(
        to_user_id=getattr(to_user, "id", None),
        to_contact_id=getattr(to_contact, "id", None),
        to_address=address,
        to_name=name,
        reply_to_user_id=getattr(reply_to, "id", None),
        reply_to=formataddr((reply_to.name, reply_to.email)) if reply_to is not None else "",
        from_name=from_name(actor),
        subject=subject,
        text_body=full_text,
        html_body=full_html,
        kind=kind,
        about_type=about_type,
        about_id=about_id,
        automatic=automatic,
        unsubscribe_url=unsubscribe_url,
        message_id=new_message_id(),
        state="queued",
        next_attempt_at=utcnow(),
        created_by_id=getattr(actor, "id", None),
    )
