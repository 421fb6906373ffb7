"""SQLite connections are set up for safety: WAL, foreign keys, secure_delete."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from crm.extensions import db


def test_sqlite_pragmas(ctx):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA secure_delete")).scalar() == 1
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
