"""Full-text indexes, one interface with a backend per database: a query as a condition.

Names (organisations, contacts) match by substring: every word must appear somewhere in
the folded name, also-known-as, tags, email, or the phone's digits. Notes (conversation
summaries, follow-ups, proposals) match by word: English stems, phrases in quotes, the
last word as a prefix. Both read an index, never the table:

- SQLite: FTS5 tables kept by triggers (migration s34rch000018): trigram for names,
  porter and unicode61 (accents removed) for notes; an FTS5 rowid is the row's id.
- PostgreSQL: GIN indexes: pg_trgm on crm_fold(...) for names; for notes a generated
  tsvector column (search_words) over the 'crm_english' configuration.

Each feature declares its index with a TextIndex (organisations and contacts for their
lists, crm/search for the rest); the expressions there repeat the migration's exactly.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count

from sqlalchemy import ColumnElement, and_, or_, text

from crm.core.extensions import db
from crm.core.searchtext import SearchQuery
from crm.core.text import fold

MIN_TRIGRAM = 3  # the trigram index cannot find a shorter word
_TSQUERY = re.compile(r"(?:[^\W_]+(?::\*)?|[ &()<>-])+")  # what _tsquery builds, nothing else


@dataclass(frozen=True)
class TextIndex:
    """Where one kind of row is indexed, as the search migration made it."""

    table: str  # the table; its id is the FTS5 rowid
    sqlite_index: str  # the FTS5 table
    pg_text: str  # PostgreSQL: the indexed expression (names), or tsvector column (notes)
    words: bool = False  # True: stemmed words (notes); False: substrings (names)
    short_text: str = ""  # names on SQLite: what a word under three letters is LIKE-matched in
    phones: str = ""  # contacts: the FTS5 column (SQLite) with the phones' digits
    pg_phones: str = ""  # contacts: the PostgreSQL expression of the phones' digits
    sqlite_columns: tuple[str, ...] = ()  # the FTS5 table's columns, for bulk_insert
    sqlite_content: str = ""  # where FTS5 reads them (the table, or a view)


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Backend:
    """Conditions selecting the rows of one index that match a query."""

    def __init__(self) -> None:
        self._names = count()

    def param(self) -> str:
        """A bind parameter name unique within this backend's statements."""
        return f"fulltext_{next(self._names)}"

    def matches(
        self, index: TextIndex, query: SearchQuery, *, filter_only: bool = False
    ) -> ColumnElement[bool]:
        """The condition. `filter_only`: the index only checks rows that another index
        walks in order (see `common`), instead of choosing them."""
        if query.empty and query.text and not index.words:
            # Punctuation only ("_", "@"): no index holds it; a literal scan of the names.
            name = self.param()
            return text(f"({index.short_text}) LIKE :{name} ESCAPE '\\'").bindparams(
                **{name: f"%{_escape_like(fold(query.text))}%"}
            )
        if query.empty:
            return text("1 = 0")
        if index.words:
            return self.words(index, query, filter_only=filter_only)
        return self.names(index, query)

    def names(self, index: TextIndex, query: SearchQuery) -> ColumnElement[bool]:
        raise NotImplementedError

    def words(
        self, index: TextIndex, query: SearchQuery, *, filter_only: bool = False
    ) -> ColumnElement[bool]:
        raise NotImplementedError

    def common(self, index: TextIndex, query: SearchQuery, at_least: int) -> bool:
        """Whether at least this many rows match, for choosing a plan: newest first over
        many matches walks a date index, over a few it sorts them (neither database
        estimates a word's matches well enough to choose: PostgreSQL walked 200,000
        notes newest first for a word in none)."""
        return False

    def newest_first(self, column, common: bool):
        """The sort key for newest first: the column, or (over a few matches, where the
        database would rather walk the column's index) an expression no index has."""
        return column


