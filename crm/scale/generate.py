"""Fill an empty database with realistic synthetic data, fast and repeatably.

Rows are built in Python from one seeded random source, with ids assigned up
front so that links need no round trips, and written in bulk below the ORM
(executemany on SQLite, COPY on PostgreSQL; see put()). That skips the
models' @validates hooks and Python-side defaults, so the builders set every
column themselves, derived ones (name_key) included. County size takes about
20 seconds of CPU.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from time import perf_counter

from sqlalchemy import JSON, Date, Table, Time, func, select, text

from crm.audit.models import AuditEntry
from crm.auth.models import User
from crm.contacts.models import Contact
from crm.conversations.models import (
    Conversation,
    ConversationContact,
    ConversationProposal,
    conversation_organisations,
)
from crm.conversations.services import refresh_contact_dates
from crm.core.db import UTCDateTime
from crm.core.extensions import db
from crm.followups.models import FollowUp
from crm.organisations.models import Organisation
from crm.proposals.consultation import refresh_consultation
from crm.proposals.models import Milestone, Proposal, Stake, StatusChange
from crm.scale import activity, directory, work
from crm.scale.world import SCALES, Scale, World
from crm.settings.closures import default_closure_rows
from crm.settings.models import Settings

CHUNK = 10_000
# Tables that must be empty before generating (the schema and nothing else).
MUST_BE_EMPTY = (User, Organisation, Contact, Conversation, Proposal)

__all__ = ["SCALES", "GenerateError", "Scale", "generate"]


class GenerateError(Exception):
    """The database is not in a state to generate into."""


def ensure_empty() -> None:
    """Refuse to mix synthetic rows with real ones."""
    for model in MUST_BE_EMPTY:
        if db.session.scalar(select(func.count()).select_from(model)):
            raise GenerateError(
                f"The database already has {model.__tablename__}. "
                "Generate into a new, empty database (`flask crm init --no-demo` creates one)."
            )


def _iso_timestamp(value: datetime) -> str:
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _naive_utc(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None)


# Quicker equivalents of SQLAlchemy's bind processors for the common column types;
# each is checked against SQLAlchemy's own on the first value before it is trusted.
FAST = {
    ("sqlite", UTCDateTime): _iso_timestamp,
    ("sqlite", Date): date.isoformat,
    ("sqlite", Time): lambda value: value.isoformat("microseconds"),
    ("postgresql", UTCDateTime): _naive_utc,
}


def _converter(column, dialect, sample) -> Callable | None:
    """The function SQLAlchemy would apply to this column's values before the driver sees them."""
    if isinstance(column.type, JSON):
        return json.dumps  # both drivers take JSON as text
    exact = column.type.dialect_impl(dialect).bind_processor(dialect)
    matching = [
        fast
        for (name, kind), fast in FAST.items()
        if name == dialect.name and isinstance(column.type, kind)
    ]
    if matching and (sample is None or matching[0](sample) == exact(sample)):
        return matching[0]
    return exact


def put(table: Table, rows: list[dict]) -> int:
    """Bulk-insert rows: executemany on SQLite, COPY on PostgreSQL; returns how many.

    The driver is used directly, with values converted as SQLAlchemy would
    convert them (so dates and UTC timestamps are stored exactly as the ORM
    stores them): per-row statement handling in the ORM and pipelined
    executemany on psycopg were most of the run time.
    """
    if not rows:
        return 0
    dialect = db.engine.dialect
    names, data = [], []
    for column in table.columns:
        if column.name not in rows[0]:
            continue  # left to the database: NULL
        values = [row[column.name] for row in rows]
        sample = next((value for value in values if value is not None), None)
        convert = _converter(column, dialect, sample)
        if convert is not None:
            values = [None if value is None else convert(value) for value in values]
        names.append(column.name)
        data.append(values)
    tuples = list(zip(*data, strict=True))
    raw = db.session.connection().connection.driver_connection
    listed = ", ".join(names)
    if dialect.name == "postgresql":
        with (
            raw.cursor() as cursor,
            cursor.copy(
                f"COPY {table.name} ({listed}) FROM STDIN"  # noqa: S608 - names from our metadata
            ) as copy,
        ):
            for value in tuples:
                copy.write_row(value)
    else:
        marks = ", ".join("?" for _ in names)
        cursor = raw.cursor()
        for start in range(0, len(tuples), CHUNK):
            cursor.executemany(
                # Table and column names come from our own metadata, never from input.
                f"INSERT INTO {table.name} ({listed}) VALUES ({marks})",  # noqa: S608  # nosec B608
                tuples[start : start + CHUNK],
            )
        cursor.close()
    return len(rows)


