"""Rate limits for the partner page, counted in the database (so across workers and hosts),
per link and per address, like the log-in limit in crm/auth/ratelimit.py."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, or_, select

from crm.coproduction.models import PartnerPageHit
from crm.core.db import utcnow
from crm.core.extensions import db

KEEP = timedelta(days=1)
INVALID = "invalid"  # every wrong link counts against its address under one key
log = logging.getLogger(__name__)


def _limits() -> tuple[int, int, timedelta]:
    """Requests per link and per address within the window (Config: PARTNER_PAGE_*)."""
    config = current_app.config
    return (
        config["PARTNER_PAGE_PER_LINK"],
        config["PARTNER_PAGE_PER_ADDRESS"],
        config["PARTNER_PAGE_WINDOW"],
    )


def hit(key: str, address: str) -> bool:
    """Count one request for this link (or INVALID) from this address; True when over a limit."""
    per_link, per_address, window = _limits()
    since = utcnow() - window
    by_key, by_address, wrong_here = db.session.execute(
        select(
            func.count().filter(PartnerPageHit.key == key),
            func.count().filter(PartnerPageHit.address == address),
            func.count().filter(PartnerPageHit.key == INVALID, PartnerPageHit.address == address),
        ).where(
            PartnerPageHit.at >= since,
            or_(PartnerPageHit.key == key, PartnerPageHit.address == address),
        )
    ).one()
    # Too many for this link, too many from this address, or too many wrong links from it
    # (someone trying links is then refused even a right one).
    limited = (
        (key != INVALID and by_key >= per_link)
        or by_address >= per_address
        or wrong_here >= per_link
    )
    db.session.add(PartnerPageHit(key=key[:64], address=address[:64]))
    db.session.execute(delete(PartnerPageHit).where(PartnerPageHit.at < utcnow() - KEEP))
    if limited:
        log.warning("partner page refused: too many requests (address %s)", address)
    return limited
