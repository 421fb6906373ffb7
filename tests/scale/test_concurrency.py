"""Concurrent writers against the real app under gunicorn (3 workers, CSRF on).

Checks: no failed request; every acknowledged create is stored; concurrent
edits of one record are each either applied or refused as a conflict (409),
never silently lost; the database is intact; and a kill -9 of the server in
the middle of the load loses nothing it had acknowledged. Runs on SQLite, and
on PostgreSQL too when the suite does (DATABASE_URL).
"""

from __future__ import annotations

import http.client
import sqlite3
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from bench.client import stop
from crm.audit.models import AuditEntry
from crm.contacts.models import Contact
from crm.conversations.models import Conversation
from crm.core.extensions import db
from crm.organisations.models import Organisation
from crm.proposals.models import Stake
from tests import factories
from tests.scale.servers import editor, served, sqlite_path

THREADS = 6
EDITS_EACH = 4
CREATES_EACH = 5
# Where the stake edit form will live once proposals are merged (skipped while it is 404).
STAKE_EDIT = "/proposals/{proposal_id}/stakes/{stake_id}/edit"


def _in_threads(count: int, work) -> list:
    """Run work(index) in `count` threads started together; their results, flattened."""
    start = threading.Barrier(count)

    def run(index: int) -> list:
        start.wait()
        return work(index)

    with ThreadPoolExecutor(count) as pool:
        return [item for chunk in pool.map(run, range(count)) for item in chunk]


def _integrity_ok(url: str) -> None:
    if url.startswith("sqlite"):
        with sqlite3.connect(sqlite_path(url)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def contest(port: int, path: str, field: str) -> list[tuple[int, int, str]]:
    """Many editors load the same form and save a different `field` value: (status, version, value)."""
    clients = [editor(port) for _ in range(THREADS)]

    def work(index: int) -> list:
        made = []
        for number in range(EDITS_EACH):
            form = clients[index].form(path)
            value = f"Edit {number} by editor {index}"
            form.set(field, value)
            response = clients[index].post(path, form.fields)
            made.append((response.status, int(form.get("version")), value))
        return made

    return _in_threads(THREADS, work)


def assert_nothing_lost(app, model, record_id: int, field: str, results: list) -> None:
    """Each edit applied (302) or refused (409); the applied ones form one unbroken chain."""
    statuses = Counter(status for status, _version, _value in results)
    assert set(statuses) <= {302, 409}, statuses
    applied = sorted((version, value) for status, version, value in results if status == 302)
    assert applied, "no edit was applied"
    # Each applied edit started from the version the previous one produced: none overwrote
    # another without seeing it.
    assert [version for version, _value in applied] == list(range(1, len(applied) + 1))
    with app.app_context():
        record = db.session.get(model, record_id)
        assert record.version == len(applied) + 1
        assert getattr(record, field) == applied[-1][1]
        audited = db.session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity_type == model.__tablename__,
                AuditEntry.entity_id == record_id,
                AuditEntry.action == "update",
            )
        ).all()
    # One audit entry per applied edit (free-text values are not kept in the audit log).
    assert len(audited) == len(applied)
    assert all(field in entry.changes for entry in audited)


def test_concurrent_edits_of_one_organisation_are_applied_or_refused(load_db, server):
    url, app = load_db
    with app.app_context():
        org_id = factories.organisation("Contested Trust").id
        db.session.commit()
    results = contest(server, f"/organisations/{org_id}/edit", "description")
    assert_nothing_lost(app, Organisation, org_id, "description", results)
    _integrity_ok(url)


def test_a_stale_save_is_refused_with_409(load_db, server):
    _url, app = load_db
    with app.app_context():
        org_id = factories.organisation("Two Editors Ltd").id
        db.session.commit()
    path = f"/organisations/{org_id}/edit"
    first, second = editor(server), editor(server)
    form_a, form_b = first.form(path), second.form(path)
    form_a.set("description", "A's words")
    form_b.set("description", "B's words")
    assert first.post(path, form_a.fields).status == 302
    refused = second.post(path, form_b.fields)
    assert refused.status == 409
    assert "B&#39;s words" in refused.text or "B's words" in refused.text  # input kept
    with app.app_context():
        assert db.session.get(Organisation, org_id).description == "A's words"


