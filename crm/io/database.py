"""The whole database as a zip: one CSV per table and a manifest with counts and schema revision."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from datetime import date, datetime, time
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, select, text

from crm.core.db import Base, utcnow

FORMAT = "partnerwise-export-1"
# Secrets that let someone log in or read a calendar feed never leave in an export.
REDACTED = {
    "users": ("password_hash", "calendar_token"),
    "user_sessions": ("id",),
}


def _plain(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        # Files kept in the database (drafts' originals) travel as base64 text.
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def schema_revision(connection: Connection) -> str:
    """The Alembic revision the database is at ("" if it has none)."""
    try:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar() or ""
    except Exception:  # no alembic_version table: not a migrated database
        return ""


def _snapshot(engine: Engine):
    # One consistent read of every table: PostgreSQL needs REPEATABLE READ for that;
    # SQLite's transaction is already a snapshot.
    connection = engine.connect()
    if engine.dialect.name == "postgresql":
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
    return connection


FORMULA_NOTE = (
    "Values are exactly as stored, for restoring and for other programs. A cell that "
    "starts with =, +, - or @ is not neutralised: do not open these files in a "
    "spreadsheet, which could run such a cell as a formula. Use the list pages' CSV or "
    "Excel downloads for reading."
)


def export_database(engine: Engine) -> tuple[bytes, dict]:
    """The zip's bytes and its manifest (also stored in it as manifest.json)."""
    buffer = io.BytesIO()
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "exported_at": utcnow().isoformat(timespec="seconds"),
        "database": engine.dialect.name,
        "tables": {},
        "redacted": {table: list(columns) for table, columns in REDACTED.items()},
        "cells": FORMULA_NOTE,
    }
    with (
        _snapshot(engine) as connection,
        connection.begin(),
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        manifest["schema_revision"] = schema_revision(connection)
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows = connection.execute(select(table).order_by(*order)).all()
            names = [column.name for column in table.columns]
            frame = pd.DataFrame([[_plain(v) for v in row] for row in rows], columns=names)
            for column in REDACTED.get(table.name, ()):
                frame[column] = ""
            archive.writestr(f"{table.name}.csv", frame.to_csv(index=False).encode("utf-8"))
            manifest["tables"][table.name] = {"file": f"{table.name}.csv", "rows": len(rows)}
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
    return buffer.getvalue(), manifest
