"""The schema comes only from the migrations, which have one head and match the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import Migrate

from crm.core.extensions import db


def _script(app) -> ScriptDirectory:
    migrate: Migrate = app.extensions["migrate"]
    return ScriptDirectory.from_config(migrate.migrate.get_config(migrate.directory))


def _not_search_index(name, type_, _parents) -> bool:
    """The search migration's FTS5 tables, GIN indexes and generated search_words columns
    are not in the models."""
    return not (
        type_ in ("table", "index", "column")
        and name
        and name.startswith(("search_", "ix_search_"))
    )


def test_single_head(app):
    with app.app_context():
        assert len(_script(app).get_heads()) == 1


def test_every_migration_has_a_message(app):
    with app.app_context():
        for revision in _script(app).walk_revisions():
            assert revision.doc and revision.doc.strip(), revision.revision


def test_models_match_migrations(ctx):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": _not_search_index}
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_database_is_at_head(ctx):
    with db.engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_heads()
    assert set(current) == set(_script(ctx).get_heads())
