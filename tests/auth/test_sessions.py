"""Server-side sessions: log-out, deactivation, password and role changes, time-outs, cookies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from crm import create_app
from crm.auth import services
from crm.auth.models import User, UserSession
from crm.core.config import TestingConfig
from crm.core.db import utcnow
from crm.core.extensions import db
from tests.conftest import login


def _email(app, user_id: int) -> str:
    with app.app_context():
        return db.session.get(User, user_id).email


def _copy_cookie(source, target) -> None:
    cookie = source.get_cookie("session")
    assert cookie is not None
    target.set_cookie("session", cookie.value)


def _logged_out(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_replayed_cookie_after_log_out_gets_the_log_in_page(app, users):
    first, thief = app.test_client(), app.test_client()
    login(first, _email(app, users["editor"]))
    _copy_cookie(first, thief)
    assert thief.get("/organisations/").status_code == 200  # the copy works while signed in
    first.post("/logout")
    assert _logged_out(thief.get("/organisations/"))
    assert _logged_out(first.get("/organisations/"))
    with app.app_context():
        assert db.session.scalar(select(UserSession.revoked_at)) is not None


def test_log_out_holds_across_workers(database_url, app, users):
    """Two app instances (two workers or hosts) share the session state in the database."""
    other_worker = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url})
    client = app.test_client()
    login(client, _email(app, users["viewer"]))
    replay = other_worker.test_client()
    _copy_cookie(client, replay)
    assert replay.get("/").status_code == 200
    client.post("/logout")
    assert _logged_out(replay.get("/"))
    with other_worker.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("change", ["deactivate", "password", "role"])
def test_account_changes_end_sessions(app, users, change):
    client, copy = app.test_client(), app.test_client()
    login(client, _email(app, users["editor"]))
    _copy_cookie(client, copy)
    assert client.get("/").status_code == 200
    with app.app_context():
        user = db.session.get(User, users["editor"])
        admin = db.session.get(User, users["admin"])
        if change == "deactivate":
            services.update_user(user, user.name, user.role, False, admin, user.version)
        elif change == "password":
            services.set_password(user, "a brand new long password", admin)
        else:
            services.update_user(user, user.name, "viewer", True, admin, user.version)
        db.session.commit()
    assert _logged_out(client.get("/"))
    assert _logged_out(copy.get("/"))


def test_deactivated_user_cannot_log_in(app, client, users):
    with app.app_context():
        db.session.execute(update(User).where(User.id == users["viewer"]).values(active=False))
        db.session.commit()
    response = client.post("/login", data={"email": _email(app, users["viewer"]), "password": "x"})
    assert response.status_code == 200
    assert b"do not match an active account" in response.data


def _age_session(app, **ages) -> None:
    with app.app_context():
        now = utcnow()
        values = {key: now - value for key, value in ages.items()}
        db.session.execute(update(UserSession).values(**values))
        db.session.commit()


def test_idle_time_out(app, client, login_as):
    login_as("editor")
    _age_session(app, last_seen_at=timedelta(minutes=29))
    assert client.get("/").status_code == 200
    _age_session(app, last_seen_at=timedelta(minutes=31))
    assert _logged_out(client.get("/"))


def test_idle_time_out_is_configurable(database_url, users):
    app = create_app(
        TestingConfig,
        {"SQLALCHEMY_DATABASE_URI": database_url, "SESSION_IDLE_TIMEOUT": timedelta(minutes=5)},
    )
    client = app.test_client()
    login(client, _email(app, users["editor"]))
    _age_session(app, last_seen_at=timedelta(minutes=6))
    assert _logged_out(client.get("/"))
    with app.app_context():
        db.engine.dispose()


def test_absolute_time_out(app, client, login_as):
    login_as("editor")
    _age_session(app, created_at=timedelta(hours=11, minutes=59))
    assert client.get("/").status_code == 200
    _age_session(app, created_at=timedelta(hours=12, minutes=1), last_seen_at=timedelta(0))
    assert _logged_out(client.get("/"))


def test_activity_keeps_the_session_alive(app, client, login_as):
    login_as("editor")
    _age_session(app, last_seen_at=timedelta(minutes=20))
    assert client.get("/").status_code == 200
    with app.app_context():
        seen = db.session.scalar(select(UserSession.last_seen_at))
    assert utcnow() - seen < timedelta(minutes=1)


def test_new_session_at_log_in(app, client, users):
    """Nothing planted before log-in survives it (no session fixation)."""
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        session["sid"] = "chosen-by-attacker"
    before = client.get_cookie("session").value
    attacker = app.test_client()
    attacker.set_cookie("session", before)
    login(client, _email(app, users["editor"]))
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["sid"] != "chosen-by-attacker"
        sid = session["sid"]
    with app.app_context():
        assert db.session.get(UserSession, sid) is not None
        assert db.session.scalar(select(func.count()).select_from(UserSession)) == 1
    assert _logged_out(attacker.get("/"))


def test_each_log_in_gets_its_own_session(app, users):
    one, two = app.test_client(), app.test_client()
    login(one, _email(app, users["editor"]))
    login(two, _email(app, users["editor"]))
    with one.session_transaction() as first, two.session_transaction() as second:
        assert first["sid"] != second["sid"]
    one.post("/logout")
    assert two.get("/").status_code == 200  # logging out one browser leaves the other


def _session_cookie_header(response) -> str:
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]
    assert headers, response.headers
    return headers[-1]


def test_cookie_flags_over_http(app, client, users):
    response = login(client, _email(app, users["editor"]))
    header = _session_cookie_header(response)
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header
    assert "Secure" not in header  # plain http in development


def test_cookie_is_secure_over_https(app, users):
    client = app.test_client()
    response = client.post(
        "/login",
        data={"email": _email(app, users["editor"]), "password": "correct horse battery staple"},
        base_url="https://crm.example.org",
    )
    assert response.status_code == 302
    assert "Secure" in _session_cookie_header(response)


def test_cookie_is_secure_when_configured(database_url, users):
    app = create_app(
        TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url, "SESSION_COOKIE_SECURE": True}
    )
    response = login(app.test_client(), _email(app, users["editor"]))
    assert "Secure" in _session_cookie_header(response)
    with app.app_context():
        db.engine.dispose()


def test_https_behind_a_proxy(database_url, users):
    """PROXY_FIX=1: X-Forwarded-Proto from the proxy makes cookies Secure and turns on HSTS."""
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url, "PROXY_FIX": 1})
    client = app.test_client()
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    response = client.post(
        "/login",
        data={"email": _email(app, users["editor"]), "password": "correct horse battery staple"},
        headers=headers,
    )
    assert "Secure" in _session_cookie_header(response)
    assert "max-age=" in response.headers["Strict-Transport-Security"]
    with app.app_context():
        from crm.auth.models import LoginAttempt

        assert db.session.scalar(select(LoginAttempt.address)) == "203.0.113.9"
        db.engine.dispose()


def test_log_out_needs_post(client, login_as):
    login_as("viewer")
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200
