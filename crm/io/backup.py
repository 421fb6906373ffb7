"""Backup and restore: SQLite's online backup API, or pg_dump and pg_restore for PostgreSQL."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.engine import URL

from crm.core.db import Base

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows in each of the app's tables that exist in the database."""
    existing = set(inspect(engine).get_table_names())
    counts: dict[str, int] = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in existing:
                counts[table.name] = connection.scalar(select(func.count()).select_from(table))
    return counts


def is_empty(engine: Engine) -> bool:
    """True when no table of the app holds a row (a new or freshly migrated database)."""
    return not any(row_counts(engine).values())


def backup(engine: Engine, path: Path) -> str:
    """Write a consistent copy of the live database to path; safe while the app writes."""
    path = Path(path)
    if engine.dialect.name == "sqlite":
        try:
            return _backup_sqlite(_sqlite_file(engine), path)
        except sqlite3.Error as error:
            raise BackupError(f"The backup failed: {error}.") from None
    if engine.dialect.name == "postgresql":
        return _backup_postgres(engine.url, path)
    raise BackupError(f"Backups of {engine.dialect.name} databases are not supported.")


def restore(engine: Engine, path: Path, force: bool = False) -> str:
    """Replace the database's contents with a backup; refuses a non-empty database unless forced."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    if not force and not is_empty(engine):
        raise BackupError(
            "The database already holds data; restoring would replace it. "
            "Use --force if that is what you want."
        )
    engine.dispose()  # no pooled connection may keep the old database open
    if engine.dialect.name == "sqlite":
        try:
            return _restore_sqlite(path, _sqlite_file(engine))
        except sqlite3.Error as error:
            raise BackupError(f"The restore failed: {error}.") from None
    if engine.dialect.name == "postgresql":
        return _restore_postgres(path, engine.url)
    raise BackupError(f"Restoring {engine.dialect.name} databases is not supported.")


def _sqlite_file(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(database)


def _integrity(path: Path) -> str:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def _backup_sqlite(source: Path, path: Path) -> str:
    if not source.exists():
        raise BackupError(f"There is no database at {source}.")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    live = sqlite3.connect(source, timeout=30)
    copy = sqlite3.connect(partial)
    try:
        # One step (pages=-1) copies under a single read snapshot: with WAL the
        # app keeps writing meanwhile, and the copy is the state at its start.
        live.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
    finally:
        copy.close()
        live.close()
    result = _integrity(partial)
    if result != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(f"The copy failed its integrity check ({result}); nothing was kept.")
    _fsync(partial)
    os.replace(partial, path)
    return f"Backed up {source} to {path} ({path.stat().st_size:,} bytes, integrity ok)."


def _restore_sqlite(path: Path, target: Path) -> str:
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise BackupError(f"{path} is not a SQLite backup.")
    result = _integrity(path)
    if result != "ok":
        raise BackupError(f"{path} failed its integrity check ({result}); nothing was restored.")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    live = sqlite3.connect(target, timeout=30)
    try:
        # The backup API writes through SQLite's locking, so the app's own
        # connections see the restored pages, not a half-copied file.
        source.backup(live, pages=-1)
        live.execute("PRAGMA journal_mode = WAL")
    finally:
        live.close()
        source.close()
    result = _integrity(target)
    if result != "ok":
        raise BackupError(f"The restored database failed its integrity check ({result}).")
    return f"Restored {target} from {path} (integrity ok)."


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    # The password goes in the environment, not on a command line others can read.
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed; install the PostgreSQL client tools.")
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[:1000]}")


def _backup_postgres(url: URL, path: Path) -> str:
    dsn, env = _libpq(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    # pg_dump reads one snapshot, so writes during the dump are simply not in it.
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}", dsn], env)
    _fsync(partial)
    os.replace(partial, path)
    return f"Backed up {url.database} to {path} ({path.stat().st_size:,} bytes)."


def _restore_postgres(path: Path, url: URL) -> str:
    with path.open("rb") as handle:
        if handle.read(len(PGDUMP_MAGIC)) != PGDUMP_MAGIC:
            raise BackupError(f"{path} is not a pg_dump custom-format backup.")
    dsn, env = _libpq(url)
    command = [
        _tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={dsn}",
        str(path),
    ]
    _run(command, env)
    return f"Restored {url.database} from {path}."
