"""send-reminders run by two servers at once: still one digest per user per day."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from crm.core.extensions import db
from crm.followups.services import create_follow_up
from crm.mail.models import OutboxMessage
from crm.reminders.models import DigestRun
from tests import factories

ROOT = Path(__file__).resolve().parents[2]


def test_two_runs_at_once_queue_one_digest_per_user(app, database_url):
    with app.app_context():
        for n in range(40):
            owner = factories.user("editor")
            create_follow_up(
                {
                    "description": f"Call back {n}",
                    "due_on": date(2026, 12, 1),
                    "owner_id": owner.id,
                },
                owner,
            )
        db.session.commit()
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY="reminder-tests-" + "x" * 40)
    command = [
        sys.executable,
        "-m",
        "flask",
        "--app",
        "wsgi",
        "crm",
        "send-reminders",
        "--today",
        "2026-12-07",
    ]
    runs = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    for run, (_out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err.decode()
    queued = [int(out.decode().split("Queued ")[1].split(" ")[0]) for out, _err in outputs]
    assert sum(queued) == 40
    with app.app_context():
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 40
        assert db.session.scalar(select(func.count(DigestRun.id))) == 40
        assert db.session.scalar(select(func.count(func.distinct(OutboxMessage.to_user_id)))) == 40
