"""Contacts: the people at partner organisations, and individual partners."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from crm.core.db import Base, TimestampMixin, UTCDateTime, VersionedMixin, enum_check
from crm.core.text import name_key as folded_key
from crm.rules.vocabulary import LAWFUL_BASES, PREFERRED_CHANNELS
from crm.rules.wording import contact_preference


class Contact(VersionedMixin, TimestampMixin, Base):
    """A person we talk to."""

    __tablename__ = "contacts"
    __table_args__ = (
        enum_check("preferred_channel", PREFERRED_CHANNELS),
        enum_check("lawful_basis", LAWFUL_BASES),
        CheckConstraint(
            "lawful_basis <> 'consent' OR consent_date IS NOT NULL", name="consent_has_date"
        ),
        Index("ix_contacts_archived_name_key", "archived", "name_key"),
        Index("ix_contacts_email", "email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)  # folded, for search
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    job_title: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    phone_other: Mapped[str] = mapped_column(String(40), default="")
    preferred_channel: Mapped[str] = mapped_column(String(20), default="phone")
    best_times: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    lawful_basis: Mapped[str] = mapped_column(
        String(30), default="legitimate_interests", server_default="legitimate_interests"
    )
    consent_date: Mapped[date | None]
    lawful_basis_note: Mapped[str] = mapped_column(String(300), default="")
    do_not_contact: Mapped[bool] = mapped_column(default=False)
    archived: Mapped[bool] = mapped_column(default=False)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation = relationship("Organisation", back_populates="contacts", lazy="raise")

    @validates("name")
    def _keep_name_key(self, _key: str, value: str) -> str:
        self.name_key = folded_key(value)
        return value

    @property
    def channel_label(self) -> str:
        return PREFERRED_CHANNELS.get(self.preferred_channel, self.preferred_channel)

    @property
    def preference(self) -> str:
        """'Prefers phone; best times: after 2pm', composed by crm.rules.wording."""
        return contact_preference(self.channel_label, self.best_times)

    @property
    def lawful_basis_label(self) -> str:
        return LAWFUL_BASES.get(self.lawful_basis, self.lawful_basis)

    def __repr__(self) -> str:
        return f"<Contact {self.id} {self.name!r}>"
