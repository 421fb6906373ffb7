"""How audit changes read on the page: field labels, choice labels, names for ids."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from crm.audit.models import AuditEntry
from crm.audit.services import REDACTED
from crm.auth.models import User
from crm.contacts.models import Contact
from crm.core.access import USER_ROLES
from crm.core.extensions import db
from crm.organisations.models import Organisation
from crm.proposals.models import Proposal
from crm.rules.vocabulary import (
    AGREEMENTS,
    CHANNELS,
    ENGAGEMENT_LEVELS,
    LAWFUL_BASES,
    ORGANISATION_KINDS,
    OUTCOMES,
    PREFERRED_CHANNELS,
    STAKE_ROLES,
    STANCES,
    STATUSES,
)

# Internal columns that say nothing to a reader.
HIDDEN = {"name_key"}
CHOICES = {
    ("organisations", "kind"): ORGANISATION_KINDS,
    ("contacts", "preferred_channel"): PREFERRED_CHANNELS,
    ("contacts", "lawful_basis"): LAWFUL_BASES,
    ("users", "role"): USER_ROLES,
    ("conversations", "channel"): CHANNELS,
    ("conversations", "outcome"): OUTCOMES,
    ("proposals", "status"): STATUSES,
    ("stakes", "role"): STAKE_ROLES,
    ("stakes", "engagement_level"): ENGAGEMENT_LEVELS,
    ("stakes", "stance"): STANCES,
    ("stakes", "agreement"): AGREEMENTS,
}
# What a referenced record is called; contacts are looked up live, so erased ones vanish.
NAMES = {
    "users": (User, User.name),
    "organisations": (Organisation, Organisation.name),
    "contacts": (Contact, Contact.name),
    "proposals": (Proposal, Proposal.title),
}


@dataclass
class ChangeRow:
    """One changed field as the page shows it."""

    label: str
    old: str
    new: str
    redacted: bool
    set_now: bool  # the old value was empty: a value was added


def _references() -> dict[tuple[str, str], str]:
    """(table, column) -> referenced table, for foreign keys to named records."""
    found = {}
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name in NAMES:
                found[(table.name, fk.parent.name)] = fk.column.table.name
    # A merge records where a record went and what came into it (crm/merging), and the
    # conversations' moved links (their own tables are link tables, not conversation columns).
    for name in ("organisations", "contacts"):
        found[(name, "merged_from")] = found[(name, "merged_into")] = name
        found[("conversations", name.removesuffix("s") + "_id")] = name
    return found


def _label(field: str) -> str:
    return field.removesuffix("_id").replace("_", " ").capitalize()


def _text(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "(empty)"
    return str(value)


def describe(entries: list[AuditEntry]) -> dict[int, list[ChangeRow]]:
    """entry id -> its change rows, with names looked up in one query per record type."""
    references = _references()
    wanted: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        for field, pair in (entry.changes or {}).items():
            target = references.get((entry.entity_type, field))
            if target:
                wanted[target].update(v for v in pair if isinstance(v, int))
    names: dict[str, dict[int, str]] = {}
    for target, ids in wanted.items():
        model, column = NAMES[target]
        rows = db.session.execute(select(model.id, column).where(model.id.in_(ids)))
        names[target] = {row[0]: row[1] for row in rows}

    def show(entity_type: str, field: str, value: Any) -> str:
        target = references.get((entity_type, field))
        if target and isinstance(value, int):
            return names.get(target, {}).get(value, f"#{value} (no longer held)")
        labels = CHOICES.get((entity_type, field))
        if labels and isinstance(value, str):
            return labels.get(value, value)
        return _text(value)

    described = {}
    for entry in entries:
        rows = []
        for field, pair in (entry.changes or {}).items():
            if field in HIDDEN or not isinstance(pair, list) or len(pair) != 2:
                continue
            old, new = pair
            rows.append(
                ChangeRow(
                    label=_label(field),
                    old=show(entry.entity_type, field, old),
                    new=show(entry.entity_type, field, new),
                    redacted=REDACTED in (old, new),
                    set_now=old in (None, ""),
                )
            )
        described[entry.id] = rows
    return described
