"""Consent to be named, requests to answer in writing, and the answers partners give."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.coproduction.rules import CONSENT_CHOICES, CONSENT_LABELS
from crm.db import Base, TimestampMixin, enum_check


class NamingConsent(TimestampMixin, Base):
    """What a partner said about being named in one draft version, and the passages they saw.

    Rows are never changed: the latest per stake is its answer now (crm/coproduction/rules.py
    works out whether it still holds for the latest draft). `created_by` is the officer who
    recorded it; an answer given on the partner page links to it instead.
    """

    __tablename__ = "naming_consents"
    __table_args__ = (enum_check("state", [value for value, _ in CONSENT_CHOICES]),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stake_id: Mapped[int] = mapped_column(ForeignKey("stakes.id", ondelete="CASCADE"), index=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(30))
    passages: Mapped[list] = mapped_column(JSON, default=list)
    wording: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")  # how they told us

    stake = relationship("Stake", lazy="raise")
    draft = relationship("Draft", lazy="raise")
    created_by = relationship("User", foreign_keys="NamingConsent.created_by_id", lazy="raise")

    @property
    def state_label(self) -> str:
        return CONSENT_LABELS.get(self.state, self.state)
