"""Log-in rate limits per account and per address, counted in the database."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import func, select, update

from crm import create_app
from crm.auth.models import LoginAttempt, User
from crm.core.config import TestingConfig
from crm.core.db import utcnow
from crm.core.extensions import db
from tests.factories import PASSWORD


def _email(app, user_id: int) -> str:
    with app.app_context():
        return db.session.get(User, user_id).email


def _attempt(client, email: str, password: str = "wrong password!", address: str = "192.0.2.1"):
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_ten_failures_lock_the_account_from_any_address(app, client, users):
    email = _email(app, users["editor"])
    for n in range(10):
        assert _attempt(client, email, address=f"198.51.100.{n}").status_code == 200
    response = _attempt(client, email, PASSWORD, address="203.0.113.50")
    assert response.status_code == 429
    assert b"Too many failed attempts" in response.data
    other = _email(app, users["viewer"])
    assert _attempt(client, other, PASSWORD, address="203.0.113.50").status_code == 302


def test_ten_failures_from_one_address_block_that_address(app, client, users):
    for n in range(10):
        _attempt(client, f"nobody{n}@example.org", address="192.0.2.7")
    email = _email(app, users["editor"])
    assert _attempt(client, email, PASSWORD, address="192.0.2.7").status_code == 429
    assert _attempt(client, email, PASSWORD, address="192.0.2.8").status_code == 302


def test_nine_failures_still_allow_the_right_password(app, client, users):
    email = _email(app, users["editor"])
    for _ in range(9):
        _attempt(client, email)
    assert _attempt(client, email, PASSWORD).status_code == 302


def test_failures_expire_after_the_window(app, client, users):
    email = _email(app, users["editor"])
    for _ in range(10):
        _attempt(client, email)
    with app.app_context():
        db.session.execute(update(LoginAttempt).values(at=utcnow() - timedelta(minutes=16)))
        db.session.commit()
    assert _attempt(client, email, PASSWORD).status_code == 302


def test_limit_holds_across_workers(database_url, app, users):
    """Failures made through one app instance count in another (shared database)."""
    email = _email(app, users["editor"])
    worker_a = app.test_client()
    for _ in range(10):
        _attempt(worker_a, email)
    other = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url})
    assert _attempt(other.test_client(), email, PASSWORD).status_code == 429
    with other.app_context():
        db.engine.dispose()


def test_failures_are_logged_with_the_address_not_the_email(app, client, caplog):
    caplog.set_level(logging.DEBUG)
    email = "unique-person-4711@example.org"
    for _ in range(11):
        _attempt(client, email, address="192.0.2.99")
    messages = [r.getMessage() for r in caplog.records]
    assert any("failed log-in from 192.0.2.99" in m for m in messages)
    assert any("too many failures" in m for m in messages)
    assert email not in caplog.text
    assert "wrong password!" not in caplog.text


def test_attempts_are_counted_in_the_database(app, client):
    _attempt(client, "someone@example.org")
    with app.app_context():
        row = db.session.scalar(select(LoginAttempt))
        assert (row.email, row.address, row.succeeded) == (
            "someone@example.org",
            "192.0.2.1",
            False,
        )


def test_old_attempts_are_pruned(app, client):
    _attempt(client, "old@example.org")
    with app.app_context():
        db.session.execute(update(LoginAttempt).values(at=utcnow() - timedelta(days=31)))
        db.session.commit()
    _attempt(client, "new@example.org")
    with app.app_context():
        emails = db.session.scalars(select(LoginAttempt.email)).all()
        assert emails == ["new@example.org"]


def test_wrong_current_password_counts_towards_the_limit(app, client, login_as):
    login_as("viewer")
    for _ in range(10):
        response = client.post(
            "/account/password",
            data={"current": "not it at all", "password": "another long password"},
        )
        assert response.status_code == 422
    response = client.post(
        "/account/password", data={"current": PASSWORD, "password": "another long password"}
    )
    assert response.status_code == 429
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) >= 10
