"""Read side of privacy: the retention review and everything held about one contact."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import and_, func, inspect, or_, select
from sqlalchemy.orm import selectinload

from crm.audit.models import AuditEntry
from crm.auth.models import User
from crm.contacts.models import Contact
from crm.conversations.models import Conversation, ConversationContact, ConversationProposal
from crm.coproduction.models import ResponseAnswer, ResponseRequest
from crm.core.dates import LONDON, today_london
from crm.core.extensions import db
from crm.followups.models import FollowUp
from crm.mail.models import OutboxMessage
from crm.organisations.models import Organisation
from crm.privacy.mentions import find_mentions
from crm.proposals.models import Proposal, Stake
from crm.settings.models import Settings

DEFAULT_RETENTION_YEARS = 6


def retention_years() -> int:
    """The configured retention period (Settings), or the default."""
    years = db.session.scalar(select(Settings.retention_years).order_by(Settings.id).limit(1))
    return years or DEFAULT_RETENTION_YEARS


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 Feb becomes 28 Feb)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def last_conversation_subquery():
    """Latest (not deleted) conversation date per contact, as a correlated scalar."""
    return (
        select(func.max(Conversation.occurred_on))
        .join(ConversationContact, ConversationContact.conversation_id == Conversation.id)
        .where(ConversationContact.contact_id == Contact.id, Conversation.deleted_at.is_(None))
        .correlate(Contact)
        .scalar_subquery()
    )


def retention_query(years: int, today: date | None = None):
    """Contacts with no conversation in `years` years (and added before then), oldest first."""
    cutoff = years_before(today or today_london(), years)
    cutoff_at = datetime.combine(cutoff, time.min, tzinfo=LONDON).astimezone(UTC)
    last = last_conversation_subquery()
    return (
        select(Contact)
        .options(selectinload(Contact.organisation))
        .where(
            or_(
                last < cutoff,
                and_(last.is_(None), Contact.created_at < cutoff_at),
            )
        )
        .order_by(last.asc().nulls_first(), Contact.created_at, Contact.id)
    )


def due_ids(contact_ids: list[int], years: int, today: date | None = None) -> list[int]:
    """Those of `contact_ids` that are due for review (bulk erase only erases these)."""
    query = retention_query(years, today).where(Contact.id.in_(contact_ids))
    return list(db.session.scalars(query.with_only_columns(Contact.id)))


def last_conversations(contacts: list[Contact]) -> dict[int, date | None]:
    """{contact id: date of their latest conversation} for one page (one statement)."""
    if not contacts:
        return {}
    rows = db.session.execute(
        select(Contact.id, last_conversation_subquery()).where(
            Contact.id.in_([contact.id for contact in contacts])
        )
    )
    return dict(rows.tuples().all())


def row_dict(obj: Any) -> dict[str, Any]:
    """Every column of a mapped row, by attribute name."""
    mapper = inspect(obj).mapper
    return {column.key: getattr(obj, column.key) for column in mapper.column_attrs}


def subject_access(contact_id: int) -> dict[str, Any]:
    """Everything held about one contact, for a subject access request (404 when missing).

    Other people named in the same conversations are left out (their data, not
    the requester's); the requester's own words and details are all here.
    """
    contact = db.first_or_404(
        select(Contact).where(Contact.id == contact_id).options(selectinload(Contact.organisation))
    )
    conversations = db.session.scalars(
        select(Conversation)
        .where(
            Conversation.id.in_(
                select(ConversationContact.conversation_id).where(
                    ConversationContact.contact_id == contact_id
                )
            )
        )
        .options(
            selectinload(Conversation.organisations),
            selectinload(Conversation.proposal_links).selectinload(ConversationProposal.proposal),
            selectinload(Conversation.logged_by),
        )
        .order_by(Conversation.occurred_on, Conversation.id)
    ).all()
    follow_ups = db.session.scalars(
        select(FollowUp)
        .where(FollowUp.contact_id == contact_id)
        .options(selectinload(FollowUp.owner))
        .order_by(FollowUp.id)
    ).all()
    stakes = db.session.scalars(
        select(Stake)
        .where(Stake.key_contact_id == contact_id)
        .options(selectinload(Stake.organisation), selectinload(Stake.proposal))
        .order_by(Stake.id)
    ).all()
    emails = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.to_contact_id == contact_id)
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    ).all()
    requests = db.session.execute(
        select(ResponseRequest, Organisation.name, Proposal.title)
        .join(Stake, Stake.id == ResponseRequest.stake_id)
        .join(Organisation, Organisation.id == Stake.organisation_id)
        .join(Proposal, Proposal.id == Stake.proposal_id)
        .where(ResponseRequest.contact_id == contact_id)
        .order_by(ResponseRequest.id)
    ).all()
    answers = db.session.execute(
        select(ResponseAnswer, Proposal.title)
        .join(ResponseRequest, ResponseRequest.id == ResponseAnswer.request_id)
        .join(Stake, Stake.id == ResponseRequest.stake_id)
        .join(Proposal, Proposal.id == Stake.proposal_id)
        .where(ResponseAnswer.contact_id == contact_id)
        .order_by(ResponseAnswer.submitted_at, ResponseAnswer.id)
    ).all()
    audit = db.session.execute(
        select(AuditEntry, User.name)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .where(AuditEntry.entity_type == "contacts", AuditEntry.entity_id == contact_id)
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    return {
        "mentions": [
            {"where": m.label, "record": f"{m.table} {m.record_id}", "text": m.excerpt}
            for m in find_mentions(contact)
        ],
        "contact": row_dict(contact),
        "organisation": _organisation(contact.organisation),
        "conversations": [
            {
                **row_dict(c),
                "logged_by": c.logged_by.name if c.logged_by else None,
                "organisations": sorted(o.name for o in c.organisations),
                "proposals": sorted(link.proposal.title for link in c.proposal_links),
            }
            for c in conversations
        ],
        "follow_ups": [
            {**row_dict(f), "owner": f.owner.name if f.owner else None} for f in follow_ups
        ],
        "stakes_as_key_contact": [
            {**row_dict(s), "organisation": s.organisation.name, "proposal": s.proposal.title}
            for s in stakes
        ],
        "emails": [row_dict(m) for m in emails],
        # The secret link is never exported (only its hash is held, and that is not theirs).
        "requests_in_writing": [
            {
                **{k: v for k, v in row_dict(r).items() if k != "token_hash"},
                "organisation": organisation,
                "proposal": title,
            }
            for r, organisation, title in requests
        ],
        "written_answers": [{**row_dict(a), "proposal": title} for a, title in answers],
        "audit_log": [
            {
                "at": entry.at,
                "by": name,
                "action": entry.action,
                "fields_changed": sorted(entry.changes or {}),
            }
            for entry, name in audit
        ],
    }


def _organisation(organisation: Organisation | None) -> dict | None:
    if organisation is None:
        return None
    return {"id": organisation.id, "name": organisation.name}


# The export's section for each table that refers to a contact. A new table with a
# foreign key to contacts must be added here and to subject_access (a test checks).
SECTIONS_BY_TABLE = {
    ConversationContact.__tablename__: "conversations",
    FollowUp.__tablename__: "follow_ups",
    Stake.__tablename__: "stakes_as_key_contact",
    OutboxMessage.__tablename__: "emails",
    ResponseRequest.__tablename__: "requests_in_writing",
    ResponseAnswer.__tablename__: "written_answers",
}


def contact_for_erasure(contact_id: int) -> Contact:
    """The contact with their organisation (404 when missing)."""
    return db.first_or_404(
        select(Contact).where(Contact.id == contact_id).options(selectinload(Contact.organisation))
    )


def link_counts(contact_id: int) -> dict[str, int]:
    """How many conversations, follow-ups and stakes refer to the contact."""

    def count(column) -> int:
        return db.session.scalar(select(func.count()).where(column == contact_id)) or 0

    return {
        "conversations": count(ConversationContact.contact_id),
        "follow_ups": count(FollowUp.contact_id),
        "stakes": count(Stake.key_contact_id),
    }
