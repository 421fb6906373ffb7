"""The merge link on the organisation and contact pages, and where a merged one went."""

from __future__ import annotations

from sqlalchemy import select

from crm.audit.models import AuditEntry
from crm.core.extensions import db
from crm.core.pages import section


def _merged_into(entity_type: str, record_id: int) -> int | None:
    """The id a merged record went into, from its audit entry (one statement)."""
    changes = db.session.scalar(
        select(AuditEntry.changes)
        .where(
            AuditEntry.entity_type == entity_type,
            AuditEntry.entity_id == record_id,
            AuditEntry.action == "merge",
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    into = (changes or {}).get("merged_into")
    return into[1] if isinstance(into, list) and len(into) == 2 else None


def _context(kind: str, record) -> dict:
    merged_into = _merged_into(kind, record.id) if record.archived else None
    return {"kind": kind, "record": record, "merged_into": merged_into}


@section("organisation", "merging/_section.html", order=90)
def organisation_merge(organisation) -> dict:
    """Merge a duplicate into this organisation, or where it was merged."""
    return _context("organisations", organisation)


@section("contact", "merging/_section.html", order=90)
def contact_merge(contact) -> dict:
    """Merge a duplicate into this contact, or where they were merged."""
    return _context("contacts", contact)
