"""Reading the audit trail for other features: who saved a record last."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from crm.audit.models import AuditEntry
from crm.core.extensions import db


def last_saver(record) -> tuple[str | None, datetime | None]:
    """Who last changed a record and when, from its newest audit entry (one statement)."""
    entry = db.session.scalars(
        select(AuditEntry)
        .options(joinedload(AuditEntry.user))
        .where(
            AuditEntry.entity_type == record.__tablename__,
            AuditEntry.entity_id == record.id,
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if entry is None:
        return None, None
    return (entry.user.name if entry.user else None), entry.at


def merged_into_ids(entity_type: str, record_id: int) -> list[int]:
    """The records of `entity_type` merged into `record_id` (crm/merging), from their
    "merge" audit entries (one statement over the merge entries, which are few)."""
    entries = db.session.execute(
        select(AuditEntry.entity_id, AuditEntry.changes).where(
            AuditEntry.entity_type == entity_type, AuditEntry.action == "merge"
        )
    )
    found = []
    for entity_id, changes in entries:
        into = (changes or {}).get("merged_into")
        if isinstance(into, list) and len(into) == 2 and into[1] == record_id:
            found.append(entity_id)
    return found
