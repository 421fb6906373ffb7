"""Reading and changing the organisation-wide settings (one row)."""

from __future__ import annotations

from typing import Any

from crm.audit.services import apply_changes, record
from crm.core.extensions import db
from crm.settings.queries import current_settings


def update_settings(values: dict[str, Any], actor) -> dict:
    """Save new settings and audit what changed."""
    settings = current_settings()
    if settings.id is None:
        db.session.add(settings)  # the first save keeps the defaults row
    changes = apply_changes(settings, values)
    if changes:
        record("update", settings, actor, changes)
    return changes
