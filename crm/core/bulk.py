"""Bulk writes for versioned records (imports): one INSERT, one UPDATE per shape of change.

The features' services call these with their own model and rules (crm/organisations,
crm/contacts); nobody else writes their tables in bulk.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, false, insert, literal, literal_column, null, update

from crm.core.db import UTCDateTime
from crm.core.extensions import db
from crm.core.text import name_key

LITERAL = {"literal_binds": True}


class BulkConflict(Exception):
    """A record changed after it was read (its version moved on): the caller rolls back."""


@cache
def column_defaults(table, columns: tuple[str, ...]) -> dict:
    """Each column's default (or None), so every inserted row has the same keys."""
    defaults = {}
    for name in columns:
        default = table.c[name].default
        defaults[name] = default.arg if default is not None and not callable(default.arg) else None
    return defaults


def insert_versioned(table, rows: list[dict], actor_id: int | None, now: datetime) -> None:
    """One executemany INSERT of new records (version 1, not archived, stamped `now` by the
    actor); the values shared by every row are written into the SQL once."""
    if not rows:
        return
    dialect = db.session.get_bind().dialect
    stamp = literal_column(
        str(literal(now, UTCDateTime()).compile(dialect=dialect, compile_kwargs=LITERAL))
    )
    shared = {
        "created_at": stamp,
        "updated_at": stamp,
        "created_by_id": literal_column(str(int(actor_id))) if actor_id else null(),
        "version": literal_column("1"),
        "archived": false(),
    }
    db.session.execute(insert(table).values(shared), rows)


def update_versioned(table, changes: list[tuple[int, int, dict]], now: datetime) -> None:
    """Update records (id, version read, new values), each only if its version is still the
    one read; the version moves on, so edit forms opened before see a stale save. Raises
    BulkConflict when any record changed meanwhile."""
    groups: dict[tuple[str, ...], list[dict]] = {}
    for record_id, version, values in changes:
        keys = tuple(sorted(values))
        groups.setdefault(keys, []).append(
            {"_id": record_id, "_version": version} | {f"_{key}": values[key] for key in keys}
        )
    for keys, params in groups.items():
        statement = (
            update(table)
            .where(table.c.id == bindparam("_id"), table.c.version == bindparam("_version"))
            .values(
                {key: bindparam(f"_{key}") for key in keys}
                | {"version": table.c.version + 1, "updated_at": now}
            )
        )
        result = db.session.execute(statement, params)
        if result.rowcount != len(params):
            raise BulkConflict(f"{len(params) - result.rowcount} records changed meanwhile")


def write_named_records(
    table,
    fields: tuple[str, ...],
    new: list[dict],
    changed: list[tuple[int, int, dict]],
    actor_id: int | None,
    now: datetime,
) -> None:
    """Insert `new` records and update `changed` ones (id, version read, new values) of a
    table of named, versioned records, writing only `fields` and keeping the folded
    name_key beside the name (Core writes skip the models' @validates that keep it)."""

    def kept(values: dict) -> dict:
        row = {key: value for key, value in values.items() if key in fields}
        if row.get("name"):
            row["name_key"] = name_key(row["name"])
        return row

    defaults = column_defaults(table, fields)
    insert_versioned(table, [defaults | kept(values) for values in new], actor_id, now)
    update_versioned(table, [(i, v, kept(values)) for i, v, values in changed], now)