def test_concurrent_edits_of_one_stake_are_applied_or_refused(load_db, server):
    url, app = load_db
    with app.app_context():
        stake = factories.stake(factories.organisation("Stakeholder"), factories.proposal())
        path = STAKE_EDIT.format(proposal_id=stake.proposal_id, stake_id=stake.id)
        stake_id = stake.id
        db.session.commit()
    if editor(server).get(path).status == 404:
        pytest.skip(f"no stake edit form at {path} yet (proposals not merged)")
    results = contest(server, path, "notes")
    assert_nothing_lost(app, Stake, stake_id, "notes", results)
    _integrity_ok(url)


def create_many(port: int, form_path: str, post_path: str, field: str, label: str) -> list:
    """Many editors submit create forms at once: (status, the unique value they sent)."""
    clients = [editor(port) for _ in range(THREADS)]

    def work(index: int) -> list:
        form = clients[index].form(form_path)  # one CSRF token per session is enough
        made = []
        for number in range(CREATES_EACH):
            value = f"{label} {index}-{number}"
            form.set(field, value)
            made.append((clients[index].post(post_path, form.fields).status, value))
        return made

    return _in_threads(THREADS, work)


def test_concurrent_contact_creates_are_all_stored(load_db, server):
    url, app = load_db
    results = create_many(server, "/contacts/new", "/contacts/new", "name", "Load Person")
    assert Counter(status for status, _value in results) == {302: THREADS * CREATES_EACH}
    with app.app_context():
        stored = set(db.session.scalars(select(Contact.name)))
    assert {value for _status, value in results} <= stored
    _integrity_ok(url)


def test_concurrent_conversation_posts_are_all_stored(load_db, server):
    url, app = load_db
    with app.app_context():
        person = factories.contact("Busy Person", factories.organisation("Busy Org"))
        db.session.commit()
        form_path = f"/conversations/new?contact={person.id}"
    if editor(server).get(form_path).status == 404:
        pytest.skip("no /conversations/new yet (conversations not merged)")
    field = next(name for name in editor(server).form(form_path).names() if "summary" in name)
    results = create_many(server, form_path, "/conversations/new", field, "Load call")
    assert Counter(status for status, _value in results) == {302: THREADS * CREATES_EACH}
    with app.app_context():
        stored = set(db.session.scalars(select(Conversation.summary)))
    assert {value for _status, value in results} <= stored
    _integrity_ok(url)


def test_kill_9_mid_load_loses_no_acknowledged_write(load_db):
    """A server of its own, killed with SIGKILL while four editors are saving."""
    url, app = load_db
    acknowledged: list[str] = []
    statuses: Counter = Counter()
    lock, killed = threading.Lock(), threading.Event()
    with served(url) as (process, port):
        clients = [editor(port) for _ in range(4)]
        forms = [client.form("/contacts/new") for client in clients]

        def work(index: int) -> None:
            number = 0
            while not killed.is_set():
                name = f"Crash Test {index}-{number}"
                number += 1
                forms[index].set("name", name)
                try:
                    response = clients[index].post("/contacts/new", forms[index].fields)
                except (OSError, http.client.HTTPException):
                    continue  # the server is gone (or going): nothing was acknowledged
                with lock:
                    statuses[response.status] += 1
                    if response.status == 302:
                        acknowledged.append(name)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 20
        while len(acknowledged) < 40 and time.monotonic() < deadline:
            time.sleep(0.05)
        stop(process, hard=True)  # SIGKILL to gunicorn and its workers, mid-request
        killed.set()
        for thread in threads:
            thread.join(timeout=30)
    assert set(statuses) == {302}, statuses
    assert len(acknowledged) >= 40
    with app.app_context():
        db.engine.dispose()
        stored = set(db.session.scalars(select(Contact.name).where(Contact.name.like("Crash%"))))
    assert set(acknowledged) <= stored
    _integrity_ok(url)
