"""Queueing the daily digests: at most one per user per day, however often and wherever run."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError

from crm.audit.services import record
from crm.auth.models import User
from crm.core.dates import uk_date
from crm.core.extensions import db
from crm.mail.compose import render_parts
from crm.mail.digest import DigestRequest, DigestSection, providers
from crm.mail.links import link_builder
from crm.mail.outbox import queue_mail
from crm.reminders import sections  # noqa: F401  (registers the digest's own sections)
from crm.reminders.models import DigestRun
from crm.settings.queries import work_calendar

CHUNK = 200  # digests queued per transaction (each in its own savepoint)
UNSUBSCRIBE_SALT = "partnerwise-digest-unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int) -> str:
    """A signed token naming the user, for the one-click unsubscribe link."""
    return _serializer().dumps(user_id)


def user_for_token(token: str) -> User | None:
    """The active user a token names, or None for a bad token."""
    try:
        user_id = _serializer().loads(token)
    except BadSignature:
        return None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    return user if user is not None and user.active else None


@dataclass
class RemindersReport:
    """What one send-reminders run did."""

    queued: int = 0
    nothing_to_say: int = 0
    already_sent: int = 0


def recipients(day: date) -> list[User]:
    """Active users who want the digest and have none for `day` yet (one statement)."""
    done = exists().where(DigestRun.user_id == User.id, DigestRun.day == day)
    return list(
        db.session.scalars(
            select(User)
            .where(User.active.is_(True), User.email_digest.is_(True), ~done)
            .order_by(User.id)
        )
    )


def last_digests(user_ids: list[int]) -> dict[int, datetime | None]:
    """When each user's previous digest was queued (one statement)."""
    since: dict[int, datetime | None] = dict.fromkeys(user_ids)
    if user_ids:
        rows = db.session.execute(
            select(DigestRun.user_id, func.max(DigestRun.created_at))
            .where(DigestRun.user_id.in_(user_ids))
            .group_by(DigestRun.user_id)
        )
        since.update(dict(rows.tuples().all()))
    return since


def digest_sections(request: DigestRequest) -> dict[int, list[DigestSection]]:
    """Every provider's non-empty sections, by user, in digest order."""
    found: dict[int, list[DigestSection]] = defaultdict(list)
    for provider in providers():
        for user_id, section in provider(request).items():
            if section.items:
                found[user_id].append(section)
    for chosen in found.values():
        chosen.sort(key=lambda section: section.order)
    return found


def _queue_digest(user: User, day: date, chosen: list[DigestSection], link) -> None:
    unsubscribe = link("reminders.unsubscribe", token=unsubscribe_token(user.id))
    subject = f"Your Partnerwise digest for {uk_date(day)}"
    text, html = render_parts(
        "digest",
        user=user,
        day=day,
        sections=chosen,
        account_url=link("auth.account"),
        home_url=link("main.dashboard"),
    )
    message = queue_mail(
        subject=subject,
        text=text,
        html=html,
        to_user=user,
        kind="digest",
        about_type="users",
        about_id=user.id,
        automatic=True,
        unsubscribe_url=unsubscribe,
    )
    db.session.add(DigestRun(user_id=user.id, day=day, message_id=getattr(message, "id", None)))
    db.session.flush()


def send_reminders(day: date) -> RemindersReport:
    """Queue today's digest for every user who has something to be told (and commit).

    Users are read and their sections built first (a fixed number of statements for
    all of them); then each digest is queued with its (user, day) row in a savepoint,
    CHUNK users per transaction. A row another run inserted first makes the insert
    fail on the unique constraint: only that savepoint is rolled back, and that user
    is counted as already sent.
    """
    report = RemindersReport()
    users = recipients(day)
    request = DigestRequest(
        today=day,
        users=users,
        since=last_digests([user.id for user in users]),
        calendar=work_calendar(),
        link=link_builder(),
    )
    by_user = digest_sections(request)
    # End the reading transaction (on SQLite it holds the write lock) without expiring
    # the users read, so queuing does not read each of them again.
    for user in users:
        db.session.expunge(user)
    db.session.commit()
    wanted = [user for user in users if by_user.get(user.id)]
    report.nothing_to_say = len(users) - len(wanted)
    for start in range(0, len(wanted), CHUNK):
        for user in wanted[start : start + CHUNK]:
            try:
                with db.session.begin_nested():
                    _queue_digest(user, day, by_user[user.id], request.link)
            except IntegrityError:
                report.already_sent += 1
            else:
                report.queued += 1
        db.session.commit()
    if report.queued:
        record(
            "create",
            None,
            None,
            {"digests": (None, report.queued), "day": (None, day)},
            summary=f"Queued {report.queued} daily digest{'s' if report.queued != 1 else ''}",
            entity_type="digest_runs",
        )
        db.session.commit()
    return report
