"""One row per user per day a digest was queued: the guard that makes it at most once a day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm.core.db import Base, UTCDateTime, utcnow


class DigestRun(Base):
    """A daily digest queued for a user on a day; unique per (user, day).

    The row is inserted in the same transaction that queues the message, so two
    send-reminders runs (on one server or many) cannot both queue a user's digest:
    the second insert fails on the unique constraint and its transaction is rolled back.
    """

    __tablename__ = "digest_runs"
    __table_args__ = (UniqueConstraint("user_id", "day", name="uq_digest_runs_user_id_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[date]
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_messages.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
