"""`flask crm search-reindex`: rebuild the search indexes from the tables."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("search-reindex")
@with_appcontext
def search_reindex_command() -> None:
    """Rebuild every search index from its table (after a restore from an old copy, or a
    direct database edit with triggers off). Searching keeps working meanwhile."""
    from crm.core.cli import require_schema
    from crm.core.extensions import db
    from crm.search.indexes import INDEXES, rebuild_indexes

    require_schema()
    seconds = rebuild_indexes()
    db.session.commit()
    click.echo(f"Rebuilt {len(INDEXES)} search indexes in {seconds:.1f} s.")


COMMANDS = (search_reindex_command,)
