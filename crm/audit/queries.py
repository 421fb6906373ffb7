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
