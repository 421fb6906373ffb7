"""A merge moves every reference: each foreign key to organisations or contacts is handled."""

from crm.core.db import Base
from crm.merging.services import CONTACT_REFERENCES, ORGANISATION_REFERENCES


def _references_to(table_name: str) -> set[tuple[str, str]]:
    return {
        (table.name, fk.parent.name)
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == table_name
    }


def test_every_reference_to_an_organisation_is_moved_by_the_merge(app):
    assert _references_to("organisations") == ORGANISATION_REFERENCES


def test_every_reference_to_a_contact_is_moved_by_the_merge(app):
    assert _references_to("contacts") == CONTACT_REFERENCES
