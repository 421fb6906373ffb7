"""Read side for conversations: timelines, the list with filters, the log form's pickers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from crm.contacts.models import Contact
from crm.contacts.queries import active_contacts
from crm.conversations.models import (
    Conversation,
    ConversationContact,
    ConversationProposal,
    conversation_organisations,
)
from crm.core.extensions import db
from crm.organisations.models import Organisation
from crm.organisations.queries import like_pattern

TIMELINE_LIMIT = 50
PICKER_LIMIT = 20
TIMELINE_KINDS = ("organisation", "contact", "proposal")


def display_options() -> tuple:
    """Eager loads for showing conversations: two statements, however many rows.

    Who logged it, its people and its proposals come joined to the conversations (a
    conversation has a handful of each, through association rows, so the joins stay flat);
    the organisations come in a second statement: a joined many-to-many renders a nested
    join that SQLite materialises whole (1.5 s on county data). Results need `.unique()`.
    """
    return (
        joinedload(Conversation.logged_by),
        joinedload(Conversation.participants).joinedload(ConversationContact.contact),
        joinedload(Conversation.proposal_links).joinedload(ConversationProposal.proposal),
        selectinload(Conversation.organisations),
    )


def newest_first(query: Select) -> Select:
    """Order by when it happened, then by when it was logged."""
    return query.order_by(
        Conversation.occurred_on.desc(),
        Conversation.occurred_at.desc().nulls_last(),
        Conversation.id.desc(),
    )


def concerning(kind: str, record_id: int):
    """A condition: the conversation involves this organisation, contact or proposal."""
    if kind == "organisation":
        ids = select(conversation_organisations.c.conversation_id).where(
            conversation_organisations.c.organisation_id == record_id
        )
    elif kind == "contact":
        ids = select(ConversationContact.conversation_id).where(
            ConversationContact.contact_id == record_id
        )
    elif kind == "proposal":
        ids = select(ConversationProposal.conversation_id).where(
            ConversationProposal.proposal_id == record_id
        )
    else:
        raise ValueError(f"no timeline for {kind!r}")
    # PostgreSQL would otherwise walk every conversation newest first until it found a
    # page of this record's (24,000 rows and 100 ms for a busy organisation on county
    # data); a materialised list of the record's conversations makes it 6 ms. SQLite
    # picks the good plan by itself (and only knows MATERIALIZED from 3.35).
    listed = ids.cte(f"{kind}_conversations").prefix_with("MATERIALIZED", dialect="postgresql")
    return Conversation.id.in_(select(listed.c.conversation_id))


def timeline(
    kind: str, record_id: int, offset: int = 0, limit: int = TIMELINE_LIMIT
) -> tuple[list[Conversation], bool]:
    """One page of a record's conversations, newest first, and whether there are more."""
    query = newest_first(
        select(Conversation)
        .where(concerning(kind, record_id), Conversation.deleted_at.is_(None))
        .options(*display_options())
    )
    rows = list(db.session.scalars(query.offset(max(0, offset)).limit(limit + 1)).unique())
    return rows[:limit], len(rows) > limit


def conversation(conversation_id: int) -> Conversation:
    """One live conversation with everything the form and timeline show (404 otherwise)."""
    return db.first_or_404(
        select(Conversation)
        .where(Conversation.id == conversation_id, Conversation.deleted_at.is_(None))
        .options(*display_options())
    )


@dataclass
class ConversationFilters:
    """What the conversations list was asked for (already validated by the form)."""

    q: str = ""
    organisation: int = 0
    contact: int = 0
    channel: str = ""
    outcome: str = ""
    date_from: date | None = None
    date_to: date | None = None
    logged_by: int = 0
    proposal: int = 0

    def as_args(self) -> dict:
        """The filters as query-string arguments, for the pager."""
        args = {
            "q": self.q,
            "organisation": self.organisation,
            "contact": self.contact,
            "channel": self.channel,
            "outcome": self.outcome,
            "date_from": self.date_from.strftime("%d/%m/%Y") if self.date_from else "",
            "date_to": self.date_to.strftime("%d/%m/%Y") if self.date_to else "",
            "logged_by": self.logged_by,
            "proposal": self.proposal,
        }
        return {key: value for key, value in args.items() if value not in ("", 0, None)}


