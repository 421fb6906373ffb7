"""Where a contact is mentioned without being linked: every free-text column, audit copies too.

Subject access lists each mention for review; erasure offers to redact each one
(their name becomes "erased contact", their email and phone are removed). A mention
is the person's full name, email address or phone number (however it is spaced).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import select

from crm.audit.models import AuditEntry
from crm.contacts.models import Contact
from crm.conversations.models import Conversation
from crm.coproduction.models import NamingConsent, ResponseAnswer, ResponseRequest
from crm.core.extensions import db
from crm.drafts.models import Draft
from crm.followups.models import FollowUp
from crm.mail.models import OutboxMessage
from crm.organisations.models import Organisation
from crm.proposals.models import Milestone, Proposal, Stake, StatusChange

ERASED_NAME = "erased contact"
EXCERPT = 60  # characters shown either side of a mention

# Every column where people type free text about others. A new Text column must be
# added here or to NOT_FREE_TEXT (tests/privacy/test_mentions.py checks).
FREE_TEXT: tuple[tuple[type, str, str], ...] = (
    (Conversation, "summary", "Conversation summary"),
    (FollowUp, "description", "Follow-up"),
    (Organisation, "description", "Organisation: what they do"),
    (Organisation, "address", "Organisation address"),
    (Organisation, "phone", "Organisation phone"),
    (Organisation, "email", "Organisation email"),
    (Organisation, "tags", "Organisation tags"),
    (Organisation, "area_served", "Organisation area served"),
    (Contact, "notes", "Another contact's notes"),
    (Contact, "best_times", "Another contact's best times"),
    (Contact, "job_title", "Another contact's role"),
    (Contact, "lawful_basis_note", "Another contact's basis note"),
    (Stake, "notes", "Stake notes"),
    (Stake, "agreement_conditions", "Stake: conditions of agreement"),
    (Stake, "waiver_reason", "Stake: why consulting was waived"),
    (Proposal, "summary", "Proposal summary"),
    (Proposal, "decision_body", "Proposal decision body"),
    (Milestone, "name", "Milestone"),
    (StatusChange, "override_reason", "Recorded override reason"),
    (OutboxMessage, "subject", "Email subject"),
    (OutboxMessage, "text_body", "Email sent or queued"),
    (OutboxMessage, "html_body", "Email sent or queued (formatted)"),
    (Organisation, "aliases", "Organisation: also known as"),
    (Draft, "text", "Draft text"),
    (Draft, "note", "Draft: what changed"),
    (NamingConsent, "wording", "Wording asked for in the draft"),
    (NamingConsent, "note", "How they told us about being named"),
    (ResponseRequest, "message", "Request to answer in writing"),
    (ResponseAnswer, "stance_comments", "Written answer: comments"),
    (ResponseAnswer, "agreement_detail", "Written answer: conditions or time needed"),
    (ResponseAnswer, "naming_wording", "Written answer: wording asked for"),
)
AUDIT = "audit_entries"


@dataclass(frozen=True)
class Mention:
    """One place a contact is named: which table, column and row, and the words around it."""

    table: str
    column: str
    record_id: int
    label: str
    excerpt: str

    @property
    def key(self) -> str:
        """'conversations:summary:12': what the erase form posts for this mention."""
        return f"{self.table}:{self.column}:{self.record_id}"


def _phone_pattern(phone: str) -> str | None:
    """A pattern matching a phone number however it was spaced or punctuated."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 6:
        return None
    return r"\+?" + r"[\s().-]*".join(digits)


TITLES = {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "cllr", "rev", "sir", "dame"}


def first_name(name: str) -> str:
    """'Dr Aoife Brennan' -> 'Aoife' (titles skipped)."""
    parts = [part for part in name.split() if part.lower().rstrip(".") not in TITLES]
    return parts[0] if len(parts) > 1 else ""


