"""Outbox use cases for admins: resend and discard, each audited."""

from __future__ import annotations

from crm.audit.services import record
from crm.core.db import utcnow
from crm.mail.compose import new_message_id
from crm.mail.models import OutboxMessage

RESENDABLE = ("failed", "sent", "discarded")
DISCARDABLE = ("queued", "failed")


class OutboxError(Exception):
    """An outbox action that does not apply to the message's state."""


def resend(message: OutboxMessage, actor) -> None:
    """Queue a failed, sent or discarded message again, due now, with its tries reset."""
    if message.state not in RESENDABLE:
        raise OutboxError("This message is already queued: it goes with the next send.")
    old = message.state
    if old == "sent":
        # A second copy of a delivered message is a new message to mail programs.
        message.message_id = new_message_id()
    message.state = "queued"
    message.attempts = 0
    message.next_attempt_at = utcnow()
    message.claimed_by = None
    message.lease_until = None
    message.last_error = ""
    record("update", message, actor, {"state": (old, "queued")}, summary="Queued again")


def discard(message: OutboxMessage, actor) -> None:
    """Stop a queued or failed message from being sent; it stays listed as discarded."""
    if message.state not in DISCARDABLE:
        raise OutboxError("Only queued or failed messages can be discarded.")
    if message.lease_until is not None and message.lease_until > utcnow():
        raise OutboxError("This message is being sent right now. Look again in a minute.")
    old = message.state
    message.state = "discarded"
    message.claimed_by = None
    message.lease_until = None
    record("update", message, actor, {"state": (old, "discarded")}, summary="Discarded")
