"""Use cases for contacts: create, edit, archive, restore."""

from __future__ import annotations

from typing import Any

from crm.audit.services import apply_changes, record
from crm.contacts.models import Contact
from crm.core.bulk import write_named_records
from crm.core.db import utcnow
from crm.core.errors import FieldError, check_version
from crm.core.extensions import db
from crm.organisations.models import Organisation

FIELDS = (
    "name",
    "organisation_id",
    "job_title",
    "email",
    "phone",
    "phone_other",
    "preferred_channel",
    "best_times",
    "notes",
    "lawful_basis",
    "consent_date",
    "lawful_basis_note",
    "do_not_contact",
)
NULLABLE = {"organisation_id", "consent_date"}


def clean(data: dict[str, Any]) -> dict[str, Any]:
    """The contact fields from form data, normalised (phones stay as typed text)."""
    values = {key: data[key] for key in FIELDS if key in data}
    for key, value in values.items():
        if value is None and key not in NULLABLE:
            values[key] = False if key == "do_not_contact" else ""
    if values.get("organisation_id") in (0, ""):
        values["organisation_id"] = None
    if "email" in values:
        values["email"] = values["email"].strip().lower()
    if "name" in values:
        values["name"] = " ".join(values["name"].split())
    if values.get("lawful_basis") and values["lawful_basis"] != "consent":
        values["consent_date"] = None
    return values


def _check_organisation(organisation_id: int | None) -> None:
    if organisation_id is None:
        return
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or organisation.archived:
        raise FieldError("organisation_id", "Choose an active organisation, or none.")


def create_contact(data: dict[str, Any], actor) -> Contact:
    """Create a contact."""
    values = clean(data)
    _check_organisation(values.get("organisation_id"))
    contact = Contact(created_by_id=getattr(actor, "id", None), **values)
    db.session.add(contact)
    record(
        "create",
        contact,
        actor,
        {k: (None, v) for k, v in values.items() if v not in ("", None, False)},
    )
    return contact


def update_contact(contact: Contact, data: dict[str, Any], actor, version: int | None) -> dict:
    """Save edits made from a form built at `version`; refuses a stale form."""
    check_version(contact, version)
    values = clean(data)
    if values.get("organisation_id") != contact.organisation_id:
        _check_organisation(values.get("organisation_id"))
    changes = apply_changes(contact, values)
    if changes:
        record("update", contact, actor, changes)
    return changes


def archive_contact(contact: Contact, actor) -> None:
    """Archive a contact: hidden from lists and pickers, history kept."""
    if contact.archived:
        return
    contact.archived = True
    contact.archived_at = utcnow()
    record("archive", contact, actor, {"archived": (False, True)})


def restore_contact(contact: Contact, actor) -> None:
    """Bring an archived contact back."""
    if not contact.archived:
        return
    contact.archived = False
    contact.archived_at = None
    record("restore", contact, actor, {"archived": (True, False)})


def import_records(
    new: list[dict[str, Any]],
    changed: list[tuple[int, int, dict[str, Any]]],
    actor_id: int | None,
    now,
) -> None:
    """Write an import's contacts in bulk: `new` ones, and `changed` ones as (id, version
    read, new values). The values were checked by the form's rules (crm/io/validation.py);
    the folded name key follows the name as the model keeps it. Raises BulkConflict when a
    record changed after it was read. Audited by the caller, as one import."""
    write_named_records(Contact.__table__, FIELDS, new, changed, actor_id, now)
