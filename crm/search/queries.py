"""Read side of search: each kind's matches, filtered and ranked, in one statement per kind.

Statements: one per kind searched, one for the conversations' organisations
(selectinload) and one capped count of the matching notes that picks their plan;
pinned by tests/search/test_search_page.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, case, exists, select
from sqlalchemy.orm import joinedload, selectinload

from crm.contacts.models import Contact
from crm.conversations.models import Conversation
from crm.conversations.queries import concerning
from crm.core.extensions import db
from crm.core.fulltext import Backend, backend
from crm.core.searchtext import SearchQuery
from crm.core.vocabulary import Vocabulary
from crm.followups.models import FollowUp
from crm.organisations.models import Organisation
from crm.proposals.models import Proposal, Stake
from crm.search.indexes import INDEXES

# The kinds, in the order the page shows them: names first (exact name matches are the
# likeliest thing wanted), then the notes, newest first.
KINDS = Vocabulary(
    "search kind",
    (
        ("organisations", "Organisations"),
        ("contacts", "Contacts"),
        ("proposals", "Proposals"),
        ("conversations", "Conversations"),
        ("follow_ups", "Follow-ups"),
    ),
)
DATED_KINDS = ("conversations", "follow_ups")  # what a date filter applies to
PER_GROUP = 5  # rows per kind when every kind is shown
PER_PAGE = 25  # rows per page when one kind is chosen
COMMON = 1000  # notes matching at least this many: newest first by the date index


@dataclass
class SearchFilters:
    """What the results are narrowed to (already validated)."""

    kind: str = ""
    organisation: int = 0
    proposal: int = 0
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1

    @property
    def dated(self) -> bool:
        return bool(self.date_from or self.date_to)

    def kinds(self) -> tuple[str, ...]:
        chosen = (self.kind,) if self.kind else tuple(KINDS)
        return tuple(k for k in chosen if k in DATED_KINDS) if self.dated else chosen


@dataclass
class Group:
    """One kind's matches: the rows shown, and whether there are more."""

    kind: str
    rows: list = field(default_factory=list)
    more: bool = False

    @property
    def label(self) -> str:
        return KINDS.label(self.kind)


def _folded_rank(key, folded: str):
    """0 for an exact name match, 1 for a name that starts with the query, 2 otherwise."""
    return case((key == folded, 0), (key.startswith(folded, autoescape=True), 1), else_=2)


def _stake_in(proposal_id: int):
    return select(Stake.organisation_id).where(Stake.proposal_id == proposal_id)


def organisations(engine: Backend, query: SearchQuery, filters: SearchFilters) -> Select:
    found = select(Organisation).where(engine.matches(INDEXES["organisations"], query))
    if filters.organisation:
        found = found.where(Organisation.id == filters.organisation)
    if filters.proposal:
        found = found.where(Organisation.id.in_(_stake_in(filters.proposal)))
    return found.order_by(
        Organisation.archived,
        _folded_rank(Organisation.name_key, query.folded),
        Organisation.name_key,
        Organisation.id,
    )


def contacts(engine: Backend, query: SearchQuery, filters: SearchFilters) -> Select:
    found = (
        select(Contact)
        .where(engine.matches(INDEXES["contacts"], query))
        .options(joinedload(Contact.organisation))
    )
    if filters.organisation:
        found = found.where(Contact.organisation_id == filters.organisation)
    if filters.proposal:
        found = found.where(Contact.organisation_id.in_(_stake_in(filters.proposal)))
    return found.order_by(
        Contact.archived, _folded_rank(Contact.name_key, query.folded), Contact.name_key, Contact.id
    )


def proposals(engine: Backend, query: SearchQuery, filters: SearchFilters) -> Select:
    found = select(Proposal).where(engine.matches(INDEXES["proposals"], query))
    if filters.organisation:
        found = found.where(
            exists().where(
                Stake.proposal_id == Proposal.id, Stake.organisation_id == filters.organisation
            )
        )
    if filters.proposal:
        found = found.where(Proposal.id == filters.proposal)
    # Proposals have no folded title column: the exact title comes first in `search`.
    return found.order_by(Proposal.created_at.desc(), Proposal.id.desc())


