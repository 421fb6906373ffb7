"""The searches read the indexes the migration made (an expression that differs by a
character from the index's would silently scan every row)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from crm.core.extensions import db
from crm.core.fulltext import backend
from crm.core.searchtext import parse_query
from crm.search.indexes import INDEXES
from crm.search.queries import SELECTS, SearchFilters

CASES = {
    "organisations": ("peer net", "ix_search_organisations_names"),
    "contacts": ("llyr", "ix_search_contacts_names"),
    "conversations": ('"peer support" referr', "ix_search_conversations_words"),
    "follow_ups": ("referral ", "ix_search_follow_ups_words"),
    "proposals": ("social presc", "ix_search_proposals_words"),
}


def _plan(statement, explain: str = "EXPLAIN") -> str:
    """The database's plan for a statement, its parameters bound as the app binds them."""
    compiled = statement.compile(dialect=db.engine.dialect)
    params = compiled.params
    if compiled.positiontup:
        params = tuple(params[name] for name in compiled.positiontup)
    rows = db.session.connection().exec_driver_sql(f"{explain} {compiled}", params).all()
    return "\n".join(str(row) for row in rows)


@pytest.mark.database(
    "postgresql", reason="GIN expression indexes; SQLite's FTS5 tables are tables"
)
@pytest.mark.parametrize("kind", list(CASES))
def test_postgresql_plans_use_the_gin_indexes(ctx, kind):
    typed, index = CASES[kind]
    db.session.execute(text("SET LOCAL enable_seqscan = off"))  # an empty table: force the choice
    statement = SELECTS[kind](backend(), parse_query(typed), SearchFilters()).limit(6)
    assert index in _plan(statement)


@pytest.mark.database("postgresql", reason="pg_trgm on the phones' digits")
def test_postgresql_phone_search_uses_its_index(ctx):
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    statement = SELECTS["contacts"](backend(), parse_query("029 2012"), SearchFilters())
    assert "ix_search_contacts_phones" in _plan(statement)


@pytest.mark.database("sqlite", reason="FTS5 tables")
@pytest.mark.parametrize("kind", list(CASES))
def test_sqlite_plans_read_the_fts5_tables(ctx, kind):
    typed, _index = CASES[kind]
    statement = SELECTS[kind](backend(), parse_query(typed), SearchFilters()).limit(6)
    assert INDEXES[kind].sqlite_index in _plan(statement, "EXPLAIN QUERY PLAN")


def test_every_kind_has_an_index():
    assert set(INDEXES) == set(SELECTS)
