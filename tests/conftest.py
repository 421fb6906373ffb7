"""Shared fixtures: a database built by the migrations, the app, clients per role."""

from __future__ import annotations

import os
from contextlib import contextmanager

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.extras import counting
from crm import create_app
from crm.auth.models import User
from crm.core.config import TestingConfig, normalise_database_url
from crm.core.extensions import db
from tests import factories


def _postgres_test_url(url: str) -> str:
    """A separate database beside the one named in DATABASE_URL, created if missing."""
    parsed = make_url(normalise_database_url(url))
    # PWTEST_DB lets several checkouts test against one server at once.
    test_name = os.environ.get("PWTEST_DB") or f"{parsed.database}_pwtest"
    admin = create_engine(parsed, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": test_name})
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{test_name}"'))
    admin.dispose()
    test_url = parsed.set(database=test_name)
    engine = create_engine(test_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return test_url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """Build the schema once per run with the migrations (never create_all)."""
    env_url = os.environ.get("DATABASE_URL")
    if env_url and not env_url.startswith("sqlite"):
        url = _postgres_test_url(env_url)
    else:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        db.engine.dispose()
    return url


def _empty_tables(app) -> None:
    with app.app_context():
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            if db.engine.dialect.name == "postgresql":
                conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    conn.execute(text(f"DELETE FROM {table}"))
        db.engine.dispose()


@pytest.fixture
def app(database_url):
    """An app on the migrated test database, emptied after each test."""
    application = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url})
    yield application
    _empty_tables(application)


@pytest.fixture
def ctx(app):
    """An application context, for tests that call services directly."""
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def users(app) -> dict[str, int]:
    """One user per role; returns their ids by role."""
    with app.app_context():
        made = {role: factories.user(role=role) for role in ("admin", "editor", "viewer")}
        db.session.commit()
        return {role: user.id for role, user in made.items()}


def login(client, email: str, password: str = factories.PASSWORD):
    """Log a test client in through the real log-in form."""
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


@pytest.fixture
def login_as(app, client, users):
    """login_as('editor') logs the client in as that role's user and returns the user id."""

    def _login(role: str) -> int:
        with app.app_context():
            email = db.session.get(User, users[role]).email
        login(client, email)
        return users[role]

    return _login


@pytest.fixture
def count_queries(app):
    """Count SQL statements inside a block: `with count_queries() as counter: ...`."""

    @contextmanager
    def _count():
        with app.app_context():
            engine = db.engine
        counter = {"n": 0, "statements": []}
        with counting(engine) as seen:
            yield counter  # filled in when the block ends
        counter.update(n=len(seen), statements=seen)

    return _count