class SqliteBackend(Backend):
    """FTS5: MATCH on an external-content table whose rowid is the row's id."""

    def _in_index(
        self, index: TextIndex, match: str, filter_only: bool = False
    ) -> ColumnElement[bool]:
        name = self.param()
        table, fts = index.table, index.sqlite_index
        # A unary + keeps SQLite from looking the matches up by id, so that it walks
        # the index of the ORDER BY and stops after a page (see `common`).
        plus = "+" if filter_only else ""
        return text(
            f"{plus}{table}.id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH :{name})"  # noqa: S608  # nosec B608
        ).bindparams(**{name: match})

    def names(self, index: TextIndex, query: SearchQuery) -> ColumnElement[bool]:
        words = query.all_words
        long = [w for w in words if len(w) >= MIN_TRIGRAM]
        conditions = []
        if long:
            conditions.append(self._in_index(index, " AND ".join(f'"{w}"' for w in long)))
        for word in (w for w in words if len(w) < MIN_TRIGRAM):
            name = self.param()
            conditions.append(
                text(f"({index.short_text}) LIKE :{name} ESCAPE '\\'").bindparams(
                    **{name: f"%{_escape_like(word)}%"}
                )
            )
        found = and_(*conditions)
        if index.phones and query.digits:
            return or_(found, self._in_index(index, f'{index.phones} : "{query.digits}"'))
        return found

    @staticmethod
    def _words(query: SearchQuery) -> str:
        # Words are letters and digits (crm.core.searchtext): quoted, never FTS5 syntax.
        terms = [f'"{w}"' for w in query.words]
        terms += ['"' + " ".join(phrase) + '"' for phrase in query.phrases]
        if query.partial:
            terms.append(f'"{query.partial}"*')
        return " AND ".join(terms)

    def words(
        self, index: TextIndex, query: SearchQuery, *, filter_only: bool = False
    ) -> ColumnElement[bool]:
        return self._in_index(index, self._words(query), filter_only)

    def common(self, index: TextIndex, query: SearchQuery, at_least: int) -> bool:
        if query.empty or not index.words:
            return False
        fts = index.sqlite_index
        found = db.session.scalar(
            text(
                f"SELECT count(*) FROM (SELECT 1 FROM {fts} WHERE {fts} MATCH :m LIMIT :n)"  # noqa: S608  # nosec B608
            ),
            {"m": self._words(query), "n": at_least},
        )
        return (found or 0) >= at_least


class PostgresBackend(Backend):
    """Full-text search (tsvector @@ tsquery) and pg_trgm LIKE, both on GIN indexes."""

    def names(self, index: TextIndex, query: SearchQuery) -> ColumnElement[bool]:
        conditions = []
        for word in query.all_words:
            name = self.param()
            conditions.append(
                text(f"{index.pg_text} LIKE :{name} ESCAPE '\\'").bindparams(
                    **{name: f"%{_escape_like(word)}%"}
                )
            )
        found = and_(*conditions)
        if index.pg_phones and query.digits:
            name = self.param()
            phones = text(f"{index.pg_phones} LIKE :{name}").bindparams(
                **{name: f"%{query.digits}%"}
            )
            return or_(found, phones)
        return found

    @staticmethod
    def _tsquery(query: SearchQuery) -> str:
        # Words are letters and digits (crm.core.searchtext): nothing in them is tsquery syntax.
        terms = list(query.words)
        terms += ["(" + " <-> ".join(phrase) + ")" for phrase in query.phrases]
        if query.partial:
            terms.append(f"{query.partial}:*")
        tsquery = " & ".join(terms)
        # Written into the statement, not bound: psycopg prepares a statement it has run
        # five times, and PostgreSQL's generic plan for a parameter cannot tell a word in
        # no note from a common one (it walked all 200,000 notes, 80 ms, for "kingfisher").
        # Safe as a literal: letters, digits and the operators built above, never a quote.
        if not _TSQUERY.fullmatch(tsquery):
            raise ValueError(f"not a search query: {tsquery!r}")
        return f"to_tsquery('crm_english'::regconfig, '{tsquery}')"

    def common(self, index: TextIndex, query: SearchQuery, at_least: int) -> bool:
        if query.empty or not index.words:
            return False
        found = db.session.scalar(
            text(
                f"SELECT count(*) FROM (SELECT 1 FROM {index.table} WHERE {index.pg_text} "  # noqa: S608  # nosec B608
                f"@@ {self._tsquery(query)} LIMIT {int(at_least)}) AS found"
            )
        )
        return (found or 0) >= at_least

    def newest_first(self, column, common: bool):
        # Over a few matches, "+ 0" keeps the planner from walking the date index (it
        # cannot tell a word in no note from one in a thousand) so it reads the GIN index.
        return column if common else column + 0

    def words(
        self, index: TextIndex, query: SearchQuery, *, filter_only: bool = False
    ) -> ColumnElement[bool]:
        # Notes' pg_text is the stored tsvector column (search_words).
        match = f"{index.pg_text} @@ {self._tsquery(query)}"
        if filter_only:
            # PostgreSQL cannot estimate "carers & backlog:*" (it guessed 273 notes of
            # 13,760; 8 for "polish & speaking & famil:*"), so it looked every match up
            # and sorted them, or scanned the table (38-90 ms). Written as "::int > 0"
            # the match is no longer indexable and the planner takes its default third
            # for an inequality: it walks the date index, checking each note (7-14 ms).
            return text(f"({match})::int > 0")
        return text(match)


