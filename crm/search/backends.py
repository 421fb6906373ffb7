"""One interface, a backend per database: a SearchQuery as a WHERE condition on an index.

Names (organisations, contacts) match by substring: every word must appear somewhere in
the folded name, also-known-as, tags, email, or the phone's digits. Notes (conversation
summaries, follow-ups, proposals) match by word: English stems, phrases in quotes, the
last word as a prefix. Both read an index, never the table:

- SQLite: FTS5 tables kept by triggers (the search migration): `search_*_names` with
  the trigram tokenizer, `search_*_words` with porter and unicode61 (accents removed).
- PostgreSQL: GIN expression indexes: pg_trgm on crm_fold(...) and to_tsvector over the
  'crm_english' configuration; the expressions here repeat the migration's exactly.
"""

from __future__ import annotations

from itertools import count

from sqlalchemy import ColumnElement, and_, or_, text

from crm.core.extensions import db
from crm.rules.search import SearchQuery

NAME_KINDS = ("organisations", "contacts")
NOTE_KINDS = ("conversations", "follow_ups", "proposals")
MIN_TRIGRAM = 3  # the trigram index cannot find a shorter word


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Backend:
    """Conditions that select the ids of one kind's rows matching a query."""

    def __init__(self) -> None:
        self._names = count()

    def param(self) -> str:
        """A bind parameter name unique within this backend's statements."""
        return f"search_{next(self._names)}"

    def matches(self, kind: str, query: SearchQuery) -> ColumnElement[bool]:
        if kind in NAME_KINDS:
            return self.names(kind, query)
        return self.words(kind, query)

    def names(self, kind: str, query: SearchQuery) -> ColumnElement[bool]:
        raise NotImplementedError

    def words(self, kind: str, query: SearchQuery) -> ColumnElement[bool]:
        raise NotImplementedError


# Each kind's table and, on SQLite, its FTS5 index.
TABLES = {
    "organisations": ("organisations", "search_organisation_names"),
    "contacts": ("contacts", "search_contact_names"),
    "conversations": ("conversations", "search_conversation_words"),
    "follow_ups": ("follow_ups", "search_follow_up_words"),
    "proposals": ("proposals", "search_proposal_words"),
}
# What a short word (under three letters) is matched against on SQLite, by LIKE.
SHORT_WORD_TEXT = {
    "organisations": "organisations.name_key || ' ' || lower(organisations.aliases) || ' ' "
    "|| organisations.tags",
    "contacts": "contacts.name_key || ' ' || lower(contacts.email)",
}


class SqliteBackend(Backend):
    """FTS5: MATCH on an external-content table whose rowid is the row's id."""

    def _in_index(self, kind: str, match: str) -> ColumnElement[bool]:
        table, index = TABLES[kind]
        name = self.param()
        return text(
            f"{table}.id IN (SELECT rowid FROM {index} WHERE {index} MATCH :{name})"  # noqa: S608  # nosec B608
        ).bindparams(**{name: match})

    def names(self, kind: str, query: SearchQuery) -> ColumnElement[bool]:
        words = query.all_words
        long = [w for w in words if len(w) >= MIN_TRIGRAM]
        short = [w for w in words if len(w) < MIN_TRIGRAM]
        conditions = []
        if long:
            conditions.append(self._in_index(kind, " AND ".join(f'"{w}"' for w in long)))
        for word in short:
            name = self.param()
            conditions.append(
                text(f"({SHORT_WORD_TEXT[kind]}) LIKE :{name} ESCAPE '\\'").bindparams(
                    **{name: f"%{_escape_like(word)}%"}
                )
            )
        found = and_(*conditions) if conditions else text("1 = 0")
        if kind == "contacts" and query.digits:
            phones = self._in_index(kind, f'phones : "{query.digits}"')
            return or_(found, phones) if conditions else phones
        return found

    def words(self, kind: str, query: SearchQuery) -> ColumnElement[bool]:
        terms = [f'"{w}"' for w in query.words]
        terms += ['"' + " ".join(phrase) + '"' for phrase in query.phrases]
        if query.partial:
            terms.append(f'"{query.partial}"*')
        if not terms:
            return text("1 = 0")
        return self._in_index(kind, " AND ".join(terms))


# PostgreSQL: the indexed expressions (migration s34rch000018).
PG_WORDS = {
    "conversations": "crm_fold(conversations.summary)",
    "follow_ups": "crm_fold(follow_ups.description)",
    "proposals": "crm_fold(proposals.title || ' ' || proposals.summary)",
}
PG_NAMES = {
    "organisations": "crm_fold(organisations.name_key || ' ' || organisations.aliases || ' ' "
    "|| organisations.tags)",
    "contacts": "crm_fold(contacts.name_key || ' ' || contacts.email)",
}
PG_PHONES = "(crm_digits(contacts.phone) || ' ' || crm_digits(contacts.phone_other))"


class PostgresBackend(Backend):
    """Full-text search (tsvector @@ tsquery) and pg_trgm LIKE, both on GIN indexes."""

    def names(self, kind: str, query: SearchQuery) -> ColumnElement[bool]:
        conditions = []
        for word in query.all_words:
            name = self.param()
            conditions.append(
                text(f"{PG_NAMES[kind]} LIKE :{name} ESCAPE '\\'").bindparams(
                    **{name: f"%{_escape_like(word)}%"}
                )
            )
        found = and_(*conditions) if conditions else text("1 = 0")
        if kind == "contacts" and query.digits:
            name = self.param()
            phones = text(f"{PG_PHONES} LIKE :{name}").bindparams(**{name: f"%{query.digits}%"})
            return or_(found, phones) if conditions else phones
        return found

    def words(self, kind: str, query: SearchQuery) -> ColumnElement[bool]:
        # Words are letters and digits (crm.rules.search): nothing in them is tsquery syntax.
        terms = list(query.words)
        terms += ["(" + " <-> ".join(phrase) + ")" for phrase in query.phrases]
        if query.partial:
            terms.append(f"{query.partial}:*")
        if not terms:
            return text("1 = 0")
        name = self.param()
        return text(
            f"to_tsvector('crm_english'::regconfig, {PG_WORDS[kind]}) "
            f"@@ to_tsquery('crm_english'::regconfig, :{name})"
        ).bindparams(**{name: " & ".join(terms)})


def backend() -> Backend:
    """The backend for the app's database."""
    if db.engine.dialect.name == "postgresql":
        return PostgresBackend()
    return SqliteBackend()
