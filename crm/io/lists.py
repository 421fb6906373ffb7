"""The organisations and contacts lists as export tables, with the list pages' filters."""

from __future__ import annotations

import pandas as pd

from crm.contacts import queries as contact_queries
from crm.core.extensions import db
from crm.io.exports import Column, to_frame
from crm.organisations import queries as organisation_queries

# Headers the importer recognises, so an export can be edited and imported back.
ORGANISATION_COLUMNS = [
    Column("Name", lambda row: row.Organisation.name),
    Column("Kind", lambda row: row.Organisation.kind_label),
    Column("What they do", lambda row: row.Organisation.description),
    Column("Website", lambda row: row.Organisation.website),
    Column("Main phone", lambda row: row.Organisation.phone),
    Column("Email", lambda row: row.Organisation.email),
    Column("Address", lambda row: row.Organisation.address),
    Column("Area served", lambda row: row.Organisation.area_served),
    Column("Tags", lambda row: ", ".join(row.Organisation.tag_list)),
    Column("Also known as", lambda row: "; ".join(row.Organisation.alias_list)),
    Column("Stay in touch every (days)", lambda row: row.Organisation.stay_in_touch_days),
    Column(
        "Relationship owner",
        lambda row: row.Organisation.owner.name if row.Organisation.owner else "",
    ),
    Column("Contacts", lambda row: row.contacts),
    Column("Last contact", lambda row: row.last_contact),
    Column("Archived", lambda row: "Yes" if row.Organisation.archived else "No"),
]
CONTACT_COLUMNS = [
    Column("Name", lambda c: c.name),
    Column("Organisation", lambda c: c.organisation.name if c.organisation else ""),
    Column("Role or job title", lambda c: c.job_title),
    Column("Email", lambda c: c.email),
    Column("Phone", lambda c: c.phone),
    Column("Other phone", lambda c: c.phone_other),
    Column("Prefers", lambda c: c.channel_label),
    Column("Best times to reach", lambda c: c.best_times),
    Column("Notes", lambda c: c.notes),
    Column("Lawful basis", lambda c: c.lawful_basis_label),
    Column("Consent given on", lambda c: c.consent_date),
    Column("Basis note", lambda c: c.lawful_basis_note),
    Column("Do not contact", lambda c: "Yes" if c.do_not_contact else "No"),
    Column("Archived", lambda c: "Yes" if c.archived else "No"),
]


class _OrganisationRow:
    """An organisation list row with its active contact count and last contact date."""

    __slots__ = ("Organisation", "contacts", "last_contact")

    def __init__(self, organisation, facts: organisation_queries.Facts):
        self.Organisation = organisation
        self.last_contact = facts.last_contact
        self.contacts = facts.contacts


CHUNK = 5_000  # organisations per facts query (well under SQLite's bound-parameter limit)


def organisations_frame(filters: organisation_queries.OrganisationFilters) -> pd.DataFrame:
    """Every organisation the list page shows for these filters (no pagination)."""
    organisations = db.session.scalars(organisation_queries.list_query(filters)).unique().all()
    facts: dict[int, organisation_queries.Facts] = {}
    for start in range(0, len(organisations), CHUNK):
        facts.update(organisation_queries.page_facts(organisations[start : start + CHUNK]))
    items = [
        _OrganisationRow(organisation, facts.get(organisation.id, organisation_queries.Facts()))
        for organisation in organisations
    ]
    return to_frame(items, ORGANISATION_COLUMNS)


def contacts_frame(filters: contact_queries.ContactFilters) -> pd.DataFrame:
    """Every contact the list page shows for these filters (no pagination)."""
    contacts = db.session.scalars(contact_queries.list_query(filters)).all()
    return to_frame(contacts, CONTACT_COLUMNS)