def reset_sequences() -> None:
    """PostgreSQL: move each id sequence past the ids we set explicitly."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        column = table.c.get("id")
        if column is None or not column.autoincrement or column.type.python_type is not int:
            continue
        highest = db.session.scalar(select(func.max(column)))
        db.session.execute(
            text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :value, :used)"),
            {"table": table.name, "value": highest or 1, "used": highest is not None},
        )


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load (both databases have ANALYZE)."""
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def generate(
    scale: Scale,
    seed: int,
    today: date,
    password_hash: str,
    note: Callable[[str, int, float], None] | None = None,
) -> dict[str, int]:
    """Generate everything in one transaction; returns row counts by table."""
    ensure_empty()
    if db.engine.dialect.name == "sqlite":
        # Index pages for 200,000 conversations outgrow the default 2 MB page cache,
        # and every spill is a write to the WAL; 256 MB keeps the load in memory.
        db.session.execute(text("PRAGMA cache_size = -262144"))
    world = World.create(scale, seed, today)
    counts: dict[str, int] = {}

    def step(name: str, table: Table, rows: list[dict]) -> None:
        started = perf_counter()
        counts[name] = counts.get(name, 0) + put(table, rows)
        if note:
            note(name, len(rows), perf_counter() - started)

    step("users", User.__table__, directory.users(world, password_hash))
    step("settings", Settings.__table__, [_settings_row(world)])
    step("organisations", Organisation.__table__, directory.organisations(world))
    step("contacts", Contact.__table__, directory.contacts(world))
    plan = work.proposals(world)
    step("proposals", Proposal.__table__, plan.proposals)
    step("milestones", Milestone.__table__, plan.milestones)
    step("status_changes", StatusChange.__table__, plan.status_changes)
    step("stakes", Stake.__table__, plan.stakes)
    leads: list[activity.Lead] = []
    about = activity.proposal_conversations(world, plan.plans, leads)
    everyday = activity.everyday_conversations(
        world, max(0, scale.conversations - len(about)), leads
    )
    for batch in (about, *everyday):
        step("conversations", Conversation.__table__, batch.conversations)
        step("conversation_contacts", ConversationContact.__table__, batch.participants)
        step("conversation_organisations", conversation_organisations, batch.organisations)
        step("conversation_proposals", ConversationProposal.__table__, batch.proposals)
    step("follow_ups", FollowUp.__table__, activity.follow_ups(world, leads))
    step("audit_entries", AuditEntry.__table__, [_audit_row(world, scale, seed)])
    started = perf_counter()
    # Without statistics PostgreSQL plans the refresh below for an empty conversations
    # table: a sequential scan of all 200,000 per organisation (over 20 minutes at county
    # scale instead of seconds).
    analyze()
    refresh_contact_dates(None)  # what the logbook keeps on each write, for all at once
    if note:
        note("organisation contact dates", scale.organisations, perf_counter() - started)
    started = perf_counter()
    refreshed = refresh_consultation()
    if note:
        note("stake consultation facts", refreshed, perf_counter() - started)
    reset_sequences()
    db.session.commit()
    return counts


def _settings_row(world: World) -> dict:
    return {
        "id": 1,
        "uk_nation": "england",
        "closure_periods": default_closure_rows(),
        "default_min_window": 10,
        "retention_years": 6,
        "created_at": world.stamp(world.start, 9),
        "updated_at": world.stamp(world.start, 9),
        "created_by_id": None,
    }


def _audit_row(world: World, scale: Scale, seed: int) -> dict:
    """One entry saying where all these rows came from."""
    return {
        "id": 1,
        "at": world.stamp(world.today, 8),
        "user_id": None,
        "entity_type": "database",
        "entity_id": None,
        "action": "import",
        "summary": (
            f"Synthetic data generated: {scale.organisations} organisations, "
            f"{scale.conversations} conversations, seed {seed}"
        ),
        "changes": {},
    }
