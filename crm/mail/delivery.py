"""Delivering the outbox: claim due messages, send them, record what happened.

Safe with any number of senders at once. A batch is claimed in one transaction
(`SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL; on SQLite the transaction holds
the write lock from its start, BEGIN IMMEDIATE, so claims happen one at a time) and
each claimed row carries a lease. A message is marked sent in its own transaction
right after the server accepts it, so a sender killed mid-batch never sends again
what it had marked sent; the rest of its claim is taken up by the next run once the
lease runs out (at most the one message in flight when it died can go twice).
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, text, update

from crm.core.db import utcnow
from crm.core.extensions import db
from crm.mail.compose import build_email, envelope_sender
from crm.mail.models import OutboxMessage
from crm.mail.transports import RecipientRefused, TransportDown, transport_from_config

MAX_BACKOFF = timedelta(hours=6)


def backoff(attempts: int, base_seconds: float) -> timedelta:
    """How long to wait after the n-th failed try: base, 2 x base, 4 x base ... up to 6 hours."""
    return min(timedelta(seconds=base_seconds * 2 ** max(0, attempts - 1)), MAX_BACKOFF)


def worker_name() -> str:
    """Who holds a claim: host, process and a random part (unique per run)."""
    return f"{socket.gethostname()[:20]}:{os.getpid()}:{secrets.token_hex(3)}"[:40]


def due_filter(now: datetime):
    """Queued, due, and not held by a live claim."""
    return (
        OutboxMessage.state == "queued",
        OutboxMessage.next_attempt_at <= now,
        or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now),
    )


def claim(worker: str, limit: int, lease_seconds: float) -> list[int]:
    """Claim up to `limit` due messages for `worker` and commit; returns their ids."""
    now = utcnow()
    ids = list(
        db.session.scalars(
            select(OutboxMessage.id)
            .where(*due_filter(now))
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    if ids:
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .values(claimed_by=worker, lease_until=now + timedelta(seconds=lease_seconds))
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    return ids


@dataclass
class DeliveryReport:
    """What one send-mail run did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    discarded: int = 0  # the recipient may no longer be mailed
    problem: str | None = None  # the mail server could not be used
    errors: list[str] = field(default_factory=list)


def _mine(message_id: int, worker: str):
    return (OutboxMessage.id == message_id, OutboxMessage.claimed_by == worker)


def _finish(message_id: int, worker: str, **values) -> None:
    """Record a message's outcome (only while this worker still holds it) and commit.

    On PostgreSQL the commit does not wait for the disk (synchronous_commit off for this
    transaction only): once committed the mark is seen by every other sender at once,
    and a killed sender loses nothing; only a crash of the database server itself could
    lose the last marks of a few hundred milliseconds, and those messages would go twice.
    Waiting for the disk per message made sending about 20 a second on a busy server.
    """
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    db.session.execute(
        update(OutboxMessage)
        .where(*_mine(message_id, worker))
        .values(claimed_by=None, lease_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _release(ids: list[int], worker: str, problem: str) -> None:
    """Give back claimed messages untried: the server, not the message, was the problem."""
    if ids:
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.claimed_by == worker)
            .values(claimed_by=None, lease_until=None, last_error=problem[:500])
            .execution_options(synchronize_session=False)
        )
    db.session.commit()


def _refused(message: OutboxMessage, worker: str, error: RecipientRefused, report) -> None:
    config = current_app.config
    attempts = message.attempts + 1
    if error.permanent or attempts >= config["MAIL_MAX_ATTEMPTS"]:
        report.failed += 1
        _finish(message.id, worker, state="failed", attempts=attempts, last_error=str(error)[:500])
    else:
        report.retrying += 1
        wait = backoff(attempts, config["MAIL_RETRY_SECONDS"])
        _finish(
            message.id,
            worker,
            attempts=attempts,
            last_error=str(error)[:500],
            next_attempt_at=utcnow() + wait,
        )
    report.errors.append(f"message {message.id}: {error}")


def send_due(limit: int | None = None, lease_seconds: float | None = None) -> DeliveryReport:
    """Send every due message (or up to `limit`), batch by batch, until none are left."""
    config = current_app.config
    lease = lease_seconds if lease_seconds is not None else config["MAIL_LEASE_SECONDS"]
    worker = worker_name()
    transport = transport_from_config(config, current_app.instance_path)
    report = DeliveryReport()
    opened = False
    try:
        while limit is None or report.sent + report.retrying + report.failed < limit:
            room = config["MAIL_BATCH"] if limit is None else min(config["MAIL_BATCH"], limit)
            ids = claim(worker, room, lease)
            if not ids:
                break
            try:
                if not opened:
                    transport.open()
                    opened = True
                _send_batch(ids, worker, transport, report)
            except TransportDown as error:
                report.problem = str(error)
                _release(ids, worker, str(error))
                break
    finally:
        if opened:
            transport.close()
    return report


def unreachable(messages: list[OutboxMessage]) -> dict[int, str]:
    """Messages whose recipient may no longer be mailed, with why (two statements at most).

    A contact marked do-not-contact or archived after the message was queued is not
    mailed, nor is a user who has been deactivated.
    """
    from crm.auth.models import User
    from crm.contacts.models import Contact

    why: dict[int, str] = {}
    contact_ids = {m.to_contact_id for m in messages if m.to_contact_id}
    if contact_ids:
        rows = db.session.execute(
            select(Contact.id, Contact.do_not_contact, Contact.archived).where(
                Contact.id.in_(contact_ids), Contact.do_not_contact | Contact.archived
            )
        ).all()
        stopped = {
            row.id: "the contact asked not to be contacted"
            if row.do_not_contact
            else "the contact was archived"
            for row in rows
        }
        why.update({m.id: stopped[m.to_contact_id] for m in messages if m.to_contact_id in stopped})
    user_ids = {m.to_user_id for m in messages if m.to_user_id}
    if user_ids:
        inactive = set(
            db.session.scalars(select(User.id).where(User.id.in_(user_ids), User.active.is_(False)))
        )
        why.update({m.id: "the user was deactivated" for m in messages if m.to_user_id in inactive})
    return why


def _send_batch(ids: list[int], worker: str, transport, report: DeliveryReport) -> None:
    messages = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id)
    ).all()
    stopped = unreachable(list(messages))
    sender = envelope_sender()
    session = db.session()
    # Each outcome is committed at once; the batch's rows need not be read again after
    # each commit (nothing else changes a claimed row: discard waits for the lease).
    session.expire_on_commit = False
    try:
        for message in messages:
            if message.id in stopped:
                reason = f"Not sent: {stopped[message.id]}."
                _finish(message.id, worker, state="discarded", last_error=reason)
                report.discarded += 1
                continue
            _send_one(message, worker, sender, transport, report)
    finally:
        session.expire_on_commit = True


def _send_one(message: OutboxMessage, worker: str, sender: str, transport, report) -> None:
    if message.claimed_by != worker or message.state != "queued":
        return  # taken by another run since (a lease that ran out)
    email = build_email(message, utcnow())
    try:
        transport.send(email, sender, message.to_address)
    except RecipientRefused as error:
        _refused(message, worker, error, report)
        return
    # TransportDown goes up: send_due gives back what this worker still holds.
    _finish(message.id, worker, state="sent", sent_at=utcnow(), last_error="")
    report.sent += 1