def backend() -> Backend:
    """The backend for the app's database."""
    if db.engine.dialect.name == "postgresql":
        return PostgresBackend()
    return SqliteBackend()


def matches(index: TextIndex, query: SearchQuery) -> ColumnElement[bool]:
    """The condition for one index alone (a statement with several indexes shares a
    backend(), so that parameter names stay unique)."""
    return backend().matches(index, query)


def rebuild(indexes) -> float:
    """Rebuild these indexes from their tables; returns the seconds it took.

    SQLite: FTS5 'rebuild' re-reads the content table (or view). PostgreSQL: REINDEX of
    the GIN expression indexes on each table (CONCURRENTLY would need autocommit).
    """
    started = time.perf_counter()
    if db.engine.dialect.name == "postgresql":
        tables = sorted({index.table for index in indexes})
        names = db.session.scalars(
            text(
                "SELECT indexname FROM pg_indexes WHERE tablename = ANY(:tables) "
                "AND indexname LIKE 'ix\\_search\\_%'"
            ),
            {"tables": tables},
        ).all()
        for name in names:
            db.session.execute(text(f'REINDEX INDEX "{name}"'))
    else:
        for fts in sorted({index.sqlite_index for index in indexes}):
            db.session.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')"))  # noqa: S608  # nosec B608
    return time.perf_counter() - started


@contextmanager
def bulk_insert(*indexes: TextIndex) -> Iterator[None]:
    """Index the rows inserted inside the block at its end, one statement per index.

    SQLite's FTS5 writes its pending words to disk at every statement savepoint, and an
    insert trigger opens one per row: 200 us a row instead of 20 (an import of 100,000
    contacts took twice as long). Inside the block the insert triggers skip (a row in
    search_paused, the transaction's own: gone before it commits, never seen by another
    connection); the new rows (ids above the highest before) are indexed afterwards. Rows
    inserted in the block must not be updated in it. PostgreSQL's GIN indexes need nothing.
    """
    if db.engine.dialect.name != "sqlite":
        yield
        return
    highest = {
        index.table: db.session.scalar(text(f"SELECT coalesce(max(id), 0) FROM {index.table}"))  # noqa: S608  # nosec B608
        for index in indexes
    }
    db.session.execute(text("INSERT INTO search_paused (paused) VALUES (1)"))
    try:
        yield
    finally:
        db.session.execute(text("DELETE FROM search_paused"))
    for index in indexes:
        columns = ", ".join(index.sqlite_columns)
        db.session.execute(
            text(
                f"INSERT INTO {index.sqlite_index}(rowid, {columns}) "  # noqa: S608  # nosec B608
                f"SELECT id, {columns} FROM {index.sqlite_content or index.table} WHERE id > :id"
            ),
            {"id": highest[index.table]},
        )
