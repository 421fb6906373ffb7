"""The audit trail: every service records its changes here; the log is append-only."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Make the log append-only and let stale-edit notices name who saved last."""
    from crm.audit.guard import install
    from crm.audit.queries import last_saver
    from crm.core.editlock import LAST_SAVER

    install()
    app.extensions[LAST_SAVER] = last_saver
