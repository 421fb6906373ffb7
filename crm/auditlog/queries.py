"""Read side of the audit log: filters, the page query and display helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, distinct, select
from sqlalchemy.orm import selectinload

from crm.audit.models import AuditEntry
from crm.auth.models import User
from crm.core.dates import LONDON
from crm.core.extensions import db

# Where a record of each type is shown (endpoint, URL argument); others get no link.
RECORD_PAGES = {
    "organisations": ("organisations.detail", "organisation_id"),
    "contacts": ("contacts.detail", "contact_id"),
    "proposals": ("proposals.detail", "proposal_id"),
    "users": ("auth.edit_user", "user_id"),
}
ENTITY_LABELS = {
    "organisations": "Organisation",
    "contacts": "Contact",
    "proposals": "Proposal",
    "stakes": "Stake",
    "milestones": "Milestone",
    "conversations": "Conversation",
    "follow_ups": "Follow-up",
    "users": "User",
    "settings": "Settings",
}


@dataclass
class AuditFilters:
    """What the audit page was asked for (read by crm.auditlog.forms.AuditFilterForm)."""

    user: int | None = None
    entity_type: str = ""
    entity_id: int | None = None
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def as_args(self) -> dict:
        """The filters as query-string arguments (for the pager)."""
        args = {
            "user": self.user,
            "entity_type": self.entity_type,
            "entity_id": self.entity_id,
            "action": self.action,
            "date_from": self.date_from.strftime("%d/%m/%Y") if self.date_from else None,
            "date_to": self.date_to.strftime("%d/%m/%Y") if self.date_to else None,
        }
        return {key: value for key, value in args.items() if value not in ("", None)}


def _utc_start(day: date) -> datetime:
    """Midnight at the start of a London day, in UTC."""
    return datetime.combine(day, time.min, tzinfo=LONDON).astimezone(UTC)


def list_query(filters: AuditFilters) -> Select:
    """Audit entries, newest first, filtered."""
    query = select(AuditEntry).options(selectinload(AuditEntry.user))
    if filters.user:
        query = query.where(AuditEntry.user_id == filters.user)
    if filters.entity_type:
        query = query.where(AuditEntry.entity_type == filters.entity_type)
    if filters.entity_id is not None:
        query = query.where(AuditEntry.entity_id == filters.entity_id)
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.date_from:
        query = query.where(AuditEntry.at >= _utc_start(filters.date_from))
    if filters.date_to:
        query = query.where(AuditEntry.at < _utc_start(filters.date_to + timedelta(days=1)))
    return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def entity_types() -> list[tuple[str, str]]:
    """The record types that appear in the log, as (value, label)."""
    found = db.session.scalars(select(distinct(AuditEntry.entity_type))).all()
    return sorted(
        (
            (value, ENTITY_LABELS.get(value, value.replace("_", " ").capitalize()))
            for value in found
            if value
        ),
        key=lambda pair: pair[1],
    )


def user_choices() -> list[tuple[int, str]]:
    """Every user (deactivated ones too: their past changes stay in the log)."""
    rows = db.session.execute(select(User.id, User.name).order_by(User.name))
    return [(row.id, row.name) for row in rows]


def erased_records(entries: list[AuditEntry]) -> set[tuple[str, int]]:
    """(type, id) of records on this page that have since been erased (no link to them)."""
    ids = {(e.entity_type, e.entity_id) for e in entries if e.entity_id is not None}
    if not ids:
        return set()
    rows = db.session.execute(
        select(AuditEntry.entity_type, AuditEntry.entity_id).where(
            AuditEntry.action == "erase",
            AuditEntry.entity_id.in_({entity_id for _, entity_id in ids}),
        )
    )
    return {(row.entity_type, row.entity_id) for row in rows} & ids
