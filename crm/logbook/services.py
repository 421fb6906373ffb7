"""Use cases for conversations: log, edit, soft delete; a stance heard updates the stakes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from crm.audit.services import apply_changes, record
from crm.contacts.models import Contact
from crm.conversations.models import (
    Conversation,
    ConversationContact,
    ConversationProposal,
)
from crm.conversations.services import refresh_contact_dates
from crm.core.db import utcnow
from crm.core.errors import FieldError, check_version
from crm.core.extensions import db
from crm.followups import services as followups
from crm.logbook.forms import future_date_message
from crm.logbook.stances import apply_stances
from crm.organisations.models import Organisation
from crm.proposals.consultation import refresh_consultation
from crm.proposals.models import Proposal
from crm.rules.vocabulary import CHANNELS, OUTCOMES, STANCES

FIELDS = ("occurred_on", "occurred_at", "channel", "outcome", "summary")
# What a stake's kept consultation facts depend on (crm/proposals/consultation.py).
CONSULTATION_CHANGES = frozenset({"occurred_on", "outcome", "organisation_ids", "proposals"})
FOLLOW_UP_FIELDS = {
    "description": "follow_up_description",
    "owner_id": "follow_up_owner_id",
    "due_on": "follow_up_due_on",
}


def may_change(conversation: Conversation, user) -> bool:
    """Whoever logged it (while an editor) or any admin may edit or delete it."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.role == "admin":
        return True
    return user.role == "editor" and conversation.logged_by_id == user.id


@dataclass
class Resolved:
    """Checked form data: column values and the records it names."""

    values: dict[str, Any]
    contacts: list[Contact]
    organisations: list[Organisation]
    proposals: dict[int, str | None]


def _values(data: dict[str, Any]) -> dict[str, Any]:
    values = {key: data.get(key) for key in FIELDS}
    if values["occurred_on"] is None:
        raise FieldError("occurred_on", "Enter a date, for example 15/12/2026.")
    message = future_date_message(values["occurred_on"])
    if message:
        raise FieldError("occurred_on", message)
    if values["channel"] not in CHANNELS:
        raise FieldError("channel", "Choose how you talked.")
    if values["outcome"] not in OUTCOMES:
        raise FieldError("outcome", "Choose what happened.")
    values["summary"] = (values["summary"] or "").strip()
    return values


def _fetch(model, ids: list[int], field: str, noun: str, keep: set[int]) -> list:
    """Records by id, in the order given; missing or newly chosen archived ones are refused."""
    if not ids:
        return []
    found = {obj.id: obj for obj in db.session.scalars(select(model).where(model.id.in_(ids)))}
    if any(i not in found for i in ids):
        raise FieldError(
            field, f"One of the {noun} chosen is no longer in Partnerwise. Choose again."
        )
    archived = [found[i].name for i in ids if found[i].archived and i not in keep]
    if archived:
        raise FieldError(
            field, f"{', '.join(archived)}: archived. Restore first, or choose another."
        )
    return [found[i] for i in ids]


def _resolve(data: dict[str, Any], current: Conversation | None = None) -> Resolved:
    values = _values(data)
    kept_contacts = {p.contact_id for p in current.participants} if current else set()
    kept_orgs = {o.id for o in current.organisations} if current else set()
    chosen = list(data.get("contact_ids") or [])
    contacts = _fetch(Contact, chosen, "contact_ids", "people", keep=kept_contacts)
    # Organisations follow from the people, then any added directly, without repeats.
    org_ids = [c.organisation_id for c in contacts if c.organisation_id]
    direct = [i for i in data.get("organisation_ids") or [] if i not in org_ids]
    # An archived organisation can follow from a person, but not be newly chosen.
    organisations = _fetch(
        Organisation,
        list(dict.fromkeys(org_ids + direct)),
        "organisation_ids",
        "organisations",
        keep=set(org_ids) | kept_orgs,
    )
    erased = current is not None and any(p.contact_id is None for p in current.participants)
    if not contacts and not organisations and not erased:
        raise FieldError("contact_ids", "Choose at least one person or organisation.")
    proposals = dict(data.get("proposals") or {})
    if any(stance not in STANCES for stance in proposals.values() if stance is not None):
        raise FieldError("proposals", "Choose a stance from the list.")
    if any(proposals.values()) and values["outcome"] != "reached":
        raise FieldError("proposals", "A stance can only be heard when you reached them.")
    if proposals:
        known = set(db.session.scalars(select(Proposal.id).where(Proposal.id.in_(proposals))))
        if known != set(proposals):
            raise FieldError("proposals", "One of the proposals chosen no longer exists.")
    return Resolved(values, contacts, organisations, proposals)


def _follow_up_data(data: dict[str, Any]) -> dict[str, Any] | None:
    if not (data.get("follow_up_description") or "").strip():
        return None
    return {key: data.get(name) for key, name in FOLLOW_UP_FIELDS.items()}


