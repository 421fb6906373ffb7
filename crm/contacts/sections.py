"""What contacts add to other features' pages: the count beside each organisation."""

from __future__ import annotations

from sqlalchemy import false, func, select

from crm.contacts.models import Contact
from crm.core.extensions import db
from crm.core.pages import row_fact


@row_fact("organisations", "contacts")
def active_contacts_per_organisation(organisation_ids: list[int]) -> dict[int, int]:
    """How many active contacts each organisation has (one statement)."""
    rows = db.session.execute(
        select(Contact.organisation_id, func.count())
        .where(Contact.organisation_id.in_(organisation_ids), Contact.archived == false())
        .group_by(Contact.organisation_id)
    )
    return dict(rows.tuples().all())
