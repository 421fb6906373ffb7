"""Erasure (UK GDPR right to erasure) of contacts, one or many."""

from __future__ import annotations

import logging
import re

from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from crm.audit.queries import merged_into_ids
from crm.audit.services import record, redact_entries
from crm.contacts.models import Contact
from crm.conversations.models import Conversation, ConversationContact
from crm.coproduction.models import ResponseAnswer, ResponseRequest
from crm.core.extensions import db
from crm.followups.models import FollowUp
from crm.mail.models import OutboxMessage
from crm.privacy import mentions
from crm.proposals.models import Stake

ERASED_NAME = mentions.ERASED_NAME
log = logging.getLogger(__name__)


def scrubber(contact: Contact):
    """A function that replaces the contact's name, email and phones in the text of records
    linked to them, where their first or last name alone means them too."""
    found = mentions.identity_patterns(contact)
    for part in sorted(set(contact.name.split()), key=len, reverse=True):
        if len(part) >= 3:
            pattern = re.compile(r"(?<!\w)" + re.escape(part) + r"(?!\w)", re.IGNORECASE)
            found.append((pattern, ERASED_NAME))
    return mentions.apply_patterns(found)


def redact_mentions(contact: Contact, keys: set[str] | None = None) -> dict[str, int]:
    """Redact the contact's name, email and phones where free text mentions them without a
    link (crm/privacy/mentions.py): each mention whose key is in `keys`, or all of them."""
    redact = mentions.redactor(contact)
    chosen = [m for m in mentions.find_mentions(contact) if keys is None or m.key in keys]
    audit_ids = [m.record_id for m in chosen if m.table == mentions.AUDIT]
    redacted = 0
    for mention in chosen:
        if (
            mention.table == mentions.AUDIT
            or (mention.table, mention.column) not in mentions.COLUMNS
        ):
            continue
        row = db.session.get(mentions.MODELS[mention.table], mention.record_id)
        if row is not None:
            setattr(row, mention.column, redact(getattr(row, mention.column)))
            redacted += 1
    return {
        "mentions_redacted": redacted,
        "audit_entries_redacted": redact_entries(audit_ids, redact),
    }


def erase_contact(contact: Contact, actor, mention_keys: set[str] | None = None) -> dict[str, int]:
    """Delete a contact and every trace of them; linked records stay, without the link.

    Conversations they were in keep their text with the person replaced by
    "erased contact"; follow-ups and stakes lose the link (and mentions of them
    in their text); the audit log gets an "erase" entry with only the id and counts
    (it never held their details: crm/audit/services.py redacts personal values).
    """
    contact_id = contact.id
    # A duplicate merged into this person (crm/merging) is archived with their old details:
    # it is the same person, so it is erased too.
    for duplicate_id in merged_into_ids("contacts", contact_id):
        duplicate = db.session.get(Contact, duplicate_id)
        if duplicate is not None:
            erase_contact(duplicate, actor, mention_keys)
    scrub = scrubber(contact)
    conversation_ids = select(ConversationContact.conversation_id).where(
        ConversationContact.contact_id == contact_id
    )
    conversations = db.session.scalars(
        select(Conversation).where(Conversation.id.in_(conversation_ids))
    ).all()
    for conversation in conversations:
        conversation.summary = scrub(conversation.summary) or ""
    db.session.execute(
        update(ConversationContact)
        .where(ConversationContact.contact_id == contact_id)
        .values(contact_id=None)
    )
    follow_ups = db.session.scalars(select(FollowUp).where(FollowUp.contact_id == contact_id)).all()
    for follow_up in follow_ups:
        follow_up.description = scrub(follow_up.description) or ""
        follow_up.contact_id = None
    stakes = db.session.scalars(select(Stake).where(Stake.key_contact_id == contact_id)).all()
    for stake in stakes:
        stake.notes = scrub(stake.notes) or ""
        stake.agreement_conditions = scrub(stake.agreement_conditions) or ""
        stake.key_contact_id = None  # a versioned row: open stake forms will be told
    # Emails to them (queued or sent) hold their address and words written to them.
    emails = db.session.execute(
        delete(OutboxMessage).where(OutboxMessage.to_contact_id == contact_id)
    ).rowcount
    requests = db.session.scalars(
        select(ResponseRequest).where(ResponseRequest.contact_id == contact_id)
    ).all()
    for request in requests:
        request.message = scrub(request.message) or ""
        request.contact_id = None
    answers = db.session.scalars(
        select(ResponseAnswer).where(ResponseAnswer.contact_id == contact_id)
    ).all()
    for answer in answers:
        # The organisation's answer stays, from "erased contact" (ResponseAnswer.responder).
        answer.responder_name = answer.responder_role = ""
        for field in ("stance_comments", "agreement_detail", "naming_wording"):
            setattr(answer, field, scrub(getattr(answer, field)) or "")
        answer.contact_id = None
    redacted = redact_mentions(contact, mention_keys)  # after the linked rows: one change each
    db.session.delete(contact)
    counts = {
        "conversations_kept": len(conversations),
        "follow_ups_unlinked": len(follow_ups),
        "stakes_unlinked": len(stakes),
        "written_answers_kept": len(answers),
        **redacted,
        "emails_deleted": emails or 0,
    }
    record(
        "erase",
        None,
        actor,
        {key: (None, value) for key, value in counts.items()},
        summary="Contact erased: their details were deleted.",
        entity_type="contacts",
        entity_id=contact_id,
    )
    db.session.flush()
    return counts


