"""Helpers for load tests: the real app under gunicorn, and logged-in clients."""

from __future__ import annotations

import secrets
from contextlib import contextmanager
from datetime import date

from bench.client import Client, free_port, start_gunicorn, stop
from tests import factories

EDITOR_EMAIL = "load.editor@example.org"
# The servers' date (PARTNERWISE_TODAY): nothing here depends on which day it is, and setting
# it keeps the servers off the real clock like every other server the tests start.
TODAY = date(2027, 2, 26)


@contextmanager
def served(url: str, workers: int = 3, secret_key: str | None = None, today: date = TODAY):
    """The real app (wsgi:app, CSRF on) under gunicorn on this database; yields (process, port)."""
    port = free_port()
    env = {
        "DATABASE_URL": url,
        "SECRET_KEY": secret_key or secrets.token_hex(32),
        "FLASK_DEBUG": "0",
        "PARTNERWISE_TODAY": today.isoformat(),
    }
    process = start_gunicorn("wsgi:app", port, env, workers=workers)
    try:
        yield process, port
    finally:
        stop(process)


def editor(port: int) -> Client:
    """A client logged in as the load-test editor through the real form."""
    client = Client(port, timeout=30)
    response = client.login(EDITOR_EMAIL, factories.PASSWORD)
    assert response.status == 302, response.text[:300]
    return client


def sqlite_path(url: str) -> str:
    """The file behind a sqlite:/// URL."""
    return url.removeprefix("sqlite:///")
