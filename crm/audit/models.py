"""The audit log: one row per change, never updated or deleted by the app."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.core.db import Base, UTCDateTime, enum_check, utcnow
from crm.rules.vocabulary import AUDIT_ACTIONS


class AuditEntry(Base):
    """Who changed what, when, with old and new values."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        enum_check("action", AUDIT_ACTIONS),
        Index("ix_audit_entries_entity", "entity_type", "entity_id"),
        Index("ix_audit_entries_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(String(500), default="")
    # {"field": [old, new], ...}
    changes: Mapped[dict] = mapped_column(JSON, default=dict)

    user = relationship("User", lazy="raise")
