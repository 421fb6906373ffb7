"""search indexes: SQLite FTS5 tables kept by triggers; PostgreSQL full-text and trigram GIN indexes

Revision ID: s34rch000018
Revises: st4ke0rat1ng
Create Date: 2026-12-07 22:00:00

SQLite: one FTS5 word index per kind of note (porter stemming, accents removed) and a
trigram index for partial names, emails and phone numbers, each an external-content
table read from its own table (or a view) and kept in step by triggers, so every write
(forms, imports, merges, erasure, retention) changes the index in the same transaction.

PostgreSQL: nothing to keep in step either: for notes a generated (stored) tsvector
column, search_words, over the 'crm_english' configuration (english stemming) of
crm_fold(text), which removes accents with unaccent where the extension is available,
with a GIN index; for names GIN pg_trgm indexes on the folded names and the digits.
The query side (crm/core/fulltext.py) uses the same expressions.
"""
from alembic import op
from sqlalchemy import text


revision = 's34rch000018'
down_revision = 'st4ke0rat1ng'
branch_labels = None
depends_on = None

WORDS = "tokenize = 'porter unicode61 remove_diacritics 2'"

# A phone number's digits, "+44 (0)29..." and "029..." alike. SQLite has no regular
# expressions: strip the usual separators, then a leading 44 becomes 0.
def _sqlite_digits(column):
    stripped = column
    for ch in (" ", "-", "(", ")", ".", "+", "/"):
        stripped = f"replace({stripped}, '{ch}', '')"
    return (
        f"(CASE WHEN {stripped} LIKE '440%' THEN substr({stripped}, 3)"
        f" WHEN {stripped} LIKE '44%' THEN '0' || substr({stripped}, 3)"
        f" ELSE {stripped} END)"
    )


def _phones(prefix):
    return f"{_sqlite_digits(prefix + '.phone')} || ' ' || {_sqlite_digits(prefix + '.phone_other')}"


# (fts table, content table, columns, tokenizer, values from NEW/OLD)
SQLITE_TABLES = [
    ("search_organisation_names", "organisations", ("name_key", "aliases", "tags", "email"),
     "tokenize = 'trigram'", None),
    ("search_contact_names", "search_contact_source", ("name_key", "email", "phones"),
     "tokenize = 'trigram'", {"name_key": "{r}.name_key", "email": "{r}.email",
                               "phones": None}),
    ("search_conversation_words", "conversations", ("summary",), WORDS, None),
    ("search_follow_up_words", "follow_ups", ("description",), WORDS, None),
    ("search_proposal_words", "proposals", ("title", "summary"), WORDS, None),
]


def _values(columns, computed, row):
    out = []
    for column in columns:
        if computed and column == "phones":
            out.append(_phones(row))
        elif computed:
            out.append(computed[column].format(r=row))
        else:
            out.append(f"{row}.{column}")
    return ", ".join(out)


def _sqlite_upgrade():
    # A row here (only ever inside a bulk import's own transaction) makes the insert
    # triggers skip: the import then indexes its new rows in one statement per index
    # (crm/core/fulltext.py, bulk_insert), as FTS5 writes to disk at every trigger's
    # statement savepoint, ten times the cost of the insert itself.
    op.execute(text("CREATE TABLE search_paused (paused INTEGER NOT NULL)"))
    op.execute(text(
        "CREATE VIEW search_contact_source AS SELECT id, name_key, email, "
        f"{_phones('contacts')} AS phones FROM contacts"
    ))
    for table, content, columns, tokenizer, computed in SQLITE_TABLES:
        base = "contacts" if content == "search_contact_source" else content
        cols = ", ".join(columns)
        op.execute(text(
            f"CREATE VIRTUAL TABLE {table} USING fts5({cols}, content = '{content}', "
            f"content_rowid = 'id', {tokenizer})"
        ))
        new = _values(columns, computed, "new")
        old = _values(columns, computed, "old")
        op.execute(text(
            f"CREATE TRIGGER {table}_ai AFTER INSERT ON {base} "
            "WHEN NOT EXISTS (SELECT 1 FROM search_paused) BEGIN "
            f"INSERT INTO {table}(rowid, {cols}) VALUES (new.id, {new}); END"
        ))
        op.execute(text(
            f"CREATE TRIGGER {table}_ad AFTER DELETE ON {base} BEGIN "
            f"INSERT INTO {table}({table}, rowid, {cols}) VALUES ('delete', old.id, {old}); END"
        ))
        watched = "phone, phone_other, name_key, email" if computed else cols
        op.execute(text(
            f"CREATE TRIGGER {table}_au AFTER UPDATE OF {watched} ON {base} BEGIN "
            f"INSERT INTO {table}({table}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
            f"INSERT INTO {table}(rowid, {cols}) VALUES (new.id, {new}); END"
        ))
        op.execute(text(f"INSERT INTO {table}({table}) VALUES ('rebuild')"))