def list_query(filters: ConversationFilters) -> Select:
    """Live conversations, filtered, newest first."""
    query = select(Conversation).where(Conversation.deleted_at.is_(None))
    if filters.q:
        pattern = like_pattern(filters.q)
        query = query.where(func.lower(Conversation.summary).like(pattern, escape="\\"))
    if filters.organisation:
        query = query.where(concerning("organisation", filters.organisation))
    if filters.contact:
        query = query.where(concerning("contact", filters.contact))
    if filters.proposal:
        query = query.where(concerning("proposal", filters.proposal))
    if filters.channel:
        query = query.where(Conversation.channel == filters.channel)
    if filters.outcome:
        query = query.where(Conversation.outcome == filters.outcome)
    if filters.date_from:
        query = query.where(Conversation.occurred_on >= filters.date_from)
    if filters.date_to:
        query = query.where(Conversation.occurred_on <= filters.date_to)
    if filters.logged_by:
        query = query.where(Conversation.logged_by_id == filters.logged_by)
    return newest_first(query.options(*display_options()))


# --- Pickers for the log form ---------------------------------------------------------


def contacts_by_ids(ids: list[int]) -> list[Contact]:
    """Contacts with their organisations, in the order given (unknown ids dropped)."""
    if not ids:
        return []
    rows = db.session.scalars(
        select(Contact).where(Contact.id.in_(ids)).options(joinedload(Contact.organisation))
    )
    found = {c.id: c for c in rows}
    return [found[i] for i in ids if i in found]


def organisations_by_ids(ids: list[int]) -> list[Organisation]:
    """Organisations in the order given (unknown ids dropped)."""
    if not ids:
        return []
    found = {
        o.id: o for o in db.session.scalars(select(Organisation).where(Organisation.id.in_(ids)))
    }
    return [found[i] for i in ids if i in found]


def search_contacts(q: str, exclude: list[int], limit: int = PICKER_LIMIT) -> list[Contact]:
    """Active contacts whose name, email, job title or organisation matches."""
    query = active_contacts()
    if q:
        pattern = like_pattern(q)
        query = query.where(
            or_(
                func.lower(Contact.name).like(pattern, escape="\\"),
                Contact.email.like(pattern, escape="\\"),
                func.lower(Contact.job_title).like(pattern, escape="\\"),
                Organisation.name_key.like(pattern, escape="\\"),
            )
        )
    if exclude:
        query = query.where(Contact.id.not_in(exclude))
    return list(
        db.session.scalars(query.order_by(func.lower(Contact.name), Contact.id).limit(limit))
    )


def suggested_contacts(organisation_ids: list[int], exclude: list[int]) -> list[Contact]:
    """Active people at these organisations not chosen yet: one tap to add them."""
    if not organisation_ids:
        return []
    query = active_contacts().where(Contact.organisation_id.in_(organisation_ids))
    if exclude:
        query = query.where(Contact.id.not_in(exclude))
    query = query.order_by(Organisation.name_key, func.lower(Contact.name)).limit(PICKER_LIMIT)
    return list(db.session.scalars(query))


def all_active_contacts() -> list[Contact]:
    """Every active contact grouped by organisation (the picker without JavaScript)."""
    query = active_contacts().order_by(
        Organisation.name_key.nulls_last(), func.lower(Contact.name), Contact.id
    )
    return list(db.session.scalars(query))


def search_organisations(
    q: str, exclude: list[int], limit: int = PICKER_LIMIT
) -> list[Organisation]:
    """Active organisations whose name matches."""
    query = select(Organisation).where(Organisation.archived.is_(False))
    if q:
        query = query.where(Organisation.name_key.like(like_pattern(q), escape="\\"))
    if exclude:
        query = query.where(Organisation.id.not_in(exclude))
    return list(db.session.scalars(query.order_by(Organisation.name_key).limit(limit)))


def all_active_organisations() -> list[tuple[int, str]]:
    """Every active organisation as (id, name)."""
    rows = db.session.execute(
        select(Organisation.id, Organisation.name)
        .where(Organisation.archived.is_(False))
        .order_by(Organisation.name_key)
    )
    return [(row.id, row.name) for row in rows]
