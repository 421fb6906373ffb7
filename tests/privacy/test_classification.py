"""Every column of every table is classified as personal or not."""

from __future__ import annotations

from crm import register_models
from crm.audit.classification import CLASSIFICATION, NOT_PERSONAL, PERSONAL, classify
from crm.core.extensions import db
from crm.privacy.queries import SECTIONS_BY_TABLE

register_models()  # every table on the metadata

HOW_TO_FIX = (
    "Add it to crm/audit/classification.py: PERSONAL if the value can identify or describe "
    "a person (names, contact details, free text), otherwise NOT_PERSONAL. PERSONAL values "
    "are kept out of the audit log; if the column is about a contact, check that the subject "
    "access export (crm/privacy/queries.py subject_access) includes it."
)


def test_every_column_is_classified():
    missing = [
        f"{table.name}.{column.name}"
        for table in db.metadata.sorted_tables
        for column in table.columns
        if classify(table.name, column.name) not in (PERSONAL, NOT_PERSONAL)
    ]
    assert not missing, f"Unclassified columns: {missing}. {HOW_TO_FIX}"


def test_classification_names_only_real_columns():
    tables = {table.name: {c.name for c in table.columns} for table in db.metadata.sorted_tables}
    stale = [
        f"{table}.{column}"
        for table, columns in CLASSIFICATION.items()
        for column in columns
        if column not in tables.get(table, set())
    ]
    assert not stale, f"Classified columns that do not exist (remove them): {stale}"


def test_contact_details_are_personal():
    for column in ("name", "email", "phone", "phone_other", "notes", "job_title"):
        assert classify("contacts", column) == PERSONAL
    assert classify("conversations", "summary") == PERSONAL
    assert classify("contacts", "lawful_basis") == NOT_PERSONAL


def test_every_table_that_refers_to_a_contact_is_in_the_subject_access_export():
    referring = sorted(
        {
            fk.parent.table.name
            for table in db.metadata.sorted_tables
            for fk in table.foreign_keys
            if fk.column.table.name == "contacts"
        }
    )
    missing = [name for name in referring if name not in SECTIONS_BY_TABLE]
    assert not missing, (
        f"Tables with a link to contacts that the subject access export and erasure do not "
        f"cover: {missing}. Add them to subject_access and SECTIONS_BY_TABLE "
        "(crm/privacy/queries.py) and to erase_contact (crm/privacy/services.py)."
    )