def _sqlite_downgrade():
    for table, *_rest in SQLITE_TABLES:
        for suffix in ("ai", "ad", "au"):
            op.execute(text(f"DROP TRIGGER IF EXISTS {table}_{suffix}"))
        op.execute(text(f"DROP TABLE IF EXISTS {table}"))
    op.execute(text("DROP VIEW IF EXISTS search_contact_source"))
    op.execute(text("DROP TABLE IF EXISTS search_paused"))


def _available(extension):
    bind = op.get_bind()
    return bool(bind.execute(
        text("SELECT 1 FROM pg_available_extensions WHERE name = :n"), {"n": extension}
    ).scalar())


# Letters unaccent would fold, for servers without the extension.
_ACCENTED = "àáâãäåāăąçćčďèéêëēėęěğìíîïīįıłñńňòóôõöøōőŕřśšşťùúûüūůűųŵýÿŷźżž"
_PLAIN = "aaaaaaaaacccdeeeeeeeegiiiiiiilnnnoooooooorrssstuuuuuuuuwyyyzzz"

# Expressions the indexes are built on; the TextIndex declarations (crm/core/fulltext.py)
# repeat them exactly.
# Notes: a stored tsvector (generated column), so that checking a row, when the index
# alone cannot (a phrase's word order) or when the planner walks the date index instead,
# reads the column rather than stemming the text again (a second for 14,000 notes).
PG_WORDS = {
    "conversations": "summary",
    "follow_ups": "description",
    "proposals": "title || ' ' || summary",
}
PG_INDEXES = {
    "ix_search_conversations_words": ("conversations", "gin (search_words)"),
    "ix_search_follow_ups_words": ("follow_ups", "gin (search_words)"),
    "ix_search_proposals_words": ("proposals", "gin (search_words)"),
    "ix_search_organisations_names": (
        "organisations",
        "gin (crm_fold(name_key || ' ' || aliases || ' ' || tags || ' ' || email) gin_trgm_ops)"),
    "ix_search_contacts_names": (
        "contacts", "gin (crm_fold(name_key || ' ' || email) gin_trgm_ops)"),
    "ix_search_contacts_phones": (
        "contacts", "gin ((crm_digits(phone) || ' ' || crm_digits(phone_other)) gin_trgm_ops)"),
}


def _postgresql_upgrade():
    op.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    if _available("unaccent"):
        op.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent"))
        # unaccent() is STABLE (it reads a dictionary); naming the dictionary makes the
        # result fixed, so an index may use it.
        fold = "lower(public.unaccent('public.unaccent'::regdictionary, $1))"
    else:
        fold = f"lower(translate($1, '{_ACCENTED}', '{_PLAIN}'))"
    # Punctuation becomes a space, as SQLite's unicode61 tokenizer reads it: otherwise
    # PostgreSQL's parser keeps "gwen.marker@example.org" as one token no word finds.
    op.execute(text(
        f"CREATE FUNCTION crm_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT "
        f"PARALLEL SAFE AS $$ SELECT regexp_replace({fold}, '[^[:alnum:]]+', ' ', 'g') $$"
    ))
    op.execute(text(
        "CREATE FUNCTION crm_digits(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT "
        "PARALLEL SAFE AS $$ SELECT regexp_replace(regexp_replace("
        "regexp_replace($1, '[^0-9+]', '', 'g'), '^\\+?440?', '0'), '[^0-9]', '', 'g') $$"
    ))
    op.execute(text("CREATE TEXT SEARCH CONFIGURATION crm_english (COPY = english)"))
    for table, words in PG_WORDS.items():
        op.execute(text(
            f"ALTER TABLE {table} ADD COLUMN search_words tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('crm_english'::regconfig, crm_fold({words}))) STORED"
        ))
    for name, (table, expression) in PG_INDEXES.items():
        op.execute(text(f"CREATE INDEX {name} ON {table} USING {expression}"))


def _postgresql_downgrade():
    for name in PG_INDEXES:
        op.execute(text(f"DROP INDEX IF EXISTS {name}"))
    for table in PG_WORDS:
        op.execute(text(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_words"))
    op.execute(text("DROP TEXT SEARCH CONFIGURATION IF EXISTS crm_english"))
    op.execute(text("DROP FUNCTION IF EXISTS crm_digits(text)"))
    op.execute(text("DROP FUNCTION IF EXISTS crm_fold(text)"))


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_upgrade()
    elif dialect == "postgresql":
        _postgresql_upgrade()


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_downgrade()
    elif dialect == "postgresql":
        _postgresql_downgrade()