def _unique_first_name(contact: Contact) -> str:
    """The contact's first name when no other contact shares it (so it alone means them)."""
    first = first_name(contact.name)
    if len(first) < 3:
        return ""
    others = db.session.scalars(
        select(Contact.name).where(Contact.id != contact.id, Contact.name.ilike(f"%{first}%"))
    )
    clash = any(first_name(other).casefold() == first.casefold() for other in others)
    return "" if clash else first


def identity_patterns(contact: Contact) -> list[tuple[re.Pattern, str]]:
    """(pattern, replacement) for the contact's email, phones (however spaced) and full
    name (however spaced), which mean them in any text."""
    found: list[tuple[re.Pattern, str]] = []
    if contact.email:
        found.append((re.compile(re.escape(contact.email), re.IGNORECASE), "(email removed)"))
    for phone in (contact.phone, contact.phone_other):
        pattern = _phone_pattern(phone or "")
        if pattern:
            found.append((re.compile(pattern), "(phone removed)"))
    parts = contact.name.split()
    if parts:
        name = r"\s+".join(re.escape(part) for part in parts)
        found.append((re.compile(rf"(?<!\w){name}(?!\w)", re.IGNORECASE), ERASED_NAME))
    return found


def patterns(contact: Contact) -> list[tuple[re.Pattern, str]]:
    """identity_patterns, and their first name alone when no other contact has it ("three
    referred by Daniel at Northgate")."""
    found = identity_patterns(contact)
    first = _unique_first_name(contact)
    if first:
        found.append((re.compile(rf"(?<!\w){re.escape(first)}(?!\w)"), ERASED_NAME))
    return found


def apply_patterns(found: list[tuple[re.Pattern, str]]) -> Callable[[str | None], str | None]:
    """A function making every replacement in a text (None and "" pass through)."""

    def redact(text: str | None) -> str | None:
        if not text:
            return text
        for pattern, replacement in found:
            text = pattern.sub(replacement, text)
        return text

    return redact


def redactor(contact: Contact) -> Callable[[str | None], str | None]:
    """A function replacing the contact's full name, email and phones in a text."""
    return apply_patterns(patterns(contact))


def _excerpt(text: str, match: re.Match) -> str:
    start, end = max(0, match.start() - EXCERPT), min(len(text), match.end() + EXCERPT)
    return (
        ("…" if start else "")
        + " ".join(text[start:end].split())
        + ("…" if end < len(text) else "")
    )


def _first_match(text: str, found: list[tuple[re.Pattern, str]]) -> re.Match | None:
    matches = [m for pattern, _ in found if (m := pattern.search(text))]
    return min(matches, key=lambda m: m.start()) if matches else None


def _rows(model: type, column: str, exclude_id: int | None) -> Iterator[tuple[int, str]]:
    attribute = getattr(model, column)
    query = select(model.id, attribute).where(attribute.is_not(None), attribute != "")
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    yield from db.session.execute(query.execution_options(yield_per=2000))


def find_mentions(contact: Contact) -> list[Mention]:
    """Every free-text value (and audit copy) naming the contact, outside their own record."""
    found = patterns(contact)
    if not found:
        return []
    mentions = []
    for model, column, label in FREE_TEXT:
        own = contact.id if model is Contact else None
        for record_id, text in _rows(model, column, own):
            match = _first_match(text, found)
            if match:
                excerpt = _excerpt(text, match)
                mentions.append(Mention(model.__tablename__, column, record_id, label, excerpt))
    for entry_id, summary, changes in db.session.execute(
        select(AuditEntry.id, AuditEntry.summary, AuditEntry.changes).execution_options(
            yield_per=2000
        )
    ):
        text = f"{summary or ''} {json.dumps(changes or {}, ensure_ascii=False)}"
        match = _first_match(text, found)
        if match:
            mentions.append(
                Mention(AUDIT, "changes", entry_id, "Audit log copy", _excerpt(text, match))
            )
    return mentions


MODELS = {model.__tablename__: model for model, _, _ in FREE_TEXT}
COLUMNS = {(model.__tablename__, column) for model, column, _ in FREE_TEXT}
