"""Conversations (the interaction log): who took part, which organisations and proposals."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.core.db import Base, TimestampMixin, UTCDateTime, VersionedMixin, enum_check
from crm.rules.vocabulary import CHANNELS, OUTCOMES, STANCES

conversation_organisations = Table(
    "conversation_organisations",
    Base.metadata,
    Column(
        "conversation_id",
        ForeignKey("conversations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "organisation_id",
        ForeignKey("organisations.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Conversation(VersionedMixin, TimestampMixin, Base):
    """One logged interaction: a call, meeting, email and so on."""

    __tablename__ = "conversations"
    __table_args__ = (
        enum_check("channel", CHANNELS),
        enum_check("outcome", OUTCOMES),
        Index("ix_conversations_occurred_on", "occurred_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_on: Mapped[date]
    occurred_at: Mapped[time | None]  # optional time of day, Europe/London
    channel: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text, default="")
    logged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    logged_by = relationship("User", foreign_keys=[logged_by_id], lazy="raise")
    participants = relationship(
        "ConversationContact",
        back_populates="conversation",
        lazy="raise",
        cascade="all, delete-orphan",
    )
    organisations = relationship("Organisation", secondary=conversation_organisations, lazy="raise")
    proposal_links = relationship(
        "ConversationProposal",
        back_populates="conversation",
        lazy="raise",
        cascade="all, delete-orphan",
    )

    @property
    def channel_label(self) -> str:
        return CHANNELS.get(self.channel, self.channel)

    @property
    def outcome_label(self) -> str:
        return OUTCOMES.get(self.outcome, self.outcome)


class ConversationContact(Base):
    """A person in a conversation; contact_id is NULL once that person is erased."""

    __tablename__ = "conversation_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )

    conversation = relationship("Conversation", back_populates="participants", lazy="raise")
    contact = relationship("Contact", lazy="raise")


class ConversationProposal(Base):
    """A proposal a conversation concerns, with the stance heard per organisation."""

    __tablename__ = "conversation_proposals"
    __table_args__ = (enum_check("stance", STANCES),)

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    stance: Mapped[str | None] = mapped_column(String(20))

    conversation = relationship("Conversation", back_populates="proposal_links", lazy="raise")
    proposal = relationship("Proposal", lazy="raise")
