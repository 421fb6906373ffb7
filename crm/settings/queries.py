"""Read side for settings: the one Settings row and the working-day calendar built from it."""

from __future__ import annotations

from sqlalchemy import select

from crm.checklists.rules import ClosurePeriod, WorkCalendar
from crm.extensions import db
from crm.settings.models import DEFAULT_CLOSURES, Settings


def current_settings() -> Settings:
    """The settings row; when there is none yet, an unsaved row holding the defaults."""
    row = db.session.scalar(select(Settings).order_by(Settings.id).limit(1))
    if row is not None:
        return row
    # Not added to the session: a page that only reads must not write.
    return Settings(
        uk_nation="england",
        closure_periods=[dict(period) for period in DEFAULT_CLOSURES],
        default_min_window=10,
        retention_years=6,
        version=1,  # what the first save will be built from
    )


def _month_day(text: str) -> tuple[int, int]:
    """(month, day) from a stored "MM-DD" string."""
    month, day = text.split("-")
    return int(month), int(day)


def closures_from(periods: list[dict]) -> tuple[ClosurePeriod, ...]:
    """ClosurePeriods from stored [{"start": "MM-DD", "end": "MM-DD"}]; bad rows are skipped."""
    found: list[ClosurePeriod] = []
    for period in periods or []:
        try:
            found.append(ClosurePeriod(_month_day(period["start"]), _month_day(period["end"])))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue  # a hand-edited row must not take every page down
    return tuple(found)


def work_calendar(settings: Settings | None = None) -> WorkCalendar:
    """The organisation's working-day calendar (UK nation and closure periods)."""
    settings = settings or current_settings()
    return WorkCalendar(settings.uk_nation or "england", closures_from(settings.closure_periods))
