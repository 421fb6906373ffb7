"""The records offered as the duplicate to merge: likely ones (same name or email) first."""

from __future__ import annotations

from sqlalchemy import select

from crm.contacts.models import Contact
from crm.core.extensions import db
from crm.organisations.models import Organisation

Choices = list[tuple[int, str]]


def _split(rows, likely_if) -> tuple[Choices, Choices]:
    likely = [(row_id, label) for row_id, label, row in rows if likely_if(row)]
    rest = [(row_id, label) for row_id, label, row in rows if not likely_if(row)]
    return likely, rest


def organisation_candidates(kept: Organisation) -> tuple[Choices, Choices]:
    """Active organisations to choose the duplicate from: (likely, the rest), one statement.

    Likely: the same first word of the name, ignoring case and accents, which is how
    most duplicates look ("Riverside Peer Support" and "Riverside Peer Support Network").
    """
    rows = db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.name_key)
        .where(Organisation.archived.is_(False), Organisation.id != kept.id)
        .order_by(Organisation.name_key, Organisation.id)
    ).all()
    word = _first_word(kept.name_key)
    return _split(
        [(row.id, row.name, row) for row in rows],
        lambda row: bool(word) and _first_word(row.name_key) == word,
    )


def contact_candidates(kept: Contact) -> tuple[Choices, Choices]:
    """Active contacts to choose the duplicate from: (likely, the rest), one statement.

    Each is labelled with their organisation and email, so two people of the same name
    can be told apart. Likely: the same name (ignoring case and accents) or email.
    """
    rows = db.session.execute(
        select(Contact.id, Contact.name, Contact.name_key, Contact.email, Organisation.name)
        .outerjoin(Organisation, Organisation.id == Contact.organisation_id)
        .where(Contact.archived.is_(False), Contact.id != kept.id)
        .order_by(Contact.name_key, Contact.id)
    ).all()
    email = (kept.email or "").lower()

    def label(row) -> str:
        where = row[4] or "no organisation"
        return f"{row.name} ({where})" + (f", {row.email}" if row.email else "")

    return _split(
        [(row.id, label(row), row) for row in rows],
        lambda row: row.name_key == kept.name_key or bool(email and row.email.lower() == email),
    )


def _first_word(key: str) -> str:
    words = key.split()
    return words[0] if words else ""
