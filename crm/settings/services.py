"""Reading and changing the organisation-wide settings (one row)."""

from __future__ import annotations

from typing import Any

from crm.audit.services import apply_changes, record
from crm.core.errors import check_version
from crm.core.extensions import db
from crm.settings.queries import current_settings


def update_settings(values: dict[str, Any], actor, version: int | None) -> dict:
    """Save new settings from a form built at `version` (refused when stale); audit them."""
    settings = current_settings()
    check_version(settings, version)
    if settings.id is None:
        db.session.add(settings)  # the first save keeps the defaults row
    changes = apply_changes(settings, values)
    if changes:
        record("update", settings, actor, changes)
    return changes
