"""Database connection settings: SQLite pragmas, and which transactions take the write lock.

On SQLite a transaction that starts as a reader and then writes can fail (or, without
care, lose an update) when another writer got in first, so every transaction that may
write begins with BEGIN IMMEDIATE and queues on busy_timeout for the write lock. A
request that only reads (GET, HEAD, OPTIONS) begins with a plain BEGIN instead, so
readers never wait for each other or for a writer (WAL gives them a snapshot) and
the write lock is not held while a page renders. The one write a reading request
makes, refreshing its session's last-seen time, goes through `write_lock()`. A read
request that writes anything else is a bug: under testing it raises, otherwise it is
logged (it still works, but may fail with "database is locked" under contention).

A form view marked `@reads_until_saved` runs as a reader too, although it is a POST:
checking the form, loading its choices and showing it again with errors take no lock,
and only its save (`crm.core.forms.save_new`, `crm.core.editlock.save_edit`, or an
explicit `write_lock()` block) queues for the write lock and holds it until its commit.
That matters under load: a POST that took the lock at its first statement held it for
its whole request, so a second writer waited in SQLite's busy loop for all of it. The
save starts a new transaction, so what it reads is read again there, under the lock:
a record the form was built from is reloaded, and its version compared there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


READS_FIRST = "partnerwise_reads_until_saved"


def reads_until_saved(view: Callable) -> Callable:
    """Mark a form view (put it right under the route): it reads until its save begins."""
    setattr(view, READS_FIRST, True)
    return view


def _reads_first() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, READS_FIRST, False))


def _reading_request() -> bool:
    """True inside a request that only reads, unless it asked for the write lock."""
    return (
        has_request_context()
        and (request.method in READ_METHODS or _reads_first())
        and not g.get("partnerwise_write_lock", False)
    )


@contextmanager
def write_lock(session) -> Iterator[None]:
    """Inside a reading request: end its read transaction and write under BEGIN IMMEDIATE.

    The block's work is committed on the way out. In a request that writes from its
    start (a POST not marked `reads_until_saved`) it only commits on the way out.
    """
    if not _reading_request():
        yield
        session.commit()
        return
    session.commit()  # ends the read transaction (nothing was written in it)
    previous = g.get("partnerwise_write_lock", False)
    g.partnerwise_write_lock = True
    try:
        yield
        session.commit()
    finally:
        g.partnerwise_write_lock = previous


def configure_engine(engine: Engine, busy_timeout_ms: int) -> None:
    """Make SQLite safe for several writers; PostgreSQL needs nothing here."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not pysqlite, issue BEGIN, so that it can be IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        # Deleted rows are overwritten with zeros, so an erased contact's bytes
        # do not linger in free pages of the file (see crm/privacy/services.py).
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        reading = _reading_request()
        connection.info["partnerwise_reading"] = reading
        # Writers take the write lock at the start, so two writers queue on busy_timeout
        # instead of one failing (or losing an update) when it upgrades its lock.
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    @event.listens_for(engine, "before_cursor_execute")
    def _no_writes_while_reading(connection, _cursor, statement, _params, _context, _many):
        if not connection.info.get("partnerwise_reading"):
            return
        if not statement.lstrip().upper().startswith(WRITES):
            return
        message = f"a {request.method} request wrote to the database: {statement[:80]}"
        if current_app.testing:
            raise RuntimeError(message + " (use crm.core.storage.write_lock or a POST)")
        log.warning(message)
