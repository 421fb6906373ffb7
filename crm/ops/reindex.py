"""`flask crm reindex`: rebuild every value kept up to date on write from what it summarises.

Organisations keep their last contact and last reached dates (crm/conversations/services.py),
stakes their consultation facts (crm/proposals/consultation.py) and the search indexes the
words of the notes (crm/search). The services keep each in step in the write's own
transaction; this rebuilds them all, after a restore from an old copy, a direct edit of
the database, or to check that nothing drifted (it says how many values it had to change).
"""

from __future__ import annotations

from dataclasses import dataclass

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from crm.conversations.services import refresh_contact_dates
from crm.core.extensions import db
from crm.organisations.models import Organisation
from crm.proposals.consultation import refresh_consultation
from crm.search.indexes import INDEXES, rebuild_indexes


@dataclass(frozen=True)
class Reindexed:
    """What a rebuild changed: kept values that had drifted, and the time it took."""

    organisations: int
    contact_dates_changed: int
    stakes_changed: int
    search_indexes: int
    search_seconds: float


def _contact_dates() -> dict[int, tuple]:
    rows = db.session.execute(
        select(Organisation.id, Organisation.last_contact_on, Organisation.last_reached_on)
    )
    return {organisation_id: tuple(dates) for organisation_id, *dates in rows}


def reindex() -> Reindexed:
    """Rebuild contact dates, stakes' consultation facts and search indexes (the caller
    commits); each is recomputed from the live conversations by the rule the services use."""
    before = _contact_dates()
    refresh_contact_dates(None)
    after = _contact_dates()
    stakes = refresh_consultation()
    seconds = rebuild_indexes()
    return Reindexed(
        organisations=len(after),
        contact_dates_changed=sum(before.get(key) != dates for key, dates in after.items()),
        stakes_changed=stakes,
        search_indexes=len(INDEXES),
        search_seconds=seconds,
    )


@click.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Rebuild every kept value: organisations' last contact dates, stakes' consultation
    facts and the search indexes. Safe to run at any time; pages keep working meanwhile."""
    from crm.core.cli import require_schema

    require_schema()
    done = reindex()
    db.session.commit()
    click.echo(
        f"Contact dates: {done.organisations} organisations recomputed, "
        f"{done.contact_dates_changed} changed."
    )
    click.echo(f"Consultation facts: {done.stakes_changed} stakes changed.")
    click.echo(f"Search: rebuilt {done.search_indexes} indexes in {done.search_seconds:.1f} s.")


COMMANDS = (reindex_command,)
