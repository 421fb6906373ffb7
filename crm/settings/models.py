"""Organisation-wide settings: one row."""

from __future__ import annotations

from sqlalchemy import JSON, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from crm.core.db import Base, TimestampMixin, VersionedMixin, enum_check
from crm.rules.vocabulary import NATIONS
from crm.settings.closures import default_closure_rows


class Settings(VersionedMixin, TimestampMixin, Base):
    """The UK nation, closure periods, default window and retention period."""

    __tablename__ = "settings"
    __table_args__ = (
        enum_check("uk_nation", NATIONS),
        CheckConstraint("default_min_window >= 0", name="default_min_window"),
        CheckConstraint("retention_years >= 1", name="retention_years"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uk_nation: Mapped[str] = mapped_column(String(20), default="england")
    closure_periods: Mapped[list] = mapped_column(JSON, default=default_closure_rows)
    default_min_window: Mapped[int] = mapped_column(default=10)
    retention_years: Mapped[int] = mapped_column(default=6)
