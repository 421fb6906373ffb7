"""Fixtures for load tests: a fresh database per test, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import os

import pytest
from flask_migrate import upgrade

from crm import create_app
from crm.core.config import TestingConfig
from crm.core.extensions import db
from tests import factories
from tests.conftest import _empty_tables
from tests.scale.servers import EDITOR_EMAIL, served


def pytest_generate_tests(metafunc):
    """Tests that take `backend` run on SQLite always, and on PostgreSQL when the suite does."""
    if "backend" in metafunc.fixturenames:
        on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
        choices = ["sqlite", "postgresql"] if on_postgres else ["sqlite"]
        metafunc.parametrize("backend", choices, scope="module")


@pytest.fixture(scope="module")
def load_db(backend, database_url, tmp_path_factory):
    """(url, app) for an empty migrated database with one editor, per module; emptied after."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('load') / 'load.sqlite3'}"
    else:
        url = database_url  # the session's PostgreSQL test database
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        if backend == "sqlite":
            upgrade(directory=app.extensions["migrate"].directory)
        factories.user(role="editor", email=EDITOR_EMAIL, name="Load Editor")
        db.session.commit()
    yield url, app
    _empty_tables(app)


@pytest.fixture(scope="module")
def server(load_db):
    """The app under gunicorn (3 workers) on the module's database; yields its port."""
    with served(load_db[0]) as (_process, port):
        yield port
