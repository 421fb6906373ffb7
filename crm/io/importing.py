"""Import organisations or contacts: plan (validate and match), then write in one transaction."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import bindparam, insert, update

from crm.audit.models import AuditEntry
from crm.audit.services import record
from crm.db import utcnow
from crm.extensions import db
from crm.io.matching import active_organisation_ids, link_organisations, match_rows
from crm.io.results import COLUMNS, MODELS, ImportOptions, ImportRefused, ImportReport
from crm.io.validation import RowResult, validate_rows
from crm.organisations.models import Organisation, name_key

__all__ = ["ImportOptions", "ImportRefused", "ImportReport", "import_table", "plan_import"]


def plan_import(
    frame: pd.DataFrame,
    lines: list[int],
    mapping: dict[str, str],
    options: ImportOptions,
    lock: bool = False,
) -> ImportReport:
    """Validate every row and match it to existing records; writes nothing."""
    rows = validate_rows(frame, lines, mapping, options.kind)
    report = ImportReport(options=options, rows=rows)
    if options.kind == "contacts":
        link_organisations(report)
    match_rows(report, lock)
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
    report = plan_import(frame, lines, mapping, options, lock=not dry_run)
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
    new_ids = _create_organisations(report.new_organisations, actor_id, now)
    for row in report.rows:
        key = row.values.pop("_new_organisation", None)
        if key is not None and row.ok:
            row.values["organisation_id"] = new_ids[key]
            if row.action != "create":
                old = row.changes.get("organisation_id", (None, None))[0]
                row.changes["organisation_id"] = (old, new_ids[key])
                row.action = "update"
    model = MODELS[kind]
    creates = [
        _new_record(kind, row.values, actor_id, now)
        for row in report.rows
        if row.action == "create"
    ]
    if creates:
        db.session.execute(insert(model.__table__), creates)
    _update(kind, [row for row in report.rows if row.action == "update"], now)
    _audit(report, actor, now)
    report.written = True
    return report


def _create_organisations(names: dict[str, str], actor_id, now) -> dict[str, int]:
    if not names:
        return {}
    rows = [_new_record("organisations", {"name": name}, actor_id, now) for name in names.values()]
    db.session.execute(insert(Organisation.__table__), rows)
    return active_organisation_ids(set(names))


def _new_record(kind: str, values: dict, actor_id, now) -> dict:
    table = MODELS[kind].__table__
    record_values = {name: values.get(name, _default(table.c[name])) for name in COLUMNS[kind]}
    record_values.update(
        created_at=now, updated_at=now, created_by_id=actor_id, version=1, archived=False
    )
    if kind == "organisations":
        record_values["name_key"] = name_key(record_values["name"])
    return record_values


def _default(column):
    if column.default is not None and not callable(column.default.arg):
        return column.default.arg
    return None


def _update(kind: str, rows: list[RowResult], now) -> None:
    table = MODELS[kind].__table__
    groups: dict[tuple[str, ...], list[dict]] = {}
    for row in rows:
        keys = tuple(sorted(row.changes))
        groups.setdefault(keys, []).append(
            {"_id": row.target_id, **{f"_{key}": row.changes[key][1] for key in keys}}
        )
    for keys, params in groups.items():
        statement = (
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values(
                {key: bindparam(f"_{key}") for key in keys}
                # The version moves on, so edit forms opened before the import see a stale save.
                | {"version": table.c.version + 1, "updated_at": now}
            )
        )
        db.session.execute(statement, params)


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
            "changes": {key: [_plain(old), _plain(new)] for key, (old, new) in row.changes.items()},
        }
        for row in report.rows
        if row.action == "update"
    ]
    if entries:
        db.session.execute(insert(AuditEntry.__table__), entries)


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
