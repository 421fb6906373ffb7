"""Each kind's full-text index, as migration s34rch000018 made it."""

from __future__ import annotations

from crm.contacts.queries import NAME_INDEX as CONTACT_NAMES
from crm.core.fulltext import TextIndex, rebuild
from crm.organisations.queries import NAME_INDEX as ORGANISATION_NAMES

INDEXES = {
    "organisations": ORGANISATION_NAMES,
    "contacts": CONTACT_NAMES,
    "conversations": TextIndex(
        table="conversations",
        sqlite_index="search_conversation_words",
        pg_text="conversations.search_words",
        words=True,
    ),
    "follow_ups": TextIndex(
        table="follow_ups",
        sqlite_index="search_follow_up_words",
        pg_text="follow_ups.search_words",
        words=True,
    ),
    "proposals": TextIndex(
        table="proposals",
        sqlite_index="search_proposal_words",
        pg_text="proposals.search_words",
        words=True,
    ),
}


def rebuild_indexes() -> float:
    """Rebuild every search index from its table (`flask crm search-reindex`, and
    `flask crm reindex` with the other kept values); returns the seconds it took."""
    return rebuild(INDEXES.values())
