"""Subject access finds every mention of a person; erasure offers to redact each one."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import Text, select

from crm.audit.models import AuditEntry
from crm.contacts.models import Contact
from crm.conversations.models import Conversation, ConversationContact
from crm.core.extensions import db
from crm.followups.models import FollowUp
from crm.organisations import services as organisations
from crm.organisations.models import Organisation
from crm.privacy.mentions import FREE_TEXT
from crm.proposals.models import Stake
from tests import factories
from tests.hostile.forms import form_fields

NAME, EMAIL, PHONE = "Siân Llŷr", "sian.llyr@canolfan.example.org", "07700 900123"


@pytest.fixture
def world(app, users):
    with app.app_context():
        home = factories.organisation("Canolfan Cymraeg")
        sian = factories.contact(NAME, organisation=home, email=EMAIL, phone=PHONE)
        other = factories.organisation("Riverside Peer Support")
        bob = factories.contact("Bob Jones", organisation=other, notes=f"Works with {NAME}.")
        talk = factories.conversation([bob], summary=f"Bob says {NAME} will chair the walk.")
        proposal = factories.proposal("Walks plan")
        stake = factories.stake(other, proposal, notes=f"{EMAIL} agreed by email.")
        follow = FollowUp(
            description="Ask Siân for the figures",
            owner_id=users["editor"],
            due_on=date(2026, 12, 1),
        )
        db.session.add(follow)
        db.session.flush()
        # An organisation's description is its own detail, so the audit log copies it.
        organisations.update_organisation(
            other,
            {"description": "Peer support. Ring Siân on 07700 900 123."},
            None,
            other.version,
        )
        db.session.commit()
        return {
            "sian": sian.id,
            "bob": bob.id,
            "talk": talk.id,
            "stake": stake.id,
            "follow": follow.id,
            "other": other.id,
        }


def test_subject_access_lists_every_mention_by_name_email_and_phone(client, login_as, world):
    login_as("admin")
    data = json.loads(client.get(f"/privacy/contacts/{world['sian']}/export.json").data)
    where = sorted(m["where"] for m in data["mentions"])
    assert where == sorted(
        [
            "Conversation summary",
            "Follow-up",
            "Organisation: what they do",
            "Another contact's notes",
            "Stake notes",
            "Audit log copy",
        ]
    ), where
    assert client.get(f"/privacy/contacts/{world['sian']}/export.pdf").status_code == 200


def test_erasure_redacts_each_ticked_mention_including_audit_copies(app, client, login_as, world):
    login_as("admin")
    url = f"/privacy/contacts/{world['sian']}/erase"
    page = client.get(url).get_data(as_text=True)
    assert "Mentions elsewhere (6)" in page
    form = form_fields(page)
    form["confirm"] = "y"
    assert client.post(url, data=form).status_code == 302
    with app.app_context():
        texts = [
            db.session.get(Conversation, world["talk"]).summary,
            db.session.get(Contact, world["bob"]).notes,
            db.session.get(Stake, world["stake"]).notes,
            db.session.get(FollowUp, world["follow"]).description,
            db.session.get(Organisation, world["other"]).description,
            *(
                json.dumps(e.changes, ensure_ascii=False)
                for e in db.session.scalars(select(AuditEntry))
            ),
        ]
        joined = " ".join(texts)
        for trace in ("Siân", "Llŷr", EMAIL, "900123", "900 123"):
            assert trace not in joined, trace
        assert "Bob says erased contact will chair the walk." in texts
        erase = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "erase"))
        assert erase.changes["audit_entries_redacted"][1] == 1
        assert erase.changes["mentions_redacted"][1] == 5


def test_an_unticked_mention_is_kept(app, client, login_as, world):
    login_as("admin")
    url = f"/privacy/contacts/{world['sian']}/erase"
    form = form_fields(client.get(url).get_data(as_text=True))
    form["confirm"] = "y"
    form["mention"] = [f"conversations:summary:{world['talk']}"]
    assert client.post(url, data=form).status_code == 302
    with app.app_context():
        assert "erased contact" in db.session.get(Conversation, world["talk"]).summary
        assert NAME in db.session.get(Contact, world["bob"]).notes  # left as it was


# Text columns that are not free text about people.
NOT_FREE_TEXT = {
    ("audit_entries", "changes"),
    ("audit_entries", "summary"),
    ("organisations", "meeting_dates"),  # ISO dates written by the form, not typed prose
}


def test_every_free_text_column_is_searched_for_mentions(app):
    covered = {(model.__tablename__, column) for model, column, _ in FREE_TEXT}
    with app.app_context():
        text_columns = {
            (table.name, column.name)
            for table in db.metadata.sorted_tables
            for column in table.columns
            if isinstance(column.type, Text) and not column.foreign_keys
        }
    missing = text_columns - covered - NOT_FREE_TEXT
    assert not missing, f"add these to crm/privacy/mentions.py FREE_TEXT: {sorted(missing)}"


def test_the_demo_conversation_naming_someone_else_is_found(app, runner, client):
    assert runner.invoke(args=["crm", "demo"]).exit_code == 0
    with app.app_context():
        daniel = db.session.scalar(select(Contact).where(Contact.name == "Daniel Osei"))
        linked = set(
            db.session.scalars(
                select(ConversationContact.conversation_id).where(
                    ConversationContact.contact_id == daniel.id
                )
            )
        )
        from crm.auth.models import User

        admin = db.session.scalar(select(User).where(User.role == "admin"))
        daniel_id, admin_email = daniel.id, admin.email
    from tests.conftest import login

    login(client, admin_email, "steering-group-admin")
    data = json.loads(client.get(f"/privacy/contacts/{daniel_id}/export.json").data)
    named = [m for m in data["mentions"] if m["where"] == "Conversation summary"]
    # Logged with Dafydd, naming Daniel: in Daniel's export although not linked to him.
    assert any(
        "referred by Daniel at Northgate" in m["text"] and int(m["record"].split()[1]) not in linked
        for m in named
    )
