"""Helpers for mail tests: people to write to and messages queued for them."""

from __future__ import annotations

from crm.core.extensions import db
from crm.mail.outbox import queue_mail
from tests import factories


def queue_to_contacts(count: int, prefix: str = "person") -> list[int]:
    """Queue one test message to each of `count` new contacts; returns the message ids."""
    organisation = factories.organisation(f"Mail Test Group {prefix}")
    ids = []
    for n in range(count):
        contact = factories.contact(
            f"{prefix.title()} {n}", organisation=organisation, email=f"{prefix}{n}@example.org"
        )
        message = queue_mail(
            subject=f"Message {n} to {prefix}",
            text=f"Hello {prefix} {n}.",
            to_contact=contact,
            kind="test",
        )
        ids.append(message.id)
    db.session.commit()
    return ids
