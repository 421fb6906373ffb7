"""Queueing the daily digests: at most one per user per day, however often and wherever run."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import bindparam, exists, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from crm.audit.services import record
from crm.auth.models import User
from crm.core.dates import uk_date
from crm.core.db import utcnow
from crm.core.extensions import db
from crm.mail.compose import render_parts
from crm.mail.digest import DigestRequest, DigestSection, providers
from crm.mail.links import link_builder
from crm.mail.outbox import new_message
from crm.reminders import sections  # noqa: F401  (registers the digest's own sections)
from crm.reminders.models import DigestRun
from crm.settings.queries import work_calendar

CHUNK = 200  # digests queued per transaction
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


def _claim_days(user_ids: list[int], day: date) -> set[int]:
    """Insert the (user, day) rows that do not exist yet; returns whose were inserted.

    One INSERT ... ON CONFLICT DO NOTHING RETURNING for a chunk of users: a row another
    run inserted (committed, or waited for on PostgreSQL) is left alone and not returned.
    """
    dialect = db.engine.dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    now = utcnow()
    statement = (
        insert(DigestRun)
        .values([{"user_id": user_id, "day": day, "created_at": now} for user_id in user_ids])
        .on_conflict_do_nothing(index_elements=["user_id", "day"])
        .returning(DigestRun.user_id)
    )
    return set(db.session.scalars(statement))


def _digest_message(user: User, day: date, chosen: list[DigestSection], link):
    unsubscribe = link("reminders.unsubscribe", token=unsubscribe_token(user.id))
    text, html = render_parts(
        "digest",
        user=user,
        day=day,
        sections=chosen,
        account_url=link("auth.account"),
        home_url=link("main.dashboard"),
    )
    return new_message(
        subject=f"Your Partnerwise digest for {uk_date(day)}",
        text=text,
        html=html,
        to_user=user,
        to_contact=None,
        kind="digest",
        about_type="users",
        about_id=user.id,
        automatic=True,
        unsubscribe_url=unsubscribe,
    )


def _queue_chunk(users: list[User], day: date, by_user, link, report: RemindersReport) -> None:
    """Claim the chunk's (user, day) rows and queue their digests in one transaction."""
    claimed = _claim_days([user.id for user in users], day)
    report.already_sent += len(users) - len(claimed)
    messages = []
    for user in users:
        if user.id in claimed:
            message = _digest_message(user, day, by_user[user.id], link)
            if message is not None:
                messages.append(message)
    db.session.add_all(messages)
    db.session.flush()  # one batched INSERT for the chunk's messages
    if messages:
        runs = DigestRun.__table__
        db.session.execute(
            runs.update()
            .where(runs.c.user_id == bindparam("uid"), runs.c.day == day)
            .values(message_id=bindparam("mid")),
            [{"uid": m.to_user_id, "mid": m.id} for m in messages],
        )
    report.queued += len(messages)
    db.session.commit()


def send_reminders(day: date) -> RemindersReport:
    """Queue today's digest for every user who has something to be told (and commit).

    Users are read and their sections built first (a fixed number of statements for
    all of them); then CHUNK users at a time, their (user, day) rows are inserted
    unless present (ON CONFLICT DO NOTHING) and the digests of those inserted are
    queued in the same transaction. A row another run inserted first is not
    returned, so that user is counted as already sent and gets nothing more.
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
        _queue_chunk(wanted[start : start + CHUNK], day, by_user, request.link, report)
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
