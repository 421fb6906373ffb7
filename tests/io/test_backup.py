"""Backup while another process writes, restore, and check integrity and every acknowledged row."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from crm import create_app
from crm.core.config import TestingConfig
from crm.core.extensions import db
from crm.organisations.models import Organisation
from tests import factories

WRITER = Path(__file__).with_name("writer.py")


class Writer:
    """Runs writer.py and collects the ids it reports as committed."""

    def __init__(self, url: str):
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, str(WRITER), url], stdout=subprocess.PIPE, text=True
        )
        self.acknowledged: list[int] = []
        self.enough = threading.Event()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        for line in self.process.stdout:
            self.acknowledged.append(int(line))
            if len(self.acknowledged) >= 200:
                self.enough.set()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.thread.join(timeout=10)


def migrated_app(url: str):
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
    return app


def backup_during_writes(app, url: str, backup_path: Path) -> set[int]:
    """Start a writer, back up once it has committed 200 rows; the ids acknowledged before."""
    writer = Writer(url)
    try:
        assert writer.enough.wait(timeout=60), "the writer did not get going"
        before = set(writer.acknowledged)
        result = app.test_cli_runner().invoke(args=["crm", "backup", str(backup_path)])
        assert result.exit_code == 0, result.output
        during = len(writer.acknowledged) - len(before)
    finally:
        writer.stop()
    # The writer kept committing while the backup copied (WAL lets it).
    assert during > 0, "no row was written while the backup ran"
    return before


def prefill(url: str) -> None:
    """Some 20 MB of rows, so that the copy takes long enough for writes to land meanwhile."""
    connection = sqlite3.connect(url.removeprefix("sqlite:///"))
    connection.executemany(
        "INSERT INTO organisations (name, name_key, kind, description, website, phone, email,"
        " address, area_served, tags, archived, version, created_at, updated_at) VALUES"
        " (?, ?, 'other', ?, '', '', '', '', '', '', 1, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
        ((f"Archived {n}", f"archived {n}", "x" * 1000) for n in range(20_000)),
    )
    connection.commit()
    connection.close()


def test_sqlite_backup_while_another_process_writes(tmp_path):
    url = "sqlite:///" + str(tmp_path / "live.sqlite3")
    live = migrated_app(url)
    prefill(url)
    backup_path = tmp_path / "backups" / "partnerwise.sqlite3"
    before = backup_during_writes(live, url, backup_path)

    assert backup_path.read_bytes()[:16] == b"SQLite format 3\x00"
    fresh = create_app(
        TestingConfig,
        {"SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "restored.sqlite3")},
    )
    result = fresh.test_cli_runner().invoke(args=["crm", "restore", str(backup_path)])
    assert result.exit_code == 0, result.output
    assert "integrity ok" in result.output
    restored = sqlite3.connect(tmp_path / "restored.sqlite3")
    assert restored.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = dict(restored.execute("SELECT id, name FROM organisations"))
    restored.close()
    assert before <= set(rows)  # every row acknowledged before the backup began
    live_db = sqlite3.connect(tmp_path / "live.sqlite3")
    live_rows = dict(live_db.execute("SELECT id, name FROM organisations"))
    live_db.close()
    assert {key: live_rows[key] for key in rows} == rows  # and each as it was written
    with fresh.app_context():
        writers = select(Organisation.name).where(Organisation.archived.is_(False))
        assert db.session.scalars(writers.order_by(Organisation.id)).first() == "Writer 000001"


def test_restore_refuses_a_database_with_data_unless_forced(app, runner, tmp_path):
    with app.app_context():
        factories.organisation("Kept in the backup")
        db.session.commit()
    backup_path = tmp_path / "b.bak"
    assert runner.invoke(args=["crm", "backup", str(backup_path)]).exit_code == 0
    with app.app_context():
        factories.organisation("Added after the backup")
        db.session.commit()
    refused = runner.invoke(args=["crm", "restore", str(backup_path)])
    assert refused.exit_code == 1
    assert "already holds data" in refused.output and "--force" in refused.output
    with app.app_context():
        assert len(db.session.scalars(select(Organisation)).all()) == 2
    forced = runner.invoke(args=["crm", "restore", str(backup_path), "--force"])
    assert forced.exit_code == 0, forced.output
    with app.app_context():
        db.session.remove()
        assert db.session.scalars(select(Organisation.name)).all() == ["Kept in the backup"]


def test_restore_checks_the_file(app, runner, tmp_path):
    missing = runner.invoke(args=["crm", "restore", str(tmp_path / "nope")])
    assert missing.exit_code == 1 and "There is no backup file" in missing.output
    wrong = tmp_path / "wrong.bak"
    wrong.write_bytes(b"not a backup at all")
    result = runner.invoke(args=["crm", "restore", str(wrong)])
    assert result.exit_code == 1
    assert "is not a" in result.output


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL backup is tested when DATABASE_URL names a PostgreSQL server",
)
def test_postgres_backup_while_another_process_writes(app, database_url, tmp_path):
    backup_path = tmp_path / "partnerwise.dump"
    before = backup_during_writes(app, database_url, backup_path)
    assert backup_path.read_bytes()[:5] == b"PGDMP"

    target = make_url(database_url).set(database=make_url(database_url).database + "_restore")
    admin = create_engine(make_url(database_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}"'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    fresh = create_app(
        TestingConfig, {"SQLALCHEMY_DATABASE_URI": target.render_as_string(hide_password=False)}
    )
    try:
        result = fresh.test_cli_runner().invoke(args=["crm", "restore", str(backup_path)])
        assert result.exit_code == 0, result.output
        with fresh.app_context():
            ids = set(db.session.scalars(select(Organisation.id)))
            revision = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
            db.session.remove()
            db.engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}"'))
        admin.dispose()
    assert before <= ids
    assert revision
