"""What erasure leaves behind on PostgreSQL: nothing in the table or in ix_contacts_email."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from crm.core.extensions import db
from crm.privacy import services
from tests import factories

EMAIL = "vanishing.person@example.org"

pytestmark = pytest.mark.database("postgresql", reason="reads the raw pages with pageinspect")


def _pages(relation: str) -> bytes:
    """Every page of a table or index as raw bytes (pageinspect)."""
    pages = db.session.scalar(text(f"SELECT pg_relation_size('{relation}') / 8192"))
    return b"".join(
        bytes(db.session.scalar(text(f"SELECT get_raw_page('{relation}', {page})")))
        for page in range(pages)
    )


@pytest.fixture
def pg(app):
    with app.app_context():
        db.session.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
        db.session.commit()
        yield app


def test_after_erasure_the_email_is_in_no_page_of_the_table_or_its_index(pg, users):
    person = factories.contact("Vanishing Person", email=EMAIL)
    for i in range(20):
        factories.contact(f"Staying Person {i}", email=f"stay{i}@example.org")
    db.session.commit()
    db.session.execute(text("CHECKPOINT"))
    assert EMAIL.encode() in _pages("ix_contacts_email")
    services.erase_contact(person, None)
    db.session.commit()
    # Before VACUUM the deleted row's index entry (and heap tuple) are still there.
    assert EMAIL.encode() in _pages("ix_contacts_email")
    db.session.close()
    assert services.purge_deleted_bytes()
    assert EMAIL.encode() not in _pages("ix_contacts_email")
    assert EMAIL.encode() not in _pages("contacts")
