"""Consent to be named, requests to answer in writing, and the answers partners give."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.core.db import Base, TimestampMixin, UTCDateTime, enum_check, utcnow
from crm.rules.vocabulary import (
    ANSWER_AGREEMENTS,
    ANSWER_NAMING,
    ANSWER_STANCES,
    NAMING_CONSENTS,
    SENT_VIA,
)


class NamingConsent(TimestampMixin, Base):
    """What a partner said about being named in one draft version, and the passages they saw.

    Rows are never changed: the latest per stake is its answer now (crm/coproduction/rules.py
    works out whether it still holds for the latest draft). `created_by` is the officer who
    recorded it; an answer given on the partner page links to it instead.
    """

    __tablename__ = "naming_consents"
    __table_args__ = (enum_check("state", NAMING_CONSENTS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stake_id: Mapped[int] = mapped_column(ForeignKey("stakes.id", ondelete="CASCADE"), index=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(30))
    passages: Mapped[list] = mapped_column(JSON, default=list)
    wording: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")  # how they told us
    answer_id: Mapped[int | None] = mapped_column(
        ForeignKey("response_answers.id", ondelete="SET NULL"), index=True
    )

    stake = relationship("Stake", lazy="raise")
    draft = relationship("Draft", lazy="raise")
    created_by = relationship("User", foreign_keys="NamingConsent.created_by_id", lazy="raise")

    @property
    def state_label(self) -> str:
        return NAMING_CONSENTS.label(self.state, self.state)


class ResponseRequest(TimestampMixin, Base):
    """A request to one contact of one stake to answer in writing, through a secret link.

    Only the SHA-256 of the link's token is kept; `created_by` asked. The state (not sent,
    sent, opened, answered, expired, revoked) is worked out by rules.request_state.
    """

    __tablename__ = "response_requests"
    __table_args__ = (enum_check("sent_via", SENT_VIA),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stake_id: Mapped[int] = mapped_column(ForeignKey("stakes.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    draft_id: Mapped[int | None] = mapped_column(
        ForeignKey("drafts.id", ondelete="SET NULL"), index=True
    )
    message: Mapped[str] = mapped_column(Text, default="")
    respond_by: Mapped[date]
    share_whole_draft: Mapped[bool] = mapped_column(default=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_via: Mapped[str | None] = mapped_column(String(20))
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    stake = relationship("Stake", lazy="raise")
    contact = relationship("Contact", lazy="raise")
    draft = relationship("Draft", lazy="raise")
    created_by = relationship("User", foreign_keys="ResponseRequest.created_by_id", lazy="raise")
    answers = relationship(
        "ResponseAnswer",
        back_populates="request",
        lazy="raise",
        order_by="ResponseAnswer.submitted_at",
        cascade="all, delete-orphan",
    )


class ResponseAnswer(TimestampMixin, Base):
    """One answer given on the partner page; a changed answer is a new row (all are kept).

    `responder_name` and `responder_role` are as typed; erasing the contact empties them,
    and the answer then shows as from "erased contact".
    """

    __tablename__ = "response_answers"
    __table_args__ = (
        enum_check("stance", ANSWER_STANCES),
        enum_check("agreement", ANSWER_AGREEMENTS),
        enum_check("naming", ANSWER_NAMING),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("response_requests.id", ondelete="CASCADE"), index=True
    )
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    responder_name: Mapped[str] = mapped_column(String(200), default="")
    responder_role: Mapped[str] = mapped_column(String(200), default="")
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    stance: Mapped[str] = mapped_column(String(20))
    stance_comments: Mapped[str] = mapped_column(Text, default="")
    agreement: Mapped[str] = mapped_column(String(30))
    agreement_detail: Mapped[str] = mapped_column(Text, default="")
    naming: Mapped[str | None] = mapped_column(String(30))
    naming_wording: Mapped[str] = mapped_column(Text, default="")
    late: Mapped[bool] = mapped_column(default=False)
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"), index=True
    )

    request = relationship("ResponseRequest", back_populates="answers", lazy="raise")
    contact = relationship("Contact", lazy="raise")

    @property
    def responder(self) -> str:
        """Who answered, as they typed it, or "erased contact" once they were erased."""
        if not self.responder_name:
            return "erased contact"
        return (
            f"{self.responder_name} ({self.responder_role})"
            if self.responder_role
            else (self.responder_name)
        )


class PartnerPageHit(Base):
    """One request to the partner page, counted for rate limiting across workers and hosts."""

    __tablename__ = "partner_page_hits"
    __table_args__ = (
        Index("ix_partner_page_hits_key_at", "key", "at"),
        Index("ix_partner_page_hits_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64))  # the token's hash, or "invalid"
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
