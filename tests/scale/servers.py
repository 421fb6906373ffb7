"""Helpers for load tests: the real app under gunicorn, and logged-in clients."""

from __future__ import annotations

import secrets
from contextlib import contextmanager

from bench.client import Client, free_port, start_gunicorn, stop
from tests import factories

EDITOR_EMAIL = "load.editor@example.org"


@contextmanager
def served(url: str, workers: int = 3, secret_key: str | None = None):
    """The real app (wsgi:app, CSRF on) under gunicorn on this database; yields (process, port)."""
    port = free_port()
    env = {
        "DATABASE_URL": url,
        "SECRET_KEY": secret_key or secrets.token_hex(32),
        "FLASK_DEBUG": "0",
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
