"""Shared fixtures: a database built by the migrations, the app, clients per role, the clock.

The clock: every "today" and "now" in the app comes from `crm.core.dates` (`today_london()`,
`utcnow()`). A test that depends on the date sets it with the `set_today` fixture:

    def test_something(set_today, client):
        today = set_today(date(2026, 11, 28))   # a Saturday; now = that day, real time of day
        ...

and computes what it expects from that date (`crm.core.dates.uk_date(today)`, ...), never from
the wall clock. The clock goes back to the real date after every test. Servers that tests
start in another process (browser and live-server tests) are given the date through the
environment, `PARTNERWISE_TODAY=YYYY-MM-DD`, as a training session would be.
"""

from __future__ import annotations

import copy
import os
from contextlib import contextmanager

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.extras import counting
from crm import create_app
from crm.auth.models import User
from crm.core import dates
from crm.core.config import TestingConfig, normalise_database_url
from crm.core.extensions import db
from tests import factories


def _postgres_test_url(url: str) -> str:
    """A separate database beside the one named in DATABASE_URL, created if missing."""
    parsed = make_url(normalise_database_url(url))
    # PWTEST_DB lets several checkouts test against one server at once.
    test_name = os.environ.get("PWTEST_DB") or f"{parsed.database}_pwtest"
    # Under pytest-xdist (make test-fast) each worker has a database of its own.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        test_name = f"{test_name}_{worker}"
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


@pytest.fixture(scope="session")
def _one_app(database_url):
    """One app for the run, and its configuration as built: building an app compiles every
    URL rule (about 0.1 s), which once per test was a third of the suite's time."""
    application = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url})
    return application, copy.deepcopy(dict(application.config))


@pytest.fixture
def app(_one_app):
    """The app on the migrated test database; after each test its configuration is put back
    as built and its tables are emptied. (A test that adds routes builds its own app.)"""
    application, config = _one_app
    dates.set_today(None)
    yield application
    application.config.clear()
    application.config.update(copy.deepcopy(config))
    _empty_tables(application)


@pytest.fixture(autouse=True)
def _real_clock_after_each_test():
    """Whatever a test set the app's date to, the next test starts on the real clock."""
    yield
    dates.set_today(None)


@pytest.fixture
def set_today(app):
    """set_today(day) sets the app's date (crm.core.dates) for the rest of the test; returns day."""

    def _set(day):
        app.config["PARTNERWISE_TODAY"] = day
        dates.set_today(day)
        return day

    return _set


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


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free port; `.received` holds what it got."""
    from bench.smtp_server import SmtpServer

    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(database_url, smtp_server):
    """The app sending to the test SMTP server, with quick retries."""
    application = create_app(
        TestingConfig,
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MAIL_URL": smtp_server.url,
            "MAIL_FROM": "partnerwise@crm.example.org",
            "MAIL_BOUNCE_ADDRESS": "bounces@crm.example.org",
            "BASE_URL": "https://crm.example.org",
            "MAIL_RETRY_SECONDS": 60,
        },
    )
    yield application
    _empty_tables(application)


# --- Tiers, database-specific tests, and no silent skips under CI --------------------------

DIALECT = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
DIALECT_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def pytest_collection_modifyitems(config, items):
    """Mark the slow tiers by folder (tests/browser, tests/scale; others mark themselves),
    and skip, saying so, the tests made for the other database."""
    tests_dir = os.path.dirname(__file__)
    for item in items:
        parts = os.path.relpath(str(item.path), tests_dir).split(os.sep)
        if parts[0] == "browser":
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.server)
        elif parts[0] == "scale":
            item.add_marker(pytest.mark.scale)
        wanted = item.get_closest_marker("database")
        if wanted and wanted.args[0] != DIALECT:
            name = DIALECT_NAMES[wanted.args[0]]
            why = wanted.kwargs.get("reason", "")
            item.add_marker(pytest.mark.skip(reason=f"{name} only: {why}".rstrip(": ")))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With CI=true a test that cannot run fails instead of skipping, unless it is declared
    for the other database (@pytest.mark.database("postgresql", reason=...))."""
    outcome = yield
    report = outcome.get_result()
    if (
        report.skipped
        and os.environ.get("CI", "").lower() in ("1", "true", "yes")
        and not item.get_closest_marker("database")
        and not hasattr(report, "wasxfail")
    ):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"CI=true: this test skipped instead of running ({reason})"
