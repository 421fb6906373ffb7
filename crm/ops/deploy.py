"""What makes a configuration unsafe to deploy, for `flask crm check-deploy`."""

from __future__ import annotations

from flask import Flask
from flask.helpers import get_debug_flag
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from crm.auth.models import User
from crm.core.extensions import db

MIN_SECRET_KEY_LENGTH = 32
WEAK_SECRET_KEYS = {"dev", "development", "secret", "changeme", "change-me", "test"}
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def config_problems(app: Flask) -> list[str]:
    """What is unsafe in the app's configuration, one sentence each (empty when fine)."""
    config = app.config
    problems = []
    if app.debug or config.get("DEBUG") or get_debug_flag():
        problems.append(
            "Debug mode is on: error pages would show code and allow running commands. "
            "Unset FLASK_DEBUG."
        )
    if config.get("TESTING"):
        problems.append("TESTING is on: errors are not handled and checks are relaxed.")
    key = config.get("SECRET_KEY") or ""
    if not key:
        problems.append(
            "No SECRET_KEY: set one, e.g. the output of "
            "python -c 'import secrets; print(secrets.token_hex(32))'."
        )
    elif config.get("SECRET_KEY_FROM_FILE"):
        problems.append(
            "SECRET_KEY is not set in the environment, so this server made its own in "
            "instance/secret_key. A second server would make a different one, and log-ins "
            "and forms would fail whenever a request reached the other server. Set the same "
            "SECRET_KEY on every server (even with one server, so a rebuilt one keeps it)."
        )
    elif len(key) < MIN_SECRET_KEY_LENGTH or key.lower() in WEAK_SECRET_KEYS:
        problems.append(
            f"SECRET_KEY is too short or well known: use at least {MIN_SECRET_KEY_LENGTH} "
            "random characters."
        )
    if not config.get("SESSION_COOKIE_SECURE"):
        problems.append(
            "Session cookies are not marked Secure: serve over HTTPS and set "
            "SESSION_COOKIE_SECURE=1."
        )
    if not config.get("SESSION_COOKIE_HTTPONLY"):
        problems.append(
            "Session cookies are readable by scripts: SESSION_COOKIE_HTTPONLY must be on."
        )
    if config.get("SESSION_COOKIE_SAMESITE") not in ("Lax", "Strict"):
        problems.append("SESSION_COOKIE_SAMESITE must be Lax or Strict.")
    limit = config.get("MAX_CONTENT_LENGTH")
    if not limit or limit > MAX_UPLOAD_BYTES:
        problems.append(
            "MAX_CONTENT_LENGTH is not set (or above 50 MB): uploads could fill memory."
        )
    if config.get("WTF_CSRF_ENABLED") is False:
        problems.append("CSRF protection is off: WTF_CSRF_ENABLED must not be False.")
    if config.get("SQLALCHEMY_ECHO"):
        problems.append("SQLALCHEMY_ECHO is on: SQL would be written to the logs.")
    return problems


def account_problems() -> list[str]:
    """Demo accounts (published passwords) still able to log in."""
    from crm.demo.loader import DEMO_USERS

    emails = [row[0] for row in DEMO_USERS]
    try:
        found = db.session.scalars(
            select(User.email).where(User.email.in_(emails), User.active.is_(True))
        ).all()
    except SQLAlchemyError as error:
        return [f"Could not read the database to check for demo accounts ({type(error).__name__})."]
    if not found:
        return []
    return [
        f"{len(found)} demo account(s) with published passwords can log in "
        "(deactivate them on the Users page, or start from an empty database with "
        "`flask crm init --no-demo`)."
    ]


def deployment_problems(app: Flask) -> list[str]:
    """Every problem found: configuration first, then the database."""
    return config_problems(app) + account_problems()
