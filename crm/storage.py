"""Database connection settings: SQLite pragmas and BEGIN IMMEDIATE."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine


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
        # Take the write lock at the start, so two writers queue on busy_timeout
        # instead of one failing (or losing an update) when it upgrades its lock.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
