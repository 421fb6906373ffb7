"""A stance heard in a conversation updates the stakes: the latest heard wins."""

from __future__ import annotations

from sqlalchemy import exists, select

from crm.audit.services import record
from crm.conversations.models import (
    Conversation,
    ConversationProposal,
    conversation_organisations,
)
from crm.core.extensions import db
from crm.proposals.models import Stake


def apply_stances(
    conversation: Conversation, proposals: dict[int, str | None], organisations, actor
) -> None:
    """Set each involved organisation's stake stance to the one heard, unless a later
    conversation already recorded a stance for that stake (an old call logged late must
    not overwrite what was heard since)."""
    heard = {pid: stance for pid, stance in proposals.items() if stance}
    org_ids = [o.id for o in organisations]
    if not heard or not org_ids:
        return
    stakes = db.session.scalars(
        select(Stake)
        .where(Stake.proposal_id.in_(heard), Stake.organisation_id.in_(org_ids))
        .order_by(Stake.id)
    )
    for stake in stakes:
        new = heard[stake.proposal_id]
        if stake.stance == new or _later_stance_heard(stake, conversation):
            continue
        old, stake.stance = stake.stance, new
        record(
            "update",
            stake,
            actor,
            {"stance": (old, new)},
            summary=f"Stance heard in conversation {conversation.id}",
        )


def _later_stance_heard(stake: Stake, conversation: Conversation) -> bool:
    link = ConversationProposal
    later = (
        select(Conversation.id)
        .join(link, link.conversation_id == Conversation.id)
        .join(
            conversation_organisations,
            conversation_organisations.c.conversation_id == Conversation.id,
        )
        .where(
            link.proposal_id == stake.proposal_id,
            link.stance.is_not(None),
            conversation_organisations.c.organisation_id == stake.organisation_id,
            Conversation.deleted_at.is_(None),
            Conversation.id != conversation.id,
            Conversation.occurred_on > conversation.occurred_on,
        )
    )
    return bool(db.session.scalar(select(exists(later))))


def latest_stances_heard() -> dict[tuple[int, int], str]:
    """(proposal id, organisation id) -> the stance heard in the latest conversation that
    heard one: what apply_stances leaves on each stake after any order of logging."""
    link = ConversationProposal
    rows = db.session.execute(
        select(link.proposal_id, conversation_organisations.c.organisation_id, link.stance)
        .join(Conversation, Conversation.id == link.conversation_id)
        .join(
            conversation_organisations,
            conversation_organisations.c.conversation_id == Conversation.id,
        )
        .where(link.stance.is_not(None), Conversation.deleted_at.is_(None))
        .order_by(Conversation.occurred_on, Conversation.id)
    )
    return {(proposal_id, org_id): stance for proposal_id, org_id, stance in rows}


def settle_stances() -> int:
    """Give every stake the stance last heard for it (the rule of logging, applied to records
    written in bulk, e.g. the demo); returns how many stakes changed. Not audited: for data
    that has no history yet."""
    heard = latest_stances_heard()
    changed = 0
    for stake in db.session.scalars(select(Stake)):
        stance = heard.get((stake.proposal_id, stake.organisation_id))
        if stance is not None and stake.stance != stance:
            stake.stance = stance
            changed += 1
    return changed
