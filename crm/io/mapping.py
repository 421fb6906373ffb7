"""Which file column feeds which field: the fields of each kind and guesses from headers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from crm.rules.vocabulary import LAWFUL_BASES, ORGANISATION_KINDS, PREFERRED_CHANNELS

IMPORT_KINDS = {"organisations": "Organisations", "contacts": "Contacts"}


@dataclass(frozen=True)
class Field:
    """A field a column can be mapped to, with the header words that suggest it."""

    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    fallback: str = ""  # where a second column with the same guess goes (Mobile -> Other phone)


ORGANISATION_FIELDS = (
    Field(
        "name",
        "Name",
        ("organisation", "organisation name", "org", "org name", "organization", "name"),
    ),
    Field("kind", "Kind", ("type", "kind", "organisation type", "category", "sector")),
    Field("description", "What they do", ("description", "about", "what they do", "notes")),
    Field("website", "Website", ("website", "web", "web site", "url", "web address")),
    Field("phone", "Main phone", ("phone", "main phone", "tel", "telephone", "phone number")),
    Field("email", "Email", ("email", "e mail", "email address", "main email")),
    Field("address", "Address", ("address", "postal address", "full address")),
    Field("area_served", "Area served", ("area", "area served", "areas", "locality", "patch")),
    Field("tags", "Tags", ("tags", "tag", "keywords", "labels")),
    Field(
        "aliases",
        "Also known as",
        ("also known as", "aka", "a k a", "short name", "short names", "acronym", "aliases"),
    ),
    Field(
        "stay_in_touch_days",
        "Stay in touch every (days)",
        ("stay in touch every days", "stay in touch", "cadence", "contact every days"),
    ),
)

CONTACT_FIELDS = (
    Field("name", "Name", ("name", "full name", "contact name", "contact", "person")),
    Field("first_name", "First name", ("first name", "forename", "given name", "firstname")),
    Field(
        "last_name", "Last name", ("last name", "surname", "family name", "lastname", "second name")
    ),
    Field(
        "organisation",
        "Organisation",
        ("organisation", "organisation name", "org", "org name", "organization", "company"),
    ),
    Field("job_title", "Role or job title", ("job title", "role", "position", "job")),
    Field("email", "Email", ("email", "e mail", "email address", "work email")),
    Field(
        "phone",
        "Phone",
        ("tel", "phone", "telephone", "main phone", "mobile", "phone number", "work phone"),
        fallback="phone_other",
    ),
    Field("phone_other", "Other phone", ("other phone", "phone 2", "second phone", "alt phone")),
    Field(
        "preferred_channel",
        "Prefers",
        ("preferred contact", "preferred channel", "prefers", "contact preference", "channel"),
    ),
    Field("best_times", "Best times to reach", ("best times", "best time", "availability")),
    Field("notes", "Notes", ("notes", "note", "comments")),
    Field("lawful_basis", "Lawful basis", ("lawful basis", "legal basis", "gdpr basis")),
    Field("consent_date", "Consent given on", ("consent date", "consent given", "consent on")),
    Field("lawful_basis_note", "Basis note", ("basis note", "lawful basis note")),
    Field("do_not_contact", "Do not contact", ("do not contact", "dnc", "opted out")),
)

FIELDS = {"organisations": ORGANISATION_FIELDS, "contacts": CONTACT_FIELDS}

# Words people use for each kind of organisation, beyond our own labels.
KIND_SYNONYMS = {
    "community_group": (
        "voluntary",
        "community",
        "community group",
        "vcs",
        "vcse",
        "voluntary group",
    ),
    "charity": ("registered charity", "cio", "charitable"),
    "peer_support": ("peer support", "peer support group", "peer group", "support group"),
    "nhs": ("nhs", "nhs trust", "icb", "integrated care board", "health", "trust"),
    "local_authority": ("council", "local authority", "la", "borough council", "county council"),
    "primary_care": ("gp", "gp practice", "primary care", "surgery", "pcn"),
    "housing": ("housing association", "housing provider", "social housing"),
    "faith_group": ("faith", "church", "mosque", "temple", "synagogue", "gurdwara"),
    "business": ("company", "private", "private sector", "employer", "social enterprise"),
    "other": (),
}
CHANNEL_SYNONYMS = {
    "phone": ("call", "telephone", "tel", "mobile", "phone call"),
    "email": ("e mail", "mail"),
    "in_person": ("face to face", "meeting", "in person meeting", "visit"),
    "video": ("video call", "zoom", "teams", "video meeting"),
    "text": ("sms", "text message", "whatsapp", "message"),
}
BASIS_SYNONYMS = {
    "legitimate_interests": ("legitimate interest", "li"),
    "consent": ("consented",),
    "other": (),
}


def words(text: str) -> str:
    """Lower-case words only: 'E-mail' -> 'e mail', 'Area (served)' -> 'area served'."""
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold().replace("&", " and ")).split())


def guess_mapping(headers: list[str], kind: str) -> list[str]:
    """A field key (or "") for each header, each field used at most once."""
    fields = FIELDS[kind]
    lookup: dict[str, Field] = {}
    for field in fields:
        for text in (field.key.replace("_", " "), field.label, *field.synonyms):
            lookup.setdefault(words(text), field)
    taken: set[str] = set()
    guesses: list[str] = []
    for header in headers:
        field = lookup.get(words(header))
        key = ""
        if field is not None:
            if field.key not in taken:
                key = field.key
            elif field.fallback and field.fallback not in taken:
                key = field.fallback
        taken.add(key)
        guesses.append(key)
    return guesses


def loose(text: str) -> str:
    """words() without "or" and "and": 'Voluntary / community group' matches our label."""
    return " ".join(word for word in words(text).split() if word not in {"or", "and"})


def _value_lookup(labels: dict[str, str], synonyms: dict[str, tuple[str, ...]]) -> dict:
    lookup: dict[str, str] = {}
    for key, label in labels.items():
        for text in (key.replace("_", " "), label, *synonyms.get(key, ())):
            lookup.setdefault(loose(text), key)
    return lookup


_KINDS = _value_lookup(ORGANISATION_KINDS, KIND_SYNONYMS)
_CHANNELS = _value_lookup(PREFERRED_CHANNELS, CHANNEL_SYNONYMS)
_BASES = _value_lookup(LAWFUL_BASES, BASIS_SYNONYMS)


@cache
def match_kind(text: str) -> str | None:
    """The organisation kind a written type means ('Voluntary / community group'), or None."""
    return _KINDS.get(loose(text))


@cache
def match_channel(text: str) -> str | None:
    """The preferred channel a written value means ('In person', 'Text'), or None."""
    return _CHANNELS.get(loose(text))


@cache
def match_basis(text: str) -> str | None:
    """The lawful basis a written value means, or None."""
    return _BASES.get(loose(text))


def field_labels(kind: str) -> dict[str, str]:
    """Field key -> label, in form order, for the mapping page."""
    return {field.key: field.label for field in FIELDS[kind]}


def mapping_problems(mapping: list[str], headers: list[str], kind: str) -> list[str]:
    """What is wrong with a chosen mapping: unknown fields, a field twice, no name."""
    labels = field_labels(kind)
    problems: list[str] = []
    seen: dict[str, str] = {}
    for header, key in zip(headers, mapping, strict=True):
        if not key:
            continue
        if key not in labels:
            problems.append(f"“{header}”: choose a field from the list.")
        elif key in seen:
            problems.append(
                f"{labels[key]} is chosen for two columns, “{seen[key]}” and “{header}”. "
                "Choose it for one only."
            )
        else:
            seen[key] = header
    if kind == "organisations" and "name" not in seen:
        problems.append("Choose the column that holds the name.")
    # Contacts can be updated by email alone; new rows still need a name.
    names = {"name", "first_name", "last_name", "email"}
    if kind == "contacts" and not names & set(seen):
        problems.append("Choose the column that holds the name (or first name and last name).")
    if kind == "contacts" and "name" in seen and ("first_name" in seen or "last_name" in seen):
        problems.append("Choose either a Name column or First name and Last name, not both.")
    return problems
