"""Audit entries: written by services, personal values never kept, rows never changed."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import delete, select, update

from crm.audit.guard import AuditLogIsAppendOnly
from crm.audit.models import AuditEntry
from crm.audit.services import REDACTED, audit_value, record
from crm.contacts import services as contacts
from crm.core.extensions import db
from crm.organisations import services as organisations
from tests import factories


def _entries(entity_type: str) -> list[AuditEntry]:
    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity_type == entity_type).order_by(AuditEntry.id)
    ).all()


def test_contact_changes_keep_no_personal_values(ctx):
    actor = factories.user("editor")
    contact = contacts.create_contact(
        {
            "name": "Ceri Unique",
            "email": "ceri.unique@example.org",
            "phone": "07700 900123",
            "notes": "Met at the forum",
            "preferred_channel": "email",
            "lawful_basis": "consent",
            "consent_date": date(2026, 1, 5),
        },
        actor,
    )
    contacts.update_contact(
        contact,
        {"phone": "07700 900999", "preferred_channel": "phone"},
        actor,
        version=contact.version,
    )
    db.session.commit()
    stored = json.dumps([e.changes for e in _entries("contacts")])
    for personal in (
        "Ceri Unique",
        "ceri.unique@example.org",
        "07700 900123",
        "07700 900999",
        "Met at the forum",
    ):
        assert personal not in stored
    create, change = _entries("contacts")
    assert create.changes["email"] == [None, REDACTED]
    assert create.changes["lawful_basis"] == [None, "consent"]  # not personal: kept
    assert change.changes["phone"] == [REDACTED, REDACTED]
    assert change.changes["preferred_channel"] == ["email", "phone"]


def test_organisation_changes_keep_old_and_new_values(ctx):
    actor = factories.user("editor")
    organisation = organisations.create_organisation(
        {"name": "Hafan Trust", "phone": "01632 1"}, actor
    )
    organisations.update_organisation(organisation, {"phone": "01632 2"}, actor, version=1)
    db.session.commit()
    assert _entries("organisations")[-1].changes == {"phone": ["01632 1", "01632 2"]}


def test_unclassified_text_is_redacted_but_numbers_kept():
    assert audit_value("no_such_table", "free_text", "Sian said yes") == REDACTED
    assert audit_value("no_such_table", "count", 3) == 3
    assert audit_value("no_such_table", "ids", [1, 2]) == [1, 2]
    assert audit_value("contacts", "name", "") == ""  # an empty value reveals nothing


def test_audit_rows_cannot_be_updated_or_deleted(ctx):
    entry = record("create", None, None, entity_type="organisations", entity_id=1)
    db.session.commit()
    entry.summary = "rewritten history"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEntry, entry.id))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(update(AuditEntry).values(summary="x"))
    db.session.rollback()
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(delete(AuditEntry))
    db.session.rollback()
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(delete(AuditEntry.__table__))
    db.session.rollback()
    assert db.session.get(AuditEntry, entry.id).summary == ""
