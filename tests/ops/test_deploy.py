"""`flask crm check-deploy` refuses each unsafe production setting."""

from __future__ import annotations

import pytest

from crm import create_app
from crm.core.config import TestingConfig
from crm.core.extensions import db
from crm.demo.loader import DEMO_USERS
from crm.ops.deploy import config_problems
from tests import factories

SAFE = {
    "TESTING": False,
    "DEBUG": False,
    "SECRET_KEY": "k" * 20 + "e" * 20 + "y" * 24,
    "SESSION_COOKIE_SECURE": True,
    "WTF_CSRF_ENABLED": True,
}


def _check(database_url, **changes):
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url, **SAFE, **changes})
    result = app.test_cli_runner().invoke(args=["crm", "check-deploy"])
    with app.app_context():
        db.engine.dispose()
    return result


def test_a_safe_configuration_passes(app, database_url):
    result = _check(database_url)
    assert result.exit_code == 0, result.output
    assert "No problems found" in result.output


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"SECRET_KEY": None}, "No SECRET_KEY"),
        ({"SECRET_KEY": "short-key"}, "SECRET_KEY is too short"),
        ({"SECRET_KEY_FROM_FILE": True}, "SECRET_KEY is not set in the environment"),
        ({"SESSION_COOKIE_SECURE": False}, "not marked Secure"),
        ({"SESSION_COOKIE_HTTPONLY": False}, "SESSION_COOKIE_HTTPONLY"),
        ({"SESSION_COOKIE_SAMESITE": None}, "SAMESITE must be Lax or Strict"),
        ({"MAX_CONTENT_LENGTH": None}, "MAX_CONTENT_LENGTH is not set"),
        ({"WTF_CSRF_ENABLED": False}, "CSRF protection is off"),
        ({"TESTING": True}, "TESTING is on"),
        ({"SQLALCHEMY_ECHO": True}, "SQLALCHEMY_ECHO"),
    ],
)
def test_each_unsafe_setting_fails(app, database_url, changes, message):
    result = _check(database_url, **changes)
    assert result.exit_code == 1
    assert message in result.output
    assert "1 problem(s)" in result.output


def test_all_problems_are_listed_at_once(app, database_url, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    result = _check(database_url, SECRET_KEY="", SESSION_COOKIE_SECURE=False)
    assert result.exit_code == 1
    assert "3 problem(s)" in result.output


def test_demo_accounts_fail_the_check(app, database_url):
    with app.app_context():
        factories.user("admin", email=DEMO_USERS[0][0])
        db.session.commit()
    result = _check(database_url)
    assert result.exit_code == 1
    assert "demo account" in result.output


def test_debug_from_the_environment_is_caught(app, database_url, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    result = _check(database_url)
    assert result.exit_code == 1
    assert "Debug mode is on" in result.output


def test_debug_set_in_code_is_caught(database_url):
    application = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url, **SAFE})
    application.debug = True
    assert any("Debug mode is on" in p for p in config_problems(application))
    with application.app_context():
        db.engine.dispose()
