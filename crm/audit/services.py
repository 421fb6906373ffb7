"""Writing audit entries; called by every mutating service.

The audit log keeps no personal data: for a column classified PERSONAL
(crm/privacy/classification.py) an entry records that the field changed, not
its values. So an erased contact leaves nothing of theirs in the log, and the
app never has to update or delete an audit row (crm/audit/guard.py forbids it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import insert, select

from crm.audit.classification import NOT_PERSONAL, classify
from crm.audit.models import AuditEntry
from crm.core.extensions import db

REDACTED = "(personal data, not kept)"


def _plain(value: Any) -> Any:
    """A JSON-safe form of a column value."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def _harmless(value: Any) -> bool:
    """Values that cannot carry personal data: empty, numbers, flags, dates, lists of ids."""
    if value is None or value == "" or isinstance(value, bool | int | float | date | time):
        return True
    return isinstance(value, list | tuple) and all(
        isinstance(item, int | bool) or item is None for item in value
    )


def audit_value(entity_type: str, field: str, value: Any) -> Any:
    """The value as the audit log may keep it: PERSONAL (or unclassified) text is redacted."""
    if classify(entity_type, field) == NOT_PERSONAL or _harmless(value):
        return _plain(value)
    return REDACTED


def record(
    action: str,
    entity: Any | None,
    actor: Any | None,
    changes: dict[str, tuple[Any, Any]] | None = None,
    summary: str = "",
    entity_type: str | None = None,
    entity_id: int | None = None,
) -> AuditEntry:
    """Add one audit entry for a change made by `actor` (a User or None).

    `summary` must not contain personal data (names, emails): say "Added a
    contact", not "Added Sian Jones"; the record's id identifies it.
    """
    if entity is not None:
        db.session.flush()  # the entity needs its id
        entity_type = entity_type or entity.__tablename__
        entity_id = entity_id if entity_id is not None else entity.id
    entity_type = entity_type or ""
    entry = AuditEntry(
        user_id=getattr(actor, "id", None),
        entity_type=entity_type,
        entity_id=entity_id,
        action=action,
        summary=summary[:500],
        changes={
            key: [audit_value(entity_type, key, old), audit_value(entity_type, key, new)]
            for key, (old, new) in (changes or {}).items()
        },
    )
    db.session.add(entry)
    return entry


def apply_changes(obj: Any, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set attributes on `obj` and return {field: (old, new)} for those that changed."""
    changed: dict[str, tuple[Any, Any]] = {}
    for key, new in values.items():
        old = getattr(obj, key)
        if old != new:
            setattr(obj, key, new)
            changed[key] = (old, new)
    return changed


def redact_entries(entry_ids: list[int], redact: Callable[[str], str]) -> int:
    """Erasure's one sanctioned change to the audit log: `redact` every text in the
    entries' summaries and recorded values (crm/audit/guard.py). Returns how many changed."""
    from crm.audit.guard import redaction

    changed = 0
    with redaction(db.session):
        for entry in db.session.scalars(select(AuditEntry).where(AuditEntry.id.in_(entry_ids))):
            summary = redact(entry.summary or "")
            changes = _redact_value(entry.changes or {}, redact)
            if summary != (entry.summary or "") or changes != (entry.changes or {}):
                entry.summary, entry.changes = summary, changes
                changed += 1
    return changed


def _redact_value(value: Any, redact: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _redact_value(item, redact) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_redact_value(item, redact) for item in value]
    return value


def record_updates(
    entity_type: str,
    changes: list[tuple[int, dict[str, tuple[Any, Any]]]],
    actor,
    summary: str,
    at: datetime,
) -> None:
    """One "update" entry per record changed in bulk (an import), in one INSERT, keeping
    old and new values as record() does (personal values are not kept)."""
    entries = [
        {
            "at": at,
            "user_id": getattr(actor, "id", None),
            "entity_type": entity_type,
            "entity_id": entity_id,
            "action": "update",
            "summary": summary,
            "changes": {
                key: [
                    audit_value(entity_type, key, old),
                    audit_value(entity_type, key, new),
                ]
                for key, (old, new) in values.items()
            },
        }
        for entity_id, values in changes
    ]
    if entries:
        db.session.execute(insert(AuditEntry.__table__), entries)