def log_conversation(data: dict[str, Any], actor) -> Conversation:
    """Log a conversation with its people, organisations, proposals and an optional follow-up."""
    resolved = _resolve(data)
    follow_up = _follow_up_data(data)
    if follow_up:
        try:
            followups.check_links(followups.clean(follow_up))
        except FieldError as error:
            raise FieldError(
                FOLLOW_UP_FIELDS.get(error.field, "follow_up_description"), error.message
            ) from None
    actor_id = getattr(actor, "id", None)
    conversation = Conversation(logged_by_id=actor_id, created_by_id=actor_id, **resolved.values)
    conversation.participants = [
        ConversationContact(contact_id=c.id, contact=c) for c in resolved.contacts
    ]
    conversation.organisations = resolved.organisations
    conversation.proposal_links = [
        ConversationProposal(proposal_id=pid, stance=stance)
        for pid, stance in resolved.proposals.items()
    ]
    db.session.add(conversation)
    changes = {k: (None, v) for k, v in resolved.values.items() if v not in ("", None)}
    changes.update(_relation_changes(None, resolved))
    record("create", conversation, actor, changes)
    refresh_contact_dates(o.id for o in resolved.organisations)
    refresh_consultation(resolved.proposals, (o.id for o in resolved.organisations))
    apply_stances(conversation, resolved.proposals, resolved.organisations, actor)
    if follow_up:
        follow_up.update(
            # An archived organisation can be in the call (through its person) but takes
            # no new follow-ups.
            organisation_id=next((o.id for o in resolved.organisations if not o.archived), None),
            contact_id=resolved.contacts[0].id if resolved.contacts else None,
            proposal_id=next(iter(resolved.proposals)) if len(resolved.proposals) == 1 else None,
        )
        followups.create_follow_up(follow_up, actor, conversation_id=conversation.id)
    return conversation


def _relation_changes(current: Conversation | None, resolved: Resolved) -> dict:
    old = (
        _relations(current)
        if current
        else {"contact_ids": [], "organisation_ids": [], "proposals": {}}
    )
    new = {
        "contact_ids": [c.id for c in resolved.contacts],
        "organisation_ids": [o.id for o in resolved.organisations],
        "proposals": {str(k): v for k, v in resolved.proposals.items()},
    }
    return {key: (old[key], new[key]) for key in new if old[key] != new[key]}


def _relations(conversation: Conversation) -> dict:
    return {
        "contact_ids": [p.contact_id for p in conversation.participants if p.contact_id],
        "organisation_ids": [o.id for o in conversation.organisations],
        "proposals": {str(link.proposal_id): link.stance for link in conversation.proposal_links},
    }


def update_conversation(
    conversation: Conversation, data: dict[str, Any], actor, version: int | None
) -> dict:
    """Save edits from a form built at `version` (refused when stale); erased people stay
    in it, and people archived since are kept if still chosen."""
    check_version(conversation, version)
    resolved = _resolve(data, current=conversation)
    relation_changes = _relation_changes(conversation, resolved)
    organisations_before = [o.id for o in conversation.organisations]
    proposals_before = [link.proposal_id for link in conversation.proposal_links]
    changes = apply_changes(conversation, resolved.values)
    wanted = {c.id for c in resolved.contacts}
    have = {p.contact_id for p in conversation.participants}
    conversation.participants = [
        p for p in conversation.participants if p.contact_id is None or p.contact_id in wanted
    ] + [
        ConversationContact(contact_id=c.id, contact=c)
        for c in resolved.contacts
        if c.id not in have
    ]
    conversation.organisations = resolved.organisations
    links = {link.proposal_id: link for link in conversation.proposal_links}
    for pid, stance in resolved.proposals.items():
        if pid in links:
            links[pid].stance = stance
    conversation.proposal_links = [links[p] for p in links if p in resolved.proposals] + [
        ConversationProposal(proposal_id=pid, stance=stance)
        for pid, stance in resolved.proposals.items()
        if pid not in links
    ]
    changes.update(relation_changes)
    if changes:
        record("update", conversation, actor, changes)
        organisations = organisations_before + [o.id for o in resolved.organisations]
        refresh_contact_dates(organisations)
        if CONSULTATION_CHANGES & changes.keys():
            refresh_consultation(proposals_before + list(resolved.proposals), organisations)
        apply_stances(conversation, resolved.proposals, resolved.organisations, actor)
    return changes


def delete_conversation(conversation: Conversation, actor) -> None:
    """Soft delete: it vanishes from every timeline and count, and stays in the audit log."""
    if conversation.deleted_at is not None:
        return
    conversation.deleted_at = utcnow()
    conversation.deleted_by_id = getattr(actor, "id", None)
    record("delete", conversation, actor, {"deleted_at": (None, conversation.deleted_at)})
    organisations = [o.id for o in conversation.organisations]
    refresh_contact_dates(organisations)
    proposals = select(ConversationProposal.proposal_id).where(
        ConversationProposal.conversation_id == conversation.id
    )
    refresh_consultation(db.session.scalars(proposals).all(), organisations)
