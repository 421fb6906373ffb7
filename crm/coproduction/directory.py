"""The directory the names check reads: every active organisation's names and aliases,
kept per process and built again only when organisations change."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from crm.coproduction import names
from crm.core.extensions import db
from crm.organisations.models import Organisation

_cache_lock = threading.Lock()
_cache: dict[str, tuple[tuple, names.Directory]] = {}


def directory() -> names.Directory:
    """Every active organisation's names, indexed for the names check.

    Built again only when organisations changed (their count, newest change or highest
    id), so a page checks a draft without reading 2,000 organisations each time.
    """
    fingerprint = tuple(
        db.session.execute(
            select(
                func.count(Organisation.id),
                func.max(Organisation.updated_at),
                func.max(Organisation.id),
            ).where(Organisation.archived.is_(False))
        ).one()
    )
    key = str(db.engine.url)
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
    rows = db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.aliases).where(
            Organisation.archived.is_(False)
        )
    )
    built = names.Directory.build(
        names.Organisation(oid, name, tuple(a for a in (aliases or "").split("\n") if a))
        for oid, name, aliases in rows
    )
    with _cache_lock:
        _cache[key] = (fingerprint, built)
    return built
