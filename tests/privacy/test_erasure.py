"""Erasure: the contact is gone, linked records stay without them, no bytes left behind."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import String, cast, func, or_, select

from crm.audit.models import AuditEntry
from crm.auth.models import User
from crm.contacts.models import Contact
from crm.conversations.models import Conversation, ConversationContact
from crm.core.extensions import db
from crm.followups.models import FollowUp
from crm.privacy import services
from crm.proposals.models import Stake
from tests.privacy.conftest import MARK
from tests.walk import sign_in

MARKERS = (MARK["name"], MARK["email"], "981 723", "Notes-marker-81723", "Gwenllian", "Ŵyn-Marker")


def _erase(app, subject):
    with app.app_context():
        contact = db.session.get(Contact, subject["contact"])
        admin = db.session.get(User, subject["admin"])
        counts = services.erase_contact(contact, admin)
        db.session.commit()
        assert services.purge_deleted_bytes()
        return counts


def test_contact_is_deleted_and_links_are_cut(app, subject):
    counts = _erase(app, subject)
    assert counts == {
        "conversations_kept": 2,
        "follow_ups_unlinked": 1,
        "stakes_unlinked": 1,
        "written_answers_kept": 0,
        "mentions_redacted": 0,  # linked rows are scrubbed above; no other text names her
        "audit_entries_redacted": 0,
        "emails_deleted": 1,
    }
    with app.app_context():
        assert db.session.get(Contact, subject["contact"]) is None
        assert db.session.get(Contact, subject["bystander"]) is not None
        conversation = db.session.get(Conversation, subject["conversation"])
        assert conversation.summary == (
            "Called erased contact ((phone removed)); erased contact said yes. Bystander too."
        )
        links = db.session.scalars(
            select(ConversationContact.contact_id).where(
                ConversationContact.conversation_id == subject["conversation"]
            )
        ).all()
        assert sorted(links, key=str) == sorted([None, subject["bystander"]], key=str)
        follow_up = db.session.get(FollowUp, subject["follow_up"])
        assert follow_up.contact_id is None
        assert follow_up.description == "Email (email removed) the draft"
        assert follow_up.organisation_id == subject["organisation"]
        stake = db.session.get(Stake, subject["stake"])
        assert stake.key_contact_id is None
        assert stake.notes == "Ask erased contact first"
        assert stake.version == subject["stake_version"] + 1  # open stake forms will be told


def test_audit_log_records_the_erasure_without_personal_data(app, subject):
    _erase(app, subject)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "erase"))
        assert (entry.entity_type, entry.entity_id, entry.user_id) == (
            "contacts",
            subject["contact"],
            subject["admin"],
        )
        assert entry.changes["conversations_kept"] == [None, 2]


def _text_columns():
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            yield table, column


def test_no_row_anywhere_mentions_them(app, subject):
    """A search of every column of every table (both databases)."""
    _erase(app, subject)
    with app.app_context():
        found = []
        for table, column in _text_columns():
            text = func.lower(cast(column, String))
            hit = or_(*[text.like(f"%{marker.lower()}%") for marker in MARKERS])
            if db.session.scalar(select(func.count()).select_from(table).where(hit)):
                found.append(f"{table.name}.{column.name}")
        assert not found, f"Erased contact still mentioned in {found}"


def _database_files(app) -> list[Path]:
    with app.app_context():
        path = Path(db.engine.url.database)
    return [p for p in (path, Path(f"{path}-wal")) if p.exists()]


@pytest.mark.database(
    "sqlite", reason="file bytes are a SQLite matter; PostgreSQL is searched row by row above"
)
def test_no_bytes_left_in_the_sqlite_file(app, subject):
    before = b"".join(p.read_bytes() for p in _database_files(app))
    assert MARK["email"].encode() in before  # the search can see them before erasure
    _erase(app, subject)  # pooled connections stay open, as in a running server
    data = b"".join(p.read_bytes() for p in _database_files(app))
    for marker in MARKERS:
        assert marker.encode() not in data, f"{marker!r} still in the database file"


def test_without_secure_delete_bytes_would_remain(tmp_path):
    """The control: the file search above can fail, so it proves something."""
    path = tmp_path / "plain.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA secure_delete = OFF")
    conn.execute("CREATE TABLE t (v TEXT)")
    conn.execute("INSERT INTO t VALUES (?)", (MARK["email"],))
    conn.commit()
    conn.execute("DELETE FROM t")
    conn.commit()
    conn.close()
    assert MARK["email"].encode() in path.read_bytes()


def test_erase_page_needs_a_tick(app, client, subject):
    with app.app_context():
        sign_in(client, subject["admin"])
    url = f"/privacy/contacts/{subject['contact']}/erase"
    page = client.get(url).get_data(as_text=True)
    assert "2 conversations they were in will stay" in page
    response = client.post(url, data={})
    assert response.status_code == 422
    assert b"Tick the box" in response.data
    with app.app_context():
        assert db.session.get(Contact, subject["contact"]) is not None


def test_erase_page_erases(app, client, subject):
    with app.app_context():
        sign_in(client, subject["admin"])
    response = client.post(
        f"/privacy/contacts/{subject['contact']}/erase",
        data={"confirm": "y"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Erased." in page
    assert MARK["name"] not in page
    with app.app_context():
        assert db.session.get(Contact, subject["contact"]) is None
    assert client.get(f"/contacts/{subject['contact']}").status_code == 404


def test_editors_cannot_erase(client, login_as, subject):
    login_as("editor")
    url = f"/privacy/contacts/{subject['contact']}/erase"
    assert client.post(url, data={"confirm": "y"}).status_code == 403
