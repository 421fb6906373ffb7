"""Erasure (UK GDPR right to erasure) of contacts, one or many."""

from __future__ import annotations

import logging
import re

from sqlalchemy import select, update

from crm.audit.services import record
from crm.contacts.models import Contact
from crm.conversations.models import Conversation, ConversationContact
from crm.coproduction.models import ResponseAnswer, ResponseRequest
from crm.core.extensions import db
from crm.followups.models import FollowUp
from crm.proposals.models import Stake

ERASED_NAME = "erased contact"
log = logging.getLogger(__name__)


def _phone_pattern(phone: str) -> str | None:
    """A pattern matching a phone number however it was spaced or punctuated."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 6:
        return None
    return r"\+?" + r"[\s().-]*".join(digits)


def scrubber(contact: Contact):
    """A function that replaces the contact's name, email and phones in free text."""
    patterns: list[tuple[re.Pattern, str]] = []
    if contact.email:
        patterns.append((re.compile(re.escape(contact.email), re.IGNORECASE), "(email removed)"))
    for phone in (contact.phone, contact.phone_other):
        pattern = _phone_pattern(phone or "")
        if pattern:
            patterns.append((re.compile(pattern), "(phone removed)"))
    name = " ".join(contact.name.split())
    if name:
        patterns.append((re.compile(re.escape(name), re.IGNORECASE), ERASED_NAME))
        # In text about this person, their first or last name alone means them too.
        for part in sorted(set(name.split()), key=len, reverse=True):
            if len(part) >= 3:
                patterns.append(
                    (
                        re.compile(r"(?<!\w)" + re.escape(part) + r"(?!\w)", re.IGNORECASE),
                        ERASED_NAME,
                    )
                )

    def scrub(text: str | None) -> str | None:
        if not text:
            return text
        for pattern, replacement in patterns:
            text = pattern.sub(replacement, text)
        return text

    return scrub


def erase_contact(contact: Contact, actor) -> dict[str, int]:
    """Delete a contact and every trace of them; linked records stay, without the link.

    Conversations they were in keep their text with the person replaced by
    "erased contact"; follow-ups and stakes lose the link (and mentions of them
    in their text); the audit log gets an "erase" entry with only the id and counts
    (it never held their details: crm/audit/services.py redacts personal values).
    """
    contact_id = contact.id
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
    db.session.delete(contact)
    counts = {
        "conversations_kept": len(conversations),
        "follow_ups_unlinked": len(follow_ups),
        "stakes_unlinked": len(stakes),
        "written_answers_kept": len(answers),
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
    """Erase several contacts (retention review); returns how many were erased."""
    contacts = db.session.scalars(select(Contact).where(Contact.id.in_(contact_ids))).all()
    for contact in contacts:
        erase_contact(contact, actor)
    return len(contacts)


def purge_deleted_bytes() -> bool:
    """After an erasure commits: copy the SQLite WAL into the file and empty it.

    secure_delete (crm/storage.py) zeroes deleted rows in the database file, but
    older copies of the pages can sit in the -wal file until a checkpoint. A
    TRUNCATE checkpoint removes them. Returns False if readers kept it from
    finishing (a later checkpoint will). PostgreSQL keeps dead rows until VACUUM
    reuses the space; see the report notes in crm/privacy/README.
    """
    if db.engine.dialect.name != "sqlite":
        return True
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
