"""Log-in rate limiting, counted in the database so it holds across workers and hosts."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import func, or_, select

from crm.auth.models import LoginAttempt
from crm.db import utcnow
from crm.extensions import db

WINDOW = timedelta(minutes=15)
MAX_FAILURES = 10
log = logging.getLogger(__name__)


def is_limited(email: str, address: str) -> bool:
    """True when the account or the address has too many recent failures."""
    since = utcnow() - WINDOW
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
    return max(failures) >= MAX_FAILURES


def note_attempt(email: str, address: str, succeeded: bool) -> None:
    """Record an attempt; failures are logged without the password."""
    db.session.add(LoginAttempt(email=email[:320], address=address[:64], succeeded=succeeded))
    if not succeeded:
        log.warning("failed log-in from %s", address)
