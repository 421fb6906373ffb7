"""Read side for settings: the one Settings row and the working-day calendar built from it."""

from __future__ import annotations

from sqlalchemy import select

from crm.core.extensions import db
from crm.rules import WorkCalendar
from crm.settings.closures import closures_from, default_closure_rows
from crm.settings.models import Settings


def current_settings() -> Settings:
    """The settings row; when there is none yet, an unsaved row holding the defaults."""
    row = db.session.scalar(select(Settings).order_by(Settings.id).limit(1))
    if row is not None:
        return row
    # Not added to the session: a page that only reads must not write.
    return Settings(
        uk_nation="england",
        closure_periods=default_closure_rows(),
        default_min_window=10,
        retention_years=6,
        version=1,  # what the first save will be built from
    )


def work_calendar(settings: Settings | None = None) -> WorkCalendar:
    """The organisation's working-day calendar (UK nation and closure periods)."""
    settings = settings or current_settings()
    return WorkCalendar(settings.uk_nation or "england", closures_from(settings.closure_periods))
