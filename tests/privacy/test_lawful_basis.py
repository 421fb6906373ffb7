"""Every contact has a lawful basis, enforced by the database itself."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from crm.contacts.models import Contact
from crm.core.extensions import db

BASE = {
    "name": "Rhys",
    "job_title": "",
    "email": "",
    "phone": "",
    "phone_other": "",
    "preferred_channel": "phone",
    "best_times": "",
    "notes": "",
    "lawful_basis_note": "",
    "do_not_contact": False,
    "archived": False,
    "version": 1,
}


def _insert(**values):
    row = {**BASE, **values}
    row.setdefault("name_key", row.get("name", "").casefold())  # raw inserts set the search key
    db.session.execute(insert(Contact.__table__).values(**row))
    db.session.flush()


def test_a_contact_written_without_a_basis_gets_the_default(ctx):
    """Imports and raw inserts that say nothing get legitimate interests."""
    _insert()
    assert db.session.scalar(select(Contact.lawful_basis)) == "legitimate_interests"


@pytest.mark.parametrize(
    "values",
    [
        {"lawful_basis": None},
        {"lawful_basis": "because"},
        {"lawful_basis": "consent", "consent_date": None},
    ],
)
def test_the_database_refuses_a_missing_or_unknown_basis(ctx, values):
    with pytest.raises(IntegrityError):
        _insert(**values)
    db.session.rollback()


def test_consent_with_its_date_is_accepted(ctx):
    _insert(lawful_basis="consent", consent_date=date(2026, 2, 1))
    assert db.session.scalar(select(Contact.consent_date)) == date(2026, 2, 1)
