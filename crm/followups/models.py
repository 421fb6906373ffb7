"""Follow-ups: actions with a due date and an owner, from a conversation or on their own."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.core.db import Base, TimestampMixin, UTCDateTime, VersionedMixin


class FollowUp(VersionedMixin, TimestampMixin, Base):
    """An action someone owes: call back, send the draft, and so on."""

    __tablename__ = "follow_ups"
    __table_args__ = (Index("ix_follow_ups_done_due_on", "done", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    description: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None]
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    done: Mapped[bool] = mapped_column(default=False)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="SET NULL"), index=True
    )

    owner = relationship("User", foreign_keys=[owner_id], lazy="raise")
    conversation = relationship("Conversation", lazy="raise")
    organisation = relationship("Organisation", lazy="raise")
    contact = relationship("Contact", lazy="raise")
    proposal = relationship("Proposal", lazy="raise")
