"""Every changing route refuses a missing or foreign CSRF token; no GET route changes data."""

from __future__ import annotations

import re

import pytest

from crm import create_app
from crm.core.access import WRITE_METHODS
from crm.core.config import TestingConfig
from crm.core.extensions import db
from tests.walk import build_world, routes, sign_in, snapshot, url_for_rule

CSRF_MESSAGE = b"The form had expired or was sent from elsewhere"


@pytest.fixture
def csrf_app(database_url):
    """The app with CSRF protection on, as in production."""
    app = create_app(
        TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url, "WTF_CSRF_ENABLED": True}
    )
    yield app
    with app.app_context():
        db.engine.dispose()


def _token(client, path: str = "/login") -> str:
    """The CSRF token in a page's form (tied to that client's session)."""
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert match, page[:500]
    return match.group(1)


def test_every_changing_route_refuses_missing_or_foreign_csrf_tokens(csrf_app, users):
    with csrf_app.app_context():
        world = build_world()
        db.session.commit()
    signed_in = csrf_app.test_client()
    with csrf_app.app_context():
        sign_in(signed_in, users["admin"])
    own_token = _token(signed_in, "/account/password")
    foreign_token = _token(csrf_app.test_client())  # minted for someone else's session
    assert foreign_token != own_token
    checked, failures = 0, []
    for endpoint, rule, method in routes(csrf_app):
        if method not in WRITE_METHODS:
            continue
        path = url_for_rule(rule, world)
        attempts = {
            "anonymous, no token": (csrf_app.test_client(), {}),
            "signed in, no token": (signed_in, {}),
            "signed in, foreign token": (signed_in, {"csrf_token": foreign_token}),
        }
        for label, (client, data) in attempts.items():
            response = client.open(path, method=method, data=data)
            if label.startswith("anonymous") and response.status_code == 302:
                # Refused before the token is read (the import pages check it themselves,
                # after raising the upload limit): the log-in page, nothing changed.
                assert response.headers["Location"].startswith("/login"), path
                continue
            if response.status_code != 400 or CSRF_MESSAGE not in response.data:
                failures.append(f"{method} {path} ({endpoint}), {label}: {response.status_code}")
        checked += 1
    assert not failures, "\n".join(failures)
    assert checked >= 8
    # The same client with its own token gets past the check (so the test can tell).
    response = signed_in.post("/logout", data={"csrf_token": own_token})
    assert response.status_code == 302


def test_csrf_header_token_from_htmx_works(csrf_app, users):
    client = csrf_app.test_client()
    with csrf_app.app_context():
        sign_in(client, users["viewer"])
    token = _token(client, "/account/password")
    response = client.post("/logout", headers={"X-CSRFToken": token})
    assert response.status_code == 302


def test_no_get_route_changes_data(app, users):
    with app.app_context():
        world = build_world()
        db.session.commit()
    failures = []
    for role in ("admin", "editor", "viewer"):
        client = app.test_client()
        with app.app_context():
            sign_in(client, users[role])
        for endpoint, rule, method in routes(app):
            if method != "GET":
                continue
            path = url_for_rule(rule, world)
            with app.app_context():
                before = snapshot()
            client.get(path)
            with app.app_context():
                after = snapshot()
            changed = sorted(name for name in before if before[name] != after[name])
            if changed:
                failures.append(f"GET {path} ({endpoint}) as {role} changed {changed}")
    assert not failures, "\n".join(failures)
