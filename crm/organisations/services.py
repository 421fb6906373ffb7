"""Use cases for organisations: create, edit, archive, restore."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from crm.audit.services import apply_changes, record
from crm.core.bulk import write_named_records
from crm.core.dates import parse_uk_date
from crm.core.db import utcnow
from crm.core.errors import FieldError, check_version
from crm.core.extensions import db
from crm.organisations.models import MEETING_WEEKS, WEEKDAYS, Organisation, name_key
from crm.rules.vocabulary import DECIDES_BY

FIELDS = (
    "name",
    "kind",
    "description",
    "website",
    "phone",
    "email",
    "address",
    "area_served",
    "tags",
    "aliases",
    "decides_by",
    "meeting_week",
    "meeting_weekday",
    "meeting_dates",
    "owner_id",
    "stay_in_touch_days",
)


def normalise_tags(text: str) -> str:
    """Comma-separated tags, trimmed, lower case, without repeats."""
    seen: list[str] = []
    for raw in text.split(","):
        tag = " ".join(raw.split()).lower()
        if tag and tag not in seen:
            seen.append(tag)
    return ",".join(seen)


ALIAS_MAX = 20


def normalise_aliases(text: str, name: str = "") -> str:
    """Also-known-as names one per line (lines or semicolons in), without repeats or the name."""
    seen: list[str] = []
    keys = {name_key(name)} if name else set()
    for raw in (text or "").replace(";", "\n").split("\n"):
        alias = " ".join(raw.split())
        if alias and name_key(alias) not in keys:
            keys.add(name_key(alias))
            seen.append(alias)
    return "\n".join(seen)


def check_aliases(text: str) -> None:
    """Raise FieldError for aliases the names check could not use well."""
    aliases = [alias for alias in text.split("\n") if alias]
    if len(aliases) > ALIAS_MAX:
        raise FieldError("aliases", f"Give at most {ALIAS_MAX} other names.")
    for alias in aliases:
        if len(alias) > 100:
            raise FieldError("aliases", f"“{alias[:40]}…” is too long for a name (100 at most).")
        if sum(ch.isalnum() for ch in alias) < 2:
            raise FieldError("aliases", f"“{alias}” is too short to find in a draft.")


def _clean_governance(values: dict[str, Any]) -> None:
    """How they decide and their decision meetings, checked and normalised in place."""
    if "decides_by" in values and values["decides_by"] not in DECIDES_BY:
        raise FieldError("decides_by", "Choose how they decide from the list.")
    for key, allowed in (("meeting_week", MEETING_WEEKS), ("meeting_weekday", WEEKDAYS)):
        if key in values:
            value = values[key]
            values[key] = int(value) if str(value).strip().isdigit() else None
            if values[key] is not None and values[key] not in allowed:
                raise FieldError(key, "Choose from the list.")
    if ("meeting_week" in values) and (values["meeting_week"] is None) != (
        values.get("meeting_weekday") is None
    ):
        raise FieldError("meeting_weekday", "Choose both the week and the day, or neither.")
    if "meeting_dates" in values:
        days = []
        for line in (values["meeting_dates"] or "").replace(",", "\n").split("\n"):
            if not line.strip():
                continue
            try:
                days.append(parse_uk_date(line))
            except ValueError as error:
                raise FieldError("meeting_dates", str(error)) from None
        values["meeting_dates"] = "\n".join(day.isoformat() for day in sorted(set(days)))


def clean(data: dict[str, Any]) -> dict[str, Any]:
    """The organisation fields from form data, normalised."""
    values = {key: data[key] for key in FIELDS if key in data}
    for key, value in values.items():
        if value is None and key not in {
            "owner_id",
            "stay_in_touch_days",
            "meeting_week",
            "meeting_weekday",
        }:
            values[key] = ""
    if "tags" in values:
        values["tags"] = normalise_tags(values["tags"])
    if "email" in values:
        values["email"] = values["email"].strip().lower()
    if "owner_id" in values and values["owner_id"] in (0, ""):
        values["owner_id"] = None  # "Nobody yet"; a partial update leaves the owner alone
    if "name" in values:
        values["name"] = " ".join(values["name"].split())
    _clean_governance(values)
    if "aliases" in values:
        values["aliases"] = normalise_aliases(values["aliases"], values.get("name", ""))
        check_aliases(values["aliases"])
    return values


def find_active_by_name(name: str, exclude_id: int | None = None) -> Organisation | None:
    """The active organisation with this name (ignoring case and spacing), if any."""
    query = select(Organisation).where(
        Organisation.name_key == name_key(name), Organisation.archived.is_(False)
    )
    if exclude_id is not None:
        query = query.where(Organisation.id != exclude_id)
    return db.session.scalar(query)


def _check_name(name: str, exclude_id: int | None = None) -> None:
    existing = find_active_by_name(name, exclude_id)
    if existing is not None:
        raise FieldError("name", f"An organisation called “{existing.name}” already exists.")


def create_organisation(data: dict[str, Any], actor) -> Organisation:
    """Create an organisation; raises FieldError when the name is taken."""
    values = clean(data)
    _check_name(values["name"])
    organisation = Organisation(created_by_id=getattr(actor, "id", None), **values)
    db.session.add(organisation)
    record(
        "create",
        organisation,
        actor,
        {k: (None, v) for k, v in values.items() if v not in ("", None)},
    )
    return organisation


def update_organisation(
    organisation: Organisation, data: dict[str, Any], actor, version: int | None
) -> dict:
    """Save edits made from a form built at `version`; refuses a stale form."""
    check_version(organisation, version)
    values = clean(data)
    if "name" in values and not organisation.archived:
        _check_name(values["name"], exclude_id=organisation.id)
    changes = apply_changes(organisation, values)
    if changes:
        record("update", organisation, actor, changes)
    return changes


def archive_organisation(organisation: Organisation, actor) -> None:
    """Archive: hidden from lists and pickers, kept with its history."""
    if organisation.archived:
        return
    organisation.archived = True
    organisation.archived_at = utcnow()
    record("archive", organisation, actor, {"archived": (False, True)})


def restore_organisation(organisation: Organisation, actor) -> None:
    """Bring an archived organisation back, if its name is still free."""
    if not organisation.archived:
        return
    _check_name(organisation.name, exclude_id=organisation.id)
    organisation.archived = False
    organisation.archived_at = None
    record("restore", organisation, actor, {"archived": (True, False)})


# The columns an import may write: those the form writes, but not the owner (set by hand).
IMPORT_FIELDS = tuple(field for field in FIELDS if field != "owner_id")


def import_records(
    new: list[dict[str, Any]],
    changed: list[tuple[int, int, dict[str, Any]]],
    actor_id: int | None,
    now,
) -> None:
    """Write an import's organisations in bulk: `new` ones, and `changed` ones as (id,
    version read, new values). The values were checked by the form's rules
    (crm/io/validation.py); the folded name key follows the name as the model keeps it.
    Raises BulkConflict when a record changed after it was read. Audited by the caller, as
    one import."""
    write_named_records(Organisation.__table__, IMPORT_FIELDS, new, changed, actor_id, now)
