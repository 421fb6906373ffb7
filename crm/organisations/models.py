"""Partner organisations."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from crm.core.db import Base, TimestampMixin, UTCDateTime, VersionedMixin, enum_check
from crm.core.text import name_key as folded_key
from crm.rules.vocabulary import DECIDES_BY, ORGANISATION_KINDS

# Decision meetings on a monthly rule: the week of the month (5 = the last) and the weekday.
MEETING_WEEKS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "last"}
WEEKDAYS = {0: "Monday", 1: "Tuesday", 2: "Wednesday", 3: "Thursday", 4: "Friday",
            5: "Saturday", 6: "Sunday"}  # fmt: skip


def name_key(name: str) -> str:
    """The normalised form of a name used for uniqueness, matching and search."""
    return folded_key(name)


class Organisation(VersionedMixin, TimestampMixin, Base):
    """A partner organisation."""

    __tablename__ = "organisations"
    __table_args__ = (
        enum_check("kind", ORGANISATION_KINDS),
        enum_check("decides_by", DECIDES_BY),
        CheckConstraint(
            "meeting_week IS NULL OR meeting_week BETWEEN 1 AND 5", name="meeting_week"
        ),
        CheckConstraint(
            "meeting_weekday IS NULL OR meeting_weekday BETWEEN 0 AND 6", name="meeting_weekday"
        ),
        CheckConstraint("stay_in_touch_days IS NULL OR stay_in_touch_days > 0", name="cadence"),
        # Names are unique among active organisations, ignoring case and spacing.
        Index(
            "uq_organisations_active_name_key",
            "name_key",
            unique=True,
            sqlite_where=text("archived = 0"),
            postgresql_where=text("NOT archived"),
        ),
        Index("ix_organisations_archived_name_key", "archived", "name_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30), default="other")
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    area_served: Mapped[str] = mapped_column(String(200), default="")
    tags: Mapped[str] = mapped_column(String(500), default="")  # comma-separated, lower case
    # Short names and acronyms the names check also looks for, one per line.
    aliases: Mapped[str] = mapped_column(Text, default="", server_default="")
    decides_by: Mapped[str] = mapped_column(String(20), default="unknown", server_default="unknown")
    meeting_week: Mapped[int | None]
    meeting_weekday: Mapped[int | None]
    # Listed decision meetings, ISO dates one per line.
    meeting_dates: Mapped[str] = mapped_column(Text, default="", server_default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    stay_in_touch_days: Mapped[int | None]
    # Kept by crm.conversations.services.refresh_contact_dates in the same transaction as
    # every change to a conversation, so lists and the dashboard never rescan the log.
    last_contact_on: Mapped[date | None] = mapped_column(index=True)
    last_reached_on: Mapped[date | None] = mapped_column(index=True)
    archived: Mapped[bool] = mapped_column(default=False)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    owner = relationship("User", foreign_keys=[owner_id], lazy="raise")
    contacts = relationship(
        "Contact", back_populates="organisation", lazy="raise", order_by="Contact.name"
    )

    @validates("name")
    def _keep_name_key(self, _key: str, value: str) -> str:
        self.name_key = name_key(value)
        return value

    @property
    def kind_label(self) -> str:
        return ORGANISATION_KINDS.get(self.kind, self.kind)

    @property
    def decides_by_label(self) -> str:
        return DECIDES_BY.label(self.decides_by, self.decides_by)

    @property
    def meeting_rule_label(self) -> str:
        """'second Tuesday of each month', or '' without a rule."""
        if self.meeting_week is None or self.meeting_weekday is None:
            return ""
        return f"{MEETING_WEEKS[self.meeting_week]} {WEEKDAYS[self.meeting_weekday]} of each month"

    @property
    def meeting_date_list(self) -> list[date]:
        found = []
        for line in self.meeting_dates.split("\n"):
            try:
                found.append(date.fromisoformat(line.strip()))
            except ValueError:
                continue
        return sorted(found)

    @property
    def alias_list(self) -> list[str]:
        return [alias for alias in self.aliases.split("\n") if alias]

    @property
    def tag_list(self) -> list[str]:
        return [tag for tag in self.tags.split(",") if tag]

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"
