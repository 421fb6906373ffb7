"""Writing audit entries; called by every mutating service."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from crm.audit.models import AuditEntry
from crm.extensions import db


def _plain(value: Any) -> Any:
    """A JSON-safe form of a column value."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def record(
    action: str,
    entity: Any | None,
    actor: Any | None,
    changes: dict[str, tuple[Any, Any]] | None = None,
    summary: str = "",
    entity_type: str | None = None,
    entity_id: int | None = None,
) -> AuditEntry:
    """Add one audit entry for a change made by `actor` (a User or None)."""
    if entity is not None:
        db.session.flush()  # the entity needs its id
        entity_type = entity_type or entity.__tablename__
        entity_id = entity_id if entity_id is not None else entity.id
    entry = AuditEntry(
        user_id=getattr(actor, "id", None),
        entity_type=entity_type or "",
        entity_id=entity_id,
        action=action,
        summary=summary[:500],
        changes={key: [_plain(old), _plain(new)] for key, (old, new) in (changes or {}).items()},
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
