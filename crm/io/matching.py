"""Matching rows to existing records: contacts by email, organisations by normalised name."""

from __future__ import annotations

from sqlalchemy import func, select

from crm.core.extensions import db
from crm.io.results import COLUMNS, MATCH_KEYS, MODELS, ImportReport
from crm.io.validation import RowResult
from crm.organisations.models import Organisation, name_key

CHUNK = 500  # values per IN (...) list, well under every database's parameter limit


def link_organisations(report: ImportReport) -> None:
    """Turn each contact row's organisation name into an id, a new organisation, or a problem."""
    # A few thousand organisations behind 100,000 rows: each name is folded once.
    keys = {
        written: name_key(written)
        for written in {
            row.values["organisation"] for row in report.rows if "organisation" in row.values
        }
    }
    known = active_organisation_ids(set(keys.values()))
    for row in report.rows:
        written = row.values.pop("organisation", None)
        if written is None:
            continue
        key = keys[written]
        if key in known:
            row.values["organisation_id"] = known[key]
        elif report.options.create_missing_organisations:
            row.values["_new_organisation"] = key
            report.new_organisations.setdefault(key, written)
        else:
            row.problems.append(
                f"Organisation: there is no organisation called “{written}”. Import or add it "
                "first, or tick “Create missing organisations”."
            )


def active_organisation_ids(keys: set[str]) -> dict[str, int]:
    """name_key -> id of the active organisations with these normalised names."""
    found: dict[str, int] = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), CHUNK):
        query = select(Organisation.name_key, Organisation.id).where(
            Organisation.archived.is_(False),
            Organisation.name_key.in_(ordered[start : start + CHUNK]),
        )
        found.update(dict(db.session.execute(query).all()))
    return found


def match_rows(report: ImportReport) -> None:
    """Mark each row create, update or unchanged, with the changes an update makes."""
    kind = report.options.kind
    if kind == "contacts":
        keys = {row.values["email"] for row in report.rows if row.values.get("email")}
    else:
        keys = {name_key(row.values["name"]) for row in report.rows if row.values.get("name")}
    existing = _existing(kind, keys)
    for row in report.rows:
        key = (
            row.values.get("email") if kind == "contacts" else name_key(row.values.get("name", ""))
        )
        matches = existing.get(key or "", [])
        if not matches:
            row.action = "create"
            if "name" not in row.values and not any(p.startswith("Name:") for p in row.problems):
                row.problems.append("Name: this row has no name.")
            _check_consent(row, None)
            continue
        if len(matches) > 1:
            row.warnings.append(
                f"{len(matches)} existing records match; the oldest "
                f"(number {matches[0]['id']}) is updated."
            )
        current = matches[0]
        row.target_id, row.target_version = current["id"], current["version"]
        _check_consent(row, current)
        row.changes = {
            key: (current[key], value)
            for key, value in row.values.items()
            if key in COLUMNS[kind] and key != MATCH_KEYS[kind] and current[key] != value
        }
        row.action = "update" if row.changes or "_new_organisation" in row.values else "unchanged"


def _existing(kind: str, keys: set[str]) -> dict[str, list[dict]]:
    """The active records with these match keys (oldest first), with their current values."""
    table = MODELS[kind].__table__
    columns = [table.c.id, table.c.version, *(table.c[name] for name in COLUMNS[kind])]
    found: dict[str, list[dict]] = {}
    if kind == "contacts":
        email = func.lower(table.c.email)
        query = select(email.label("key"), *columns).where(
            table.c.archived.is_(False), table.c.email != ""
        )
        if len(keys) <= CHUNK:
            query = query.where(email.in_(sorted(keys)))
        # lower() cannot use the email index: one pass over the contacts beats a scan per chunk.
        queries = [query]
    else:
        ordered = sorted(keys)
        queries = [
            select(table.c.name_key.label("key"), *columns).where(
                table.c.archived.is_(False), table.c.name_key.in_(ordered[start : start + CHUNK])
            )
            for start in range(0, len(ordered), CHUNK)
        ]
    for query in queries:
        result = db.session.execute(query.order_by(table.c.id))
        names = list(result.keys())
        for row in result:
            if row[0] in keys:
                found.setdefault(row[0], []).append(dict(zip(names, row, strict=True)))
    return found


def _check_consent(row: RowResult, existing: dict | None) -> None:
    if row.values.get("lawful_basis") != "consent" or row.values.get("consent_date"):
        return
    if existing is None or existing.get("consent_date") is None:
        row.problems.append("Consent given on: needed when the lawful basis is consent.")
