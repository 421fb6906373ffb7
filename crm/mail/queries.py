"""Read side of the outbox: the admin list with counts by state, and one message."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from crm.core.extensions import db
from crm.mail.models import STATES, OutboxMessage

# The Outbox page's filter: every state, or all of them.
FILTERS = {"": "All", **dict(STATES.items())}


def list_query(state: str) -> Select:
    """Messages, newest first (one statement per page, senders and recipients joined)."""
    query = select(OutboxMessage).options(
        joinedload(OutboxMessage.created_by),
    )
    if state:
        query = query.where(OutboxMessage.state == state)
    return query.order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())


def state_counts() -> dict[str, int]:
    """How many messages are in each state (one statement)."""
    rows = db.session.execute(
        select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
    )
    counts = dict.fromkeys(STATES, 0)
    counts.update(dict(rows.tuples().all()))
    return counts


def message(message_id: int) -> OutboxMessage:
    """One message with whoever caused it (404 when missing)."""
    return db.first_or_404(
        select(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .options(joinedload(OutboxMessage.created_by))
    )
