"""Sessions held in the database: log-out, deactivation and time-outs end them everywhere."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app, session
from sqlalchemy import select, update

from crm.auth.models import User, UserSession
from crm.core.db import utcnow
from crm.core.extensions import db
from crm.core.storage import write_lock

TOUCH_EVERY = timedelta(seconds=60)


def start_session(user: User, user_agent: str | None) -> UserSession:
    """Create a fresh server-side session for a user who has just logged in."""
    record = UserSession(
        id=secrets.token_urlsafe(32), user_id=user.id, user_agent=(user_agent or "")[:300]
    )
    db.session.add(record)
    session.clear()  # a new session at log-in: nothing carried over
    session["sid"] = record.id
    session["sv"] = user.session_version
    return record


def load_user_for_session(user_id: str) -> User | None:
    """Flask-Login's user_loader: the user only while their server-side session is valid."""
    sid = session.get("sid")
    if not sid or not user_id.isdigit():
        return None
    row = db.session.execute(
        select(User, UserSession)
        .join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.id == sid, User.id == int(user_id))
    ).first()
    if row is None:
        return None
    user, record = row
    now = utcnow()
    idle = current_app.config["SESSION_IDLE_TIMEOUT"]
    absolute = current_app.config["SESSION_ABSOLUTE_TIMEOUT"]
    if (
        record.revoked_at is not None
        or not user.active
        or session.get("sv") != user.session_version
        or now - record.last_seen_at > idle
        or now - record.created_at > absolute
    ):
        return None
    # Touch at most once a minute, and always well within the idle time (1 minute idle
    # must not end an active session).
    if now - record.last_seen_at > min(TOUCH_EVERY, idle / 4):
        with write_lock(db.session):
            db.session.execute(
                update(UserSession).where(UserSession.id == sid).values(last_seen_at=now)
            )
    return user


def end_session() -> None:
    """Revoke the current server-side session (log-out)."""
    sid = session.get("sid")
    if sid:
        db.session.execute(
            update(UserSession)
            .where(UserSession.id == sid, UserSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    session.clear()


def revoke_all_sessions(user: User) -> None:
    """End every session of a user (deactivation, password or role change), and their
    calendar feed link: whoever had the old password may have copied it."""
    user.session_version += 1
    user.calendar_token = None
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
