"""Import organisations or contacts: plan (validate and match), then write in one transaction."""

from __future__ import annotations

import pandas as pd

from crm.audit.services import record, record_updates
from crm.contacts import services as contacts
from crm.contacts.queries import NAME_INDEX as CONTACT_NAMES
from crm.core.bulk import BulkConflict
from crm.core.db import utcnow
from crm.core.fulltext import bulk_insert
from crm.io.matching import active_organisation_ids, link_organisations, match_rows
from crm.io.results import (
    ImportConflict,
    ImportOptions,
    ImportRefused,
    ImportReport,
)
from crm.io.validation import validate_rows
from crm.organisations import services as organisations
from crm.organisations.queries import NAME_INDEX as ORGANISATION_NAMES

# Each kind's writes belong to its feature's service.
SERVICES = {"organisations": organisations, "contacts": contacts}
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
        updates = [row for row in report.rows if row.action == "update"]
        try:
            SERVICES[kind].import_records(
                [row.values for row in report.rows if row.action == "create"],
                [
                    (
                        row.target_id,
                        row.target_version,
                        {k: new for k, (_old, new) in row.changes.items()},
                    )
                    for row in updates
                ],
                actor_id,
                now,
            )
        except BulkConflict as conflict:
            raise ImportConflict(str(conflict)) from None
    _audit(report, actor, now)
    report.written = True
    return report


def _create_organisations(names: dict[str, str], actor_id, now) -> dict[str, int]:
    """The organisations a contacts import names and the user chose to create."""
    if not names:
        return {}
    organisations.import_records([{"name": name} for name in names.values()], [], actor_id, now)
    return active_organisation_ids(set(names))


def _audit(report: ImportReport, actor, now) -> None:
    """One entry for the import, and one per record updated with its old values (updates
    change records people already rely on)."""
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
    record_updates(
        options.kind,
        [(row.target_id, row.changes) for row in report.rows if row.action == "update"],
        actor,
        f"Updated by importing {source}.",
        now,
    )
