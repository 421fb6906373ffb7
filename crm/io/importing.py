"""Import organisations or contacts: plan (validate and match), then write in one transaction."""

from __future__ import annotations

from functools import cache

import pandas as pd
from sqlalchemy import bindparam, false, insert, literal, literal_column, null, update

from crm.audit.models import AuditEntry
from crm.audit.services import audit_value, record
from crm.contacts.queries import NAME_INDEX as CONTACT_NAMES
from crm.core.db import UTCDateTime, utcnow
from crm.core.extensions import db
from crm.core.fulltext import bulk_insert
from crm.io.matching import active_organisation_ids, link_organisations, match_rows
from crm.io.results import (
    COLUMNS,
    MODELS,
    ImportConflict,
    ImportOptions,
    ImportRefused,
    ImportReport,
)
from crm.io.validation import RowResult, validate_rows
from crm.organisations.models import name_key
from crm.organisations.queries import NAME_INDEX as ORGANISATION_NAMES

LITERAL = {"literal_binds": True}
__all__ = [
    "ImportConflict",
    "ImportOptions",
    "ImportRefused",
    "ImportReport",
    "import_table",
    "plan_import",
]


def plan_import(
    frame: pd.DataFrame,
    lines: list[int],
    mapping: dict[str, str],
    options: ImportOptions,
) -> ImportReport:
    """Validate every row and match it to existing records; writes nothing."""
    rows = validate_rows(frame, lines, mapping, options.kind)
    report = ImportReport(options=options, rows=rows)
    if options.kind == "contacts":
        link_organisations(report)
    match_rows(report)
    for row in rows:
        if row.problems:
            row.action = "skip"
    # Only organisations that a row being imported needs are created.
    needed = {row.values.get("_new_organisation") for row in rows if row.ok}
    report.new_organisations = {
        key: name for key, name in report.new_organisations.items() if key in needed
    }
    return report


def import_table(
    frame: pd.DataFrame,
    lines: list[int],
    mapping: dict[str, str],
    options: ImportOptions,
    actor,
    dry_run: bool = False,
) -> ImportReport:
    """Plan and (unless a dry run) write; raises ImportRefused when problem rows block it."""
    report = plan_import(frame, lines, mapping, options)
    if dry_run:
        return report
    return apply_import(report, actor)


def apply_import(report: ImportReport, actor) -> ImportReport:
    """Write a planned import in the session's transaction (the caller commits once)."""
    if report.blocked:
        raise ImportRefused(report)
    kind = report.options.kind
    now = utcnow()
    actor_id = getattr(actor, "id", None)
    # The new rows are indexed for search at the end, not one trigger at a time.
    with bulk_insert(ORGANISATION_NAMES, CONTACT_NAMES):
        new_ids = _create_organisations(report.new_organisations, actor_id, now)
        for row in report.rows:
            key = row.values.pop("_new_organisation", None)
            if key is not None and row.ok:
                row.values["organisation_id"] = new_ids[key]
                if row.action != "create":
                    old = row.changes.get("organisation_id", (None, None))[0]
                    row.changes["organisation_id"] = (old, new_ids[key])
                    row.action = "update"
        creates = [_new_record(kind, row.values) for row in report.rows if row.action == "create"]
        _insert(kind, creates, actor_id, now)
    _update(kind, [row for row in report.rows if row.action == "update"], now)
    _audit(report, actor, now)
    report.written = True
    return report


def _create_organisations(names: dict[str, str], actor_id, now) -> dict[str, int]:
    rows = [_new_record("organisations", {"name": name}) for name in names.values()]
    _insert("organisations", rows, actor_id, now)
    return active_organisation_ids(set(names)) if names else {}


def _new_record(kind: str, values: dict) -> dict:
    record_values = _defaults(kind) | {
        key: value for key, value in values.items() if key in COLUMNS[kind]
    }
    if record_values.get("name"):
        # Core inserts skip the models' @validates, which keep the folded search key.
        record_values["name_key"] = name_key(record_values["name"])
    return record_values


def _insert(kind: str, rows: list[dict], actor_id, now) -> None:
    """One executemany INSERT; the values shared by every row are written into the SQL once."""
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
    db.session.execute(insert(MODELS[kind].__table__).values(shared), rows)


@cache
def _defaults(kind: str) -> dict:
    """Each column's default (or None), so every inserted row has the same keys."""
    table = MODELS[kind].__table__
    defaults = {}
    for name in COLUMNS[kind]:
        default = table.c[name].default
        defaults[name] = default.arg if default is not None and not callable(default.arg) else None
    return defaults


def _update(kind: str, rows: list[RowResult], now) -> None:
    table = MODELS[kind].__table__
    groups: dict[tuple[str, ...], list[dict]] = {}
    for row in rows:
        values = {key: change[1] for key, change in row.changes.items()}
        if "name" in values:
            values["name_key"] = name_key(values["name"])  # the folded search key follows
        keys = tuple(sorted(values))
        groups.setdefault(keys, []).append(
            {"_id": row.target_id, "_version": row.target_version}
            | {f"_{key}": values[key] for key in keys}
        )
    for keys, params in groups.items():
        statement = (
            update(table)
            .where(table.c.id == bindparam("_id"), table.c.version == bindparam("_version"))
            .values(
                {key: bindparam(f"_{key}") for key in keys}
                # The version moves on, so edit forms opened before the import see a stale save.
                | {"version": table.c.version + 1, "updated_at": now}
            )
        )
        result = db.session.execute(statement, params)
        if result.rowcount != len(params):
            # Someone saved one of these records after it was read: the caller rolls back.
            raise ImportConflict(f"{len(params) - result.rowcount} records changed meanwhile")


def _audit(report: ImportReport, actor, now) -> None:
    options = report.options
    counts = report.counts()
    source = options.filename or "a file"
    record(
        "import",
        None,
        actor,
        {key: (None, value) for key, value in counts.items()}
        | {"file": (None, options.filename), "ref": (None, options.ref)},
        summary=(
            f"Imported {options.kind} from {source}: {counts['created']} created, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged, "
            f"{counts['skipped']} skipped"
            + (
                f", {counts['organisations_created']} organisations created"
                if counts["organisations_created"]
                else ""
            )
            + "."
        ),
        entity_type=options.kind,
    )
    # Updates change records people already rely on: keep their old values, one entry each.
    entries = [
        {
            "at": now,
            "user_id": getattr(actor, "id", None),
            "entity_type": options.kind,
            "entity_id": row.target_id,
            "action": "update",
            "summary": f"Updated by importing {source}.",
            # Personal values are not kept in the audit log (crm/privacy/classification.py).
            "changes": {
                key: [audit_value(options.kind, key, old), audit_value(options.kind, key, new)]
                for key, (old, new) in row.changes.items()
            },
        }
        for row in report.rows
        if row.action == "update"
    ]
    if entries:
        db.session.execute(insert(AuditEntry.__table__), entries)
