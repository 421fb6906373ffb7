"""Hardening: calendar links end with sessions, short idle times, flashes without names."""

from __future__ import annotations

import base64
import json
import zlib
from datetime import timedelta

from sqlalchemy import select, update

from crm import create_app
from crm.auth import services
from crm.auth.models import User, UserSession
from crm.core.config import TestingConfig
from crm.core.db import utcnow
from crm.core.extensions import db
from tests.conftest import login


def test_a_password_change_revokes_the_calendar_link(app, client, users):
    with app.app_context():
        user = db.session.get(User, users["editor"])
        user.calendar_token = "t" * 40
        db.session.commit()
    assert client.get("/calendar/" + "t" * 40 + ".ics").status_code == 200
    with app.app_context():
        user = db.session.get(User, users["editor"])
        services.set_password(user, "kettle orchard violin moss", None)
        db.session.commit()
        assert db.session.get(User, users["editor"]).calendar_token is None
    assert client.get("/calendar/" + "t" * 40 + ".ics").status_code == 404


def test_a_one_minute_idle_time_keeps_an_active_user_logged_in(database_url, users):
    app = create_app(
        TestingConfig,
        {"SQLALCHEMY_DATABASE_URI": database_url, "SESSION_IDLE_TIMEOUT": timedelta(minutes=1)},
    )
    client = app.test_client()
    with app.app_context():
        email = db.session.get(User, users["editor"]).email
    login(client, email)
    # A click every 40 seconds for four minutes: each one must count as activity.
    for _ in range(6):
        with app.app_context():
            seen = db.session.scalar(select(UserSession.last_seen_at))
            db.session.execute(
                update(UserSession).values(last_seen_at=seen - timedelta(seconds=40))
            )
            db.session.commit()
        response = client.get("/organisations/")
        assert response.status_code == 200, "logged out while active"
    with app.app_context():
        seen = db.session.scalar(select(UserSession.last_seen_at))
        assert utcnow() - seen < timedelta(seconds=20)
        db.engine.dispose()


def _cookie_data(client) -> str:
    """What the signed session cookie says (signed, not encrypted: anyone holding it reads it)."""
    value = client.get_cookie("session").value
    payload = value.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    if value.startswith("."):
        raw = zlib.decompress(raw)
    return json.dumps(json.loads(raw), ensure_ascii=False)


def test_flash_messages_carry_no_personal_names(client, login_as):
    login_as("admin")
    response = client.post(
        "/contacts/new",
        data={
            "name": "Rhiannon Pritchard",
            "organisation_id": "0",
            "lawful_basis": "legitimate_interests",
            "preferred_channel": "phone",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert "Rhiannon" not in _cookie_data(client)
    response = client.post(
        "/users/new",
        data={
            "name": "Gethin Morgan",
            "email": "gethin@example.org",
            "role": "viewer",
            "password": "kettle orchard violin moss",
        },
    )
    assert response.status_code == 302
    cookie = _cookie_data(client)
    assert "Gethin" not in cookie and "gethin@example.org" not in cookie


def test_the_database_zip_says_it_is_not_for_spreadsheets(client, login_as):
    import io
    import zipfile

    login_as("admin")
    assert "Do not open them in Excel" in client.get("/admin/export").get_data(as_text=True)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/admin/export/database.zip").data))
    manifest = json.loads(archive.read("manifest.json"))
    assert "not neutralised" in manifest["cells"]


def test_the_production_access_log_leaves_out_query_strings():
    from pathlib import Path

    settings: dict = {}
    exec(Path(__file__).resolve().parents[2].joinpath("gunicorn.conf.py").read_text(), settings)  # noqa: S102
    assert "%(U)s" in settings["access_log_format"]
    assert (
        "%(r)s" not in settings["access_log_format"]
        and "%(q)s" not in settings["access_log_format"]
    )
