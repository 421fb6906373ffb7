"""Proposals, their milestones, stakes and recorded status changes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.core.db import Base, TimestampMixin, UTCDateTime, VersionedMixin, enum_check
from crm.rules.vocabulary import (
    AGREEMENTS,
    ENGAGEMENT_LEVELS,
    OVERRIDE_KINDS,
    STAKE_ROLES,
    STANCES,
    STATUSES,
)


class Proposal(VersionedMixin, TimestampMixin, Base):
    """A paper, bid or plan that partners have a stake in."""

    __tablename__ = "proposals"
    __table_args__ = (
        enum_check("status", STATUSES),
        CheckConstraint("min_window_days >= 0", name="min_window_days"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="idea")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    decision_body: Mapped[str] = mapped_column(String(200), default="")
    consultation_start: Mapped[date]
    min_window_days: Mapped[int] = mapped_column(default=10)

    author = relationship("User", foreign_keys=[author_id], lazy="raise")
    milestones = relationship(
        "Milestone",
        back_populates="proposal",
        lazy="raise",
        order_by="Milestone.due_on",
        cascade="all, delete-orphan",
    )
    stakes = relationship("Stake", back_populates="proposal", lazy="raise")

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)


class Milestone(VersionedMixin, TimestampMixin, Base):
    """A dated step of a proposal; one may be the submission deadline."""

    __tablename__ = "milestones"
    __table_args__ = (
        Index(
            "uq_milestones_one_deadline",
            "proposal_id",
            unique=True,
            sqlite_where=text("is_submission_deadline = 1"),
            postgresql_where=text("is_submission_deadline"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date]
    is_submission_deadline: Mapped[bool] = mapped_column(default=False)

    proposal = relationship("Proposal", back_populates="milestones", lazy="raise")


class Stake(VersionedMixin, TimestampMixin, Base):
    """An organisation's stake in a proposal (one per pair)."""

    __tablename__ = "stakes"
    __table_args__ = (
        UniqueConstraint("organisation_id", "proposal_id"),
        enum_check("role", STAKE_ROLES),
        enum_check("engagement_level", ENGAGEMENT_LEVELS),
        enum_check("stance", STANCES),
        enum_check("agreement", AGREEMENTS),
        CheckConstraint("influence BETWEEN 1 AND 5", name="influence"),
        CheckConstraint("interest BETWEEN 1 AND 5", name="interest"),
        CheckConstraint("(waiver_reason IS NULL) = (waived_at IS NULL)", name="waiver_complete"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(30))
    # 1-5; None is "not yet rated" (the map draws those apart, never at a made-up score).
    influence: Mapped[int | None]
    interest: Mapped[int | None]
    engagement_level: Mapped[str] = mapped_column(String(20))
    stance: Mapped[str] = mapped_column(String(20), default="unknown")
    agreement: Mapped[str] = mapped_column(String(30), default="not_asked")
    agreement_date: Mapped[date | None]
    agreement_conditions: Mapped[str] = mapped_column(Text, default="")
    key_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    waiver_reason: Mapped[str | None] = mapped_column(Text)
    waived_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    waived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Kept by crm.proposals.consultation.refresh_consultation in the same transaction as any
    # write that changes them (rules.consult_facts over the live conversations concerning
    # this proposal and involving this organisation since the consultation start), so no
    # page rereads the conversation log; `flask crm reindex` rebuilds them.
    consulted_on: Mapped[date | None]
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_attempt_on: Mapped[date | None]
    last_conversation_on: Mapped[date | None]

    organisation = relationship("Organisation", lazy="raise")
    proposal = relationship("Proposal", back_populates="stakes", lazy="raise")
    key_contact = relationship("Contact", lazy="raise")
    waived_by = relationship("User", foreign_keys=[waived_by_id], lazy="raise")

    @property
    def waived(self) -> bool:
        return self.waived_at is not None


class StatusChange(Base):
    """A recorded move along the proposal lifecycle, with any override and its reason."""

    __tablename__ = "status_changes"
    __table_args__ = (
        enum_check("from_status", STATUSES),
        enum_check("to_status", STATUSES),
        enum_check("override_kind", OVERRIDE_KINDS),
        CheckConstraint(
            "(override_kind IS NULL) = (override_reason IS NULL)", name="override_complete"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    override_kind: Mapped[str | None] = mapped_column(String(20))
    override_reason: Mapped[str | None] = mapped_column(Text)
    # The organisations outstanding at that moment: [{"id": 3, "name": "..."}].
    outstanding: Mapped[list] = mapped_column(JSON, default=list)

    proposal = relationship("Proposal", lazy="raise")
    changed_by = relationship("User", foreign_keys=[changed_by_id], lazy="raise")
