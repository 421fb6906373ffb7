"""What stakes keep up to date: each stake's consultation facts (DESIGN.md 3.1).

A stake keeps rules.consult_facts of the live conversations concerning its proposal and
involving its organisation since the consultation start (consulted on, attempts, last
attempt, last conversation), so the pages that show consult states (dashboard, proposal,
checklist, call sheets, reports) read one row per stake instead of the conversation log.

Every write that can change them calls refresh_consultation in its own transaction:
logging, editing and deleting a conversation (crm/logbook), merging organisations
(crm/merging), a proposal's consultation start changing and stakes being added (here,
in crm/proposals), and the bulk loaders (crm/demo, crm/scale) once for everything.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict

from sqlalchemy import and_, bindparam, select, update

from crm import rules
from crm.conversations.models import Conversation, ConversationProposal, conversation_organisations
from crm.core.extensions import db
from crm.proposals.models import Proposal, Stake

_STAKES = Stake.__table__
KEPT = tuple(rules.ConsultFacts.__dataclass_fields__)
# Proposals refreshed per round of a full rebuild: bounds the rows held in memory.
CHUNK = 200


def kept_facts(stake: Stake) -> rules.ConsultFacts:
    """The consultation facts a stake keeps."""
    return rules.ConsultFacts(**{name: getattr(stake, name) for name in KEPT})


def _ids(values: Iterable[int] | None) -> list[int] | None:
    return None if values is None else sorted({int(value) for value in values})


def conversation_facts(
    proposal_ids: list[int] | None, organisation_ids: list[int] | None
) -> dict[tuple[int, int], list[rules.ConversationFact]]:
    """{(proposal_id, organisation_id): [ConversationFact]} of live conversations, for the
    pairs that have a stake (None: any proposal, any organisation); one statement."""
    links = conversation_organisations.c
    query = (
        select(
            ConversationProposal.proposal_id,
            links.organisation_id,
            Conversation.occurred_on,
            Conversation.outcome,
        )
        .join(Conversation, Conversation.id == ConversationProposal.conversation_id)
        .join(conversation_organisations, links.conversation_id == Conversation.id)
        .join(
            Stake,
            and_(
                Stake.proposal_id == ConversationProposal.proposal_id,
                Stake.organisation_id == links.organisation_id,
            ),
        )
        .where(Conversation.deleted_at.is_(None))
    )
    if proposal_ids is not None:
        query = query.where(ConversationProposal.proposal_id.in_(proposal_ids))
    if organisation_ids is not None:
        query = query.where(links.organisation_id.in_(organisation_ids))
    found: dict[tuple[int, int], list[rules.ConversationFact]] = defaultdict(list)
    for proposal_id, organisation_id, occurred_on, outcome in db.session.execute(query):
        found[(proposal_id, organisation_id)].append(rules.ConversationFact(occurred_on, outcome))
    return found


def _refresh(proposal_ids: list[int] | None, organisation_ids: list[int] | None) -> set[int]:
    """Recompute the stakes of these proposals and organisations; the ids of those changed."""
    query = select(Stake.id, Stake.proposal_id, Stake.organisation_id, Proposal.consultation_start)
    query = query.join(Proposal, Proposal.id == Stake.proposal_id)
    query = query.add_columns(*(getattr(Stake, name) for name in KEPT))
    if proposal_ids is not None:
        query = query.where(Stake.proposal_id.in_(proposal_ids))
    if organisation_ids is not None:
        query = query.where(Stake.organisation_id.in_(organisation_ids))
    stakes = db.session.execute(query).all()
    if not stakes:
        return set()
    facts = conversation_facts(proposal_ids, organisation_ids)
    changed = []
    for stake_id, proposal_id, organisation_id, start, *kept in stakes:
        fresh = rules.consult_facts(facts.get((proposal_id, organisation_id), ()), start)
        if rules.ConsultFacts(*kept) != fresh:
            changed.append({"stake_id": stake_id, **asdict(fresh)})
    if changed:
        db.session.execute(
            update(_STAKES)
            .where(_STAKES.c.id == bindparam("stake_id"))
            .values(updated_at=_STAKES.c.updated_at),
            changed,
        )
    return {row["stake_id"] for row in changed}


def refresh_consultation(
    proposal_ids: Iterable[int] | None = None, organisation_ids: Iterable[int] | None = None
) -> int:
    """Recompute the kept consultation facts of the stakes in these proposals and with these
    organisations (None: any); returns how many changed.

    Call it in the same transaction as any change to a conversation's date, outcome,
    organisations, proposals or deletion, to a proposal's consultation start, or when
    stakes are added or moved. Like refresh_contact_dates it is a plain UPDATE: the
    stake's version (someone editing the stake is not told it changed) and updated_at
    stay, and no audit entry is written, because nothing a person typed changed.
    """
    proposals, organisations = _ids(proposal_ids), _ids(organisation_ids)
    if proposals == [] or organisations == []:
        return 0
    db.session.flush()
    if proposals is None:
        every = db.session.scalars(select(Stake.proposal_id).distinct()).all()
        chunks = [sorted(every)[i : i + CHUNK] for i in range(0, len(every), CHUNK)]
    else:
        chunks = [proposals]
    changed: set[int] = set()
    for chunk in chunks:
        changed |= _refresh(chunk, organisations)
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Stake) and obj.id in changed:
            db.session.expire(obj, list(KEPT))
    return len(changed)
