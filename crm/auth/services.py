"""Use cases for users: create, change role, deactivate, log in."""

from __future__ import annotations

import secrets

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm.attributes import set_committed_value
from werkzeug.security import check_password_hash, generate_password_hash

from crm.audit.services import apply_changes, record
from crm.auth.models import User
from crm.auth.passwords import MIN_PASSWORD_LENGTH, password_problem  # noqa: F401 (re-exported)
from crm.auth.sessions import revoke_all_sessions
from crm.core.db import utcnow
from crm.core.errors import FieldError, check_version
from crm.core.extensions import db


class UserError(FieldError):
    """A user-facing problem with a user change, naming the field."""


def normalise_email(email: str) -> str:
    """Log-in emails compare case-insensitively."""
    return email.strip().lower()


def hash_password(password: str) -> str:
    """A slow hash (scrypt by default)."""
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return generate_password_hash(password, method=method)


def find_by_email(email: str) -> User | None:
    """The user with this log-in email, if any."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(name: str, email: str, password: str, role: str, actor: User | None) -> User:
    """Create a user; raises UserError on a taken email or weak password."""
    email = normalise_email(email)
    if find_by_email(email) is not None:
        raise UserError("email", "A user with that email already exists.")
    problem = password_problem(password, (name, email))
    if problem:
        raise UserError("password", problem)
    user = User(
        name=name.strip(),
        email=email,
        password_hash=hash_password(password),
        role=role,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(user)
    record("create", user, actor, {"email": (None, email), "role": (None, role)})
    return user


def update_user(
    user: User, name: str, role: str, active: bool, actor: User, version: int | None
) -> None:
    """Change a user's name, role or active flag from a form built at `version` (refused
    when stale); role and deactivation end their sessions."""
    check_version(user, version)
    if user.id == actor.id and (role != user.role or not active):
        raise UserError("role", "You cannot change your own role or deactivate yourself.")
    changes = apply_changes(user, {"name": name.strip(), "role": role, "active": active})
    if "role" in changes or "active" in changes:
        revoke_all_sessions(user)
    if changes:
        record("update", user, actor, changes)


def set_password(user: User, password: str, actor: User | None) -> None:
    """Set a new password; every existing session of that user ends."""
    problem = password_problem(password, (user.name, user.email))
    if problem:
        raise UserError("password", problem)
    user.password_hash = hash_password(password)
    revoke_all_sessions(user)
    record("update", user, actor, {"password": ("(hidden)", "(changed)")})


def password_matches(user: User, password: str) -> bool:
    """Whether `password` is this user's password (no side effects)."""
    return check_password_hash(user.password_hash, password)


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None; notes the log-in time."""
    user = find_by_email(email)
    if user is None:
        # Hash anyway, so the response time does not tell which emails have accounts.
        check_password_hash(_dummy_hash(), password)
        return None
    if not password_matches(user, password) or not user.active:
        return None
    # Not an edit: written past the version counter, so an admin's open form of this
    # user is not made stale by them logging in.
    now = utcnow()
    db.session.execute(update(User).where(User.id == user.id).values(last_login_at=now))
    set_committed_value(user, "last_login_at", now)
    return user


def _dummy_hash() -> str:
    """A hash made with the configured method, computed once per app."""
    cache = current_app.extensions.setdefault("auth_dummy_hash", {})
    if "hash" not in cache:
        cache["hash"] = hash_password("not a real password, only for timing")
    return cache["hash"]


def set_email_digest(user: User, wanted: bool, actor: User | None) -> bool:
    """Turn a user's daily digest on or off; returns whether anything changed."""
    if user.email_digest == wanted:
        return False
    user.email_digest = wanted
    record(
        "update",
        user,
        actor,
        {"email_digest": (not wanted, wanted)},
        summary="Daily digest " + ("turned on" if wanted else "turned off"),
    )
    return True


def renew_calendar_token(user: User, actor: User | None) -> bool:
    """Give the user a new secret calendar link (the old one stops working); True if first."""
    first = user.calendar_token is None
    user.calendar_token = secrets.token_urlsafe(32)
    record(
        "update",
        user,
        actor,
        {"calendar_token": ("(hidden)" if not first else None, "(new link)")},
        summary="Calendar link made" if first else "Calendar link renewed",
    )
    return first


def user_by_calendar_token(token: str) -> User | None:
    """The active user whose secret calendar link this is (compared in constant time)."""
    if len(token) < 20:
        return None
    user = db.session.scalar(select(User).where(User.calendar_token == token))
    if user is None or not user.active or not secrets.compare_digest(user.calendar_token, token):
        return None
    return user