def conversations(engine: Backend, query: SearchQuery, filters: SearchFilters) -> Select:
    # Thousands of notes match a common topic ("carers backlog": 1 in 14 on county data):
    # walking the date index newest first stops after a page of them (6 ms) where sorting
    # every match takes 22 ms. Over a few matches, or narrowed to an organisation or a
    # proposal, looking the matches up and sorting them is the quick way (walking the
    # dates for a word in no note read all 200,000: 180 ms on PostgreSQL).
    common = not (filters.organisation or filters.proposal) and engine.common(
        INDEXES["conversations"], query, COMMON
    )
    found = select(Conversation).where(
        engine.matches(INDEXES["conversations"], query, filter_only=common),
        Conversation.deleted_at.is_(None),
    )
    if filters.organisation:
        found = found.where(concerning("organisation", filters.organisation))
    if filters.proposal:
        found = found.where(concerning("proposal", filters.proposal))
    if filters.date_from:
        found = found.where(Conversation.occurred_on >= filters.date_from)
    if filters.date_to:
        found = found.where(Conversation.occurred_on <= filters.date_to)
    # Day, then id: the order of the date index (SQLite's holds the rowid after the date).
    day = engine.newest_first(Conversation.occurred_on, common)
    found = found.order_by(day.desc(), Conversation.id.desc())
    return found.options(selectinload(Conversation.organisations))


def follow_ups(engine: Backend, query: SearchQuery, filters: SearchFilters) -> Select:
    found = (
        select(FollowUp)
        .where(engine.matches(INDEXES["follow_ups"], query))
        .options(joinedload(FollowUp.organisation), joinedload(FollowUp.proposal))
    )
    if filters.organisation:
        found = found.where(FollowUp.organisation_id == filters.organisation)
    if filters.proposal:
        found = found.where(FollowUp.proposal_id == filters.proposal)
    if filters.date_from:
        found = found.where(FollowUp.due_on >= filters.date_from)
    if filters.date_to:
        found = found.where(FollowUp.due_on <= filters.date_to)
    return found.order_by(FollowUp.done, FollowUp.due_on.desc().nulls_last(), FollowUp.id.desc())


SELECTS = {
    "organisations": organisations,
    "contacts": contacts,
    "proposals": proposals,
    "conversations": conversations,
    "follow_ups": follow_ups,
}


def search(query: SearchQuery, filters: SearchFilters) -> list[Group]:
    """Each kind's matches (PER_GROUP each, or a PER_PAGE page of the one kind chosen)."""
    if query.empty:
        return []
    engine = backend()
    single = bool(filters.kind)
    limit = PER_PAGE if single else PER_GROUP
    offset = (max(1, filters.page) - 1) * limit if single else 0
    groups = []
    for kind in filters.kinds():
        statement = SELECTS[kind](engine, query, filters).offset(offset).limit(limit + 1)
        rows = list(db.session.scalars(statement).unique())
        if kind == "proposals":
            rows.sort(key=lambda p: p.title.casefold() != query.text.casefold())
        groups.append(Group(kind, rows[:limit], len(rows) > limit))
    return groups


def organisation_name(organisation_id: int) -> str | None:
    """The name shown for the organisation filter (None if there is no such organisation)."""
    if not organisation_id:
        return None
    return db.session.scalar(select(Organisation.name).where(Organisation.id == organisation_id))


def proposal_choices() -> list[tuple[int, str]]:
    """Every proposal, newest first, for the proposal filter."""
    rows = db.session.execute(
        select(Proposal.id, Proposal.title).order_by(Proposal.created_at.desc(), Proposal.id)
    )
    return [(row.id, row.title) for row in rows]