def erase_contacts(contact_ids: list[int], actor) -> int:
    """Erase several contacts (retention review), redacting every mention of each;
    returns how many were erased."""
    contacts = db.session.scalars(select(Contact).where(Contact.id.in_(contact_ids))).all()
    for contact in contacts:
        erase_contact(contact, actor)
    return len(contacts)


# Tables an erasure may change (rows deleted or rewritten): VACUUMed after it on PostgreSQL.
ERASURE_TABLES = (
    "contacts",
    "conversation_contacts",
    "conversations",
    "follow_ups",
    "stakes",
    "organisations",
    "proposals",
    "milestones",
    "status_changes",
    "audit_entries",
)


def purge_deleted_bytes() -> bool:
    """After an erasure commits, remove the old row versions that still hold the data.

    SQLite: secure_delete (crm/storage.py) zeroes deleted rows in the database file,
    but older copies of the pages can sit in the -wal file until a checkpoint; a
    TRUNCATE checkpoint removes them. PostgreSQL keeps a deleted or updated row's old
    version (and its index entries, such as the email in ix_contacts_email) until
    VACUUM; VACUUM (INDEX_CLEANUP ON) of the touched tables removes them from the heap
    and from every index (README, "What erasure guarantees"). Returns False if another
    transaction kept it from finishing (a later checkpoint or autovacuum will).
    """
    if db.engine.dialect.name == "postgresql":
        return _vacuum(ERASURE_TABLES)
    if db.engine.dialect.name != "sqlite":
        return True
    _merge_text_indexes()
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        busy, _log_frames, _checkpointed = cursor.execute(
            "PRAGMA wal_checkpoint(TRUNCATE)"
        ).fetchone()
        cursor.close()
    finally:
        raw.close()
    if busy:
        log.warning("erasure: WAL checkpoint could not finish; it will on a later checkpoint")
    return not busy


def _merge_text_indexes() -> None:
    """Merge every SQLite full-text index (FTS5, crm/search) into one segment.

    A deleted row's words are only marked deleted in FTS5: the older index segments keep
    them (lower-cased: "gwenllian") until a merge rewrites them; secure_delete then zeroes
    the freed pages. One 'optimize' per index, a second or so on county data.
    """
    with db.engine.begin() as conn:
        names = (
            conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'"
            )
            .scalars()
            .all()
        )
        for name in names:
            # Names from sqlite_master, not from anyone's input.
            conn.exec_driver_sql(f'INSERT INTO "{name}"("{name}") VALUES (\'optimize\')')  # noqa: S608  # nosec B608


def _vacuum(tables: tuple[str, ...]) -> bool:
    """VACUUM outside any transaction (it cannot run inside one)."""
    try:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in tables:
                conn.execute(text(f"VACUUM (INDEX_CLEANUP ON) {table}"))
    except DBAPIError:
        log.warning("erasure: VACUUM did not finish; autovacuum will remove old row versions")
        return False
    return True
