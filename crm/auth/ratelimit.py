"""Log-in rate limiting, counted in the database so it holds across workers and hosts."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, or_, select

from crm.auth.models import LoginAttempt
from crm.core.db import utcnow
from crm.core.extensions import db

# Attempts hold emails and addresses (personal data): keep them only as long as useful.
KEEP_ATTEMPTS = timedelta(days=30)
log = logging.getLogger(__name__)


def _limits() -> tuple[int, timedelta]:
    """How many failures, within which window (Config: LOGIN_MAX_FAILURES, _WINDOW)."""
    config = current_app.config
    return config["LOGIN_MAX_FAILURES"], config["LOGIN_FAILURE_WINDOW"]


def is_limited(email: str, address: str) -> bool:
    """True when the account or the address has too many recent failures."""
    max_failures, window = _limits()
    since = utcnow() - window
    failures = db.session.execute(
        select(
            func.count().filter(LoginAttempt.email == email),
            func.count().filter(LoginAttempt.address == address),
        ).where(
            LoginAttempt.at >= since,
            LoginAttempt.succeeded.is_(False),
            or_(LoginAttempt.email == email, LoginAttempt.address == address),
        )
    ).one()
    limited = max(failures) >= max_failures
    if limited:
        # The address only: an email typed into a log-in form is personal data.
        log.warning("log-in refused: too many failures (address %s)", address)
    return limited


def note_attempt(email: str, address: str, succeeded: bool) -> None:
    """Record an attempt; failures are logged with the address, never the email or password."""
    db.session.add(LoginAttempt(email=email[:320], address=address[:64], succeeded=succeeded))
    if not succeeded:
        log.warning("failed log-in from %s", address)
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < utcnow() - KEEP_ATTEMPTS))
