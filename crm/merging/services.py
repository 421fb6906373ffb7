"""Merging two duplicates into the one kept: everything moves, audited, in one transaction.

Services flush; the view commits once. Any exception leaves the session to be rolled
back by the caller, so a merge is all or nothing.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update

from crm.audit.services import apply_changes, record
from crm.contacts.models import Contact
from crm.conversations.models import Conversation, ConversationContact, conversation_organisations
from crm.conversations.services import refresh_contact_dates
from crm.coproduction.models import NamingConsent, ResponseAnswer, ResponseRequest
from crm.core.dates import today_london, uk_date
from crm.core.db import utcnow
from crm.core.extensions import db
from crm.followups.models import FollowUp
from crm.mail.models import OutboxMessage
from crm.merging.plans import (
    CONTACT_FIELDS,
    MergeRefused,
    Plan,
    contact_plan,
    merged_aliases,
    organisation_plan,
)
from crm.organisations.models import Organisation
from crm.organisations.services import normalise_tags
from crm.proposals.consultation import refresh_consultation
from crm.proposals.models import Stake
from crm.rules.merging import (
    ORGANISATION_FILL,
    StakeFacts,
    combine_contacts,
    combine_stakes,
    fill_blanks,
    join_notes,
)

STAKE_FIELDS = tuple(StakeFacts.__dataclass_fields__)
# Every column that refers to an organisation or a contact, and so must move in a merge
# (tests/merging/test_references.py fails when a new one appears and is not handled here).
ORGANISATION_REFERENCES = frozenset(
    {
        ("contacts", "organisation_id"),
        ("conversation_organisations", "organisation_id"),
        ("stakes", "organisation_id"),
        ("follow_ups", "organisation_id"),
    }
)
CONTACT_REFERENCES = frozenset(
    {
        ("conversation_contacts", "contact_id"),
        ("stakes", "key_contact_id"),
        ("follow_ups", "contact_id"),
        ("outbox_messages", "to_contact_id"),
        ("response_requests", "contact_id"),
        ("response_answers", "contact_id"),
    }
)


def _check_token(plan: Plan, token: str | None) -> None:
    if not token or token != plan.token:
        raise MergeRefused(
            "Something changed since the preview (an edit, a conversation or a stake). "
            "Look at the preview again and confirm what it now says.",
            409,
        )


def _summary(plan: Plan) -> str:
    moved = "; ".join(f"{move.count} {move.label}" for move in plan.moves if move.count)
    return moved or "nothing else to move"


def _move_rows(model, column: str, old_id: int, new_id: int, actor, what: str) -> int:
    """Point every row of `model` with `column` = old_id at new_id, one audit entry each."""
    rows = list(db.session.scalars(select(model).where(getattr(model, column) == old_id)))
    for row in rows:
        record("update", row, actor, apply_changes(row, {column: new_id}), summary=what)
    return len(rows)


def _stake_facts(stake: Stake) -> StakeFacts:
    return StakeFacts(**{name: getattr(stake, name) for name in STAKE_FIELDS})


def _move_stakes(kept: Organisation, other: Organisation, actor) -> None:
    """Stakes of the other move to the kept one; two in one proposal become one."""
    kept_stakes = {
        s.proposal_id: s
        for s in db.session.scalars(select(Stake).where(Stake.organisation_id == kept.id))
    }
    # Read them all first: the loop flushes and deletes, which must not run under a cursor.
    theirs = list(db.session.scalars(select(Stake).where(Stake.organisation_id == other.id)))
    for stake in theirs:
        into = kept_stakes.get(stake.proposal_id)
        if into is None:
            changes = apply_changes(stake, {"organisation_id": kept.id})
            record("update", stake, actor, changes, summary="Moved in a merge")
            continue
        combined = combine_stakes(_stake_facts(into), _stake_facts(stake))
        changes = apply_changes(into, {name: getattr(combined, name) for name in STAKE_FIELDS})
        record("update", into, actor, changes, summary=f"Combined with stake #{stake.id}")
        for model in (NamingConsent, ResponseRequest):
            _move_rows(model, "stake_id", stake.id, into.id, actor, "Moved in a merge")
        db.session.flush()  # the consents and requests point at the kept stake first
        record(
            "delete",
            stake,
            actor,
            {"organisation_id": (stake.organisation_id, None)},
            summary=f"Combined into stake #{into.id} in a merge",
        )
        db.session.delete(stake)
        db.session.flush()


def _move_conversation_links(other_id: int, kept_id: int, actor) -> None:
    """Conversations with the other now name the kept one (once, if they named both)."""
    table, column = conversation_organisations, "organisation_id"
    ids = list(
        db.session.scalars(select(table.c.conversation_id).where(table.c[column] == other_id))
    )
    if not ids:
        return
    both = set(
        db.session.scalars(
            select(table.c.conversation_id).where(
                table.c[column] == kept_id, table.c.conversation_id.in_(ids)
            )
        )
    )
    if both:
        db.session.execute(
            delete(table).where(table.c[column] == other_id, table.c.conversation_id.in_(both))
        )
    db.session.execute(update(table).where(table.c[column] == other_id).values({column: kept_id}))
    for conversation_id in ids:
        record(
            "update",
            None,
            actor,
            {column: (other_id, kept_id)},
            summary="Moved in a merge",
            entity_type=Conversation.__tablename__,
            entity_id=conversation_id,
        )


def merge_organisations(kept_id: int, other_id: int, token: str | None, actor) -> Plan:
    """Merge organisation `other_id` into `kept_id` as previewed (`token`); returns the plan.

    Contacts, conversations, stakes (combined per crm/rules/merging.py where both have
    one in a proposal), follow-ups and, through the stakes, requests, answers and
    consents move; the kept one gains the other's name as an also-known-as name, its
    tags and the details it lacked; the other is archived with a note.
    """
    plan = organisation_plan(kept_id, other_id)
    _check_token(plan, token)
    kept, other = plan.kept, plan.other
    _move_rows(Contact, "organisation_id", other.id, kept.id, actor, "Moved in a merge")
    _move_conversation_links(other.id, kept.id, actor)
    _move_stakes(kept, other, actor)
    _move_rows(FollowUp, "organisation_id", other.id, kept.id, actor, "Moved in a merge")
    values = fill_blanks(
        {name: getattr(kept, name) for name in ORGANISATION_FILL},
        {name: getattr(other, name) for name in ORGANISATION_FILL},
        ORGANISATION_FILL,
    )
    values["aliases"] = merged_aliases(kept, other)
    values["tags"] = normalise_tags(f"{kept.tags},{other.tags}")
    changes = apply_changes(kept, values)
    changes["merged_from"] = (None, other.id)
    record(
        "merge", kept, actor, changes, summary=f"Merged #{other.id} into this one: {_summary(plan)}"
    )
    note = f"Merged into {kept.name} on {uk_date(today_london())}."
    other_changes = apply_changes(
        other,
        {
            "archived": True,
            "archived_at": utcnow(),
            "description": join_notes(note, other.description),
        },
    )
    other_changes["merged_into"] = (None, kept.id)
    record("merge", other, actor, other_changes, summary=f"Merged into #{kept.id}")
    db.session.flush()
    refresh_contact_dates([kept.id, other.id])
    refresh_consultation(organisation_ids=[kept.id, other.id])
    return plan


def merge_contacts(kept_id: int, other_id: int, token: str | None, actor) -> Plan:
    """Merge contact `other_id` into `kept_id` as previewed (`token`); returns the plan.

    Conversations, key-contact references on stakes of the kept contact's organisation
    (others are cleared: a key contact must work there), follow-ups, emails, requests
    and answers move; the kept contact takes the details it lacked (the rule in
    crm/rules/merging.py); the other is archived with a note.
    """
    plan = contact_plan(kept_id, other_id)
    _check_token(plan, token)
    kept, other = plan.kept, plan.other
    values = combine_contacts(
        {name: getattr(kept, name) for name in CONTACT_FIELDS},
        {name: getattr(other, name) for name in CONTACT_FIELDS},
    )
    changes = apply_changes(kept, values)
    changes["merged_from"] = (None, other.id)
    record(
        "merge", kept, actor, changes, summary=f"Merged #{other.id} into this one: {_summary(plan)}"
    )
    _move_people_in_conversations(kept, other, actor)
    for stake in db.session.scalars(select(Stake).where(Stake.key_contact_id == other.id)):
        new = kept.id if stake.organisation_id == kept.organisation_id else None
        changes = apply_changes(stake, {"key_contact_id": new})
        record("update", stake, actor, changes, summary="Key contact merged")
    for model, column in (
        (FollowUp, "contact_id"),
        (OutboxMessage, "to_contact_id"),
        (ResponseRequest, "contact_id"),
        (ResponseAnswer, "contact_id"),
    ):
        _move_rows(model, column, other.id, kept.id, actor, "Moved in a merge")
    # The id, not the name: the duplicate should not hold more about anyone than it did.
    note = f"Merged into contact #{kept.id} on {uk_date(today_london())}."
    other_changes = apply_changes(
        other,
        {"archived": True, "archived_at": utcnow(), "notes": join_notes(note, other.notes)},
    )
    other_changes["merged_into"] = (None, kept.id)
    record("merge", other, actor, other_changes, summary=f"Merged into #{kept.id}")
    db.session.flush()
    return plan


def _move_people_in_conversations(kept: Contact, other: Contact, actor) -> None:
    rows = list(
        db.session.scalars(
            select(ConversationContact).where(ConversationContact.contact_id == other.id)
        )
    )
    already = set(
        db.session.scalars(
            select(ConversationContact.conversation_id).where(
                ConversationContact.contact_id == kept.id,
                ConversationContact.conversation_id.in_([row.conversation_id for row in rows]),
            )
        )
    )
    for row in rows:
        record(
            "update",
            None,
            actor,
            {"contact_id": (other.id, kept.id)},
            summary="Moved in a merge",
            entity_type=Conversation.__tablename__,
            entity_id=row.conversation_id,
        )
        if row.conversation_id in already:
            db.session.delete(row)
        else:
            row.contact_id = kept.id
