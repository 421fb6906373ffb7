"""send-mail as real processes: killed mid-batch, and two at once (each message once).

Runs on whichever database the suite runs on (SQLite file or PostgreSQL), counting
deliveries at the SMTP server.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from crm.core.extensions import db
from crm.mail.models import OutboxMessage
from tests.mail.helpers import queue_to_contacts

ROOT = Path(__file__).resolve().parents[2]


def _send_mail(database_url: str, smtp_url: str, *args: str) -> subprocess.Popen:
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        MAIL_URL=smtp_url,
        MAIL_FROM="partnerwise@crm.example.org",
        SECRET_KEY="process-tests-" + "x" * 40,
    )
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "crm", "send-mail", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _message_ids(app) -> dict[str, str]:
    """Message-ID -> state, for every message."""
    with app.app_context():
        return dict(db.session.execute(select(OutboxMessage.message_id, OutboxMessage.state)).all())


def test_killed_mid_batch_loses_nothing_and_resends_nothing_it_marked_sent(
    app, database_url, smtp_server
):
    with app.app_context():
        queue_to_contacts(20)
    smtp_server.handler.delay = 0.15  # slow enough to be caught in the middle
    process = _send_mail(database_url, smtp_server.url, "--lease", "2")
    smtp_server.wait_for(5)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    marked_sent = {mid for mid, state in _message_ids(app).items() if state == "sent"}
    assert 3 <= len(marked_sent) < 20, "the kill should land mid-batch"
    smtp_server.handler.delay = 0
    time.sleep(2.2)  # the dead sender's lease runs out
    finish = _send_mail(database_url, smtp_server.url)
    out, err = finish.communicate(timeout=60)
    assert finish.returncode == 0, err.decode()
    states = _message_ids(app)
    assert set(states.values()) == {"sent"}
    received = Counter(smtp_server.message_ids())
    assert set(received) == set(states)  # every message arrived
    assert all(received[mid] == 1 for mid in marked_sent)  # none marked sent went twice
    # At most the one message in flight when the process died can arrive twice.
    assert sum(received.values()) - len(received) <= 1


def test_two_senders_at_once_deliver_each_message_exactly_once(app, database_url, smtp_server):
    with app.app_context():
        queue_to_contacts(60)
    smtp_server.handler.delay = 0.01
    senders = [_send_mail(database_url, smtp_server.url, "--batch", "5") for _ in range(2)]
    outputs = [sender.communicate(timeout=120) for sender in senders]
    for sender, (_out, err) in zip(senders, outputs, strict=True):
        assert sender.returncode == 0, err.decode()
    sent_by = [int(out.decode().split("Sent ")[1].split(";")[0]) for out, _err in outputs]
    assert sum(sent_by) == 60
    received = Counter(smtp_server.message_ids())
    assert len(received) == 60 and set(received.values()) == {1}
    assert set(_message_ids(app).values()) == {"sent"}
