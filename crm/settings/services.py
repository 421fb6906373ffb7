"""Reading and changing the organisation-wide settings (one row)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from crm.audit.services import apply_changes, record
from crm.extensions import db
from crm.settings.models import DEFAULT_CLOSURES, Settings


def current_settings() -> Settings:
    """The settings row, created with the defaults the first time it is needed."""
    settings = db.session.scalar(select(Settings).order_by(Settings.id).limit(1))
    if settings is None:
        settings = Settings(
            uk_nation="england",
            closure_periods=list(DEFAULT_CLOSURES),
            default_min_window=10,
            retention_years=6,
        )
        db.session.add(settings)
        db.session.flush()
    return settings


def update_settings(values: dict[str, Any], actor) -> dict:
    """Save new settings and audit what changed."""
    settings = current_settings()
    changes = apply_changes(settings, values)
    if changes:
        record("update", settings, actor, changes)
    return changes


def work_calendar():
    """The working-day calendar (nation and closure periods) from the settings."""
    from crm.checklists.workdays import ClosurePeriod, WorkCalendar

    settings = current_settings()
    closures = []
    for period in settings.closure_periods or []:
        start_month, start_day = (int(part) for part in period["start"].split("-"))
        end_month, end_day = (int(part) for part in period["end"].split("-"))
        closures.append(ClosurePeriod((start_month, start_day), (end_month, end_day)))
    return WorkCalendar(nation=settings.uk_nation, closures=tuple(closures))
