"""Every row checked against the mapped fields: clean values, problems and warnings per row."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from crm.contacts.forms import ContactForm
from crm.core.dates import parse_uk_date
from crm.core.errors import FieldError
from crm.core.forms import length_limits
from crm.core.text import clean_text, describe_controls, email_address
from crm.io.mapping import field_labels, match_basis, match_channel, match_kind
from crm.organisations.forms import OrganisationForm
from crm.organisations.models import name_key
from crm.organisations.services import check_aliases, normalise_aliases, normalise_tags
from crm.rules.relationships import STAY_IN_TOUCH_DAYS, STAY_IN_TOUCH_PROBLEM
from crm.rules.vocabulary import ORGANISATION_KINDS, PREFERRED_CHANNELS

LOST_ZERO = re.compile(r"^[1-9]\d{9}$")
YES = {"yes", "y", "true", "1", "x", "do not contact", "dnc"}
NO = {"no", "n", "false", "0", ""}
NEUTRALISED = ("'=", "'+", "'-", "'@")
UNREADABLE = "\ufffd"  # a byte the file's encoding could not read (crm/io/encoding.py)
UNREADABLE_PROBLEM = (
    "has a character that could not be read (shown as �). Retype it in the file, "
    "or save the file as CSV UTF-8."
)
MULTILINE = {"description", "notes", "address"}  # the fields whose forms are text areas
# Each field's most characters: the forms' own limits (one rule for the page and the file).
ORGANISATION_LIMITS = length_limits(OrganisationForm)
LENGTHS = (
    ORGANISATION_LIMITS
    | length_limits(ContactForm)
    | {
        "organisation": ORGANISATION_LIMITS["name"],  # a contact's organisation, by name
        "first_name": length_limits(ContactForm)["name"],
        "last_name": length_limits(ContactForm)["name"],
    }
)


class Problem(ValueError):
    """A cell value that cannot be imported; the message says why."""


class Substitute(ValueError):
    """A cell value imported as something else (an unknown kind becomes Other), with a warning."""

    def __init__(self, message: str, value: Any):
        super().__init__(message)
        self.value = value


@dataclass
class RowResult:
    """What happens to one row of the file, and why."""

    index: int  # position in the DataFrame
    line: int  # line in the CSV file, or row in the sheet
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    action: str = ""  # create, update, unchanged or skip
    target_id: int | None = None
    target_version: int | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def label(self) -> str:
        return self.values.get("name") or "(no name)"


def cell_text(value: str) -> str:
    """A cell as imported: trimmed; our own export's formula guard (a leading ') removed."""
    text = value.strip()
    return text[1:] if text.startswith(NEUTRALISED) else text


def _text(key: str) -> Callable[[str], str]:
    limit = LENGTHS[key]

    def clean(text: str) -> str:
        if len(text) > limit:
            raise Problem(f"is {len(text):,} characters long; the most is {limit:,}")
        return text

    return clean


def _name(text: str) -> str:
    return _text("name")(" ".join(text.split()))


def _email(text: str) -> str:
    address = email_address(text)
    if address is None:
        raise Problem(f"“{text}” is not an email address")
    return address


def _phone(key: str) -> Callable[[str], str]:
    check = _text(key)

    def clean(text: str) -> str:
        if not any(ch.isdigit() for ch in text):
            raise Problem(f"“{text}” has no digits")
        text = check(text)
        if LOST_ZERO.match(text):
            # Spreadsheets store 07700 900123 as the number 7700900123.
            raise Substitute(
                f"“{text}” looks like a UK number that lost its leading 0 in a spreadsheet; "
                "check it",
                text,
            )
        return text

    return clean


def _kind(text: str) -> str:
    kind = match_kind(text)
    if kind is None:
        raise Substitute(
            f"“{text}” is not a kind we know, so it becomes “{ORGANISATION_KINDS['other']}”",
            "other",
        )
    return kind


def _channel(text: str) -> str:
    channel = match_channel(text)
    if channel is None:
        raise Problem(f"“{text}” is not one of {', '.join(PREFERRED_CHANNELS.values())}")
    return channel


def _basis(text: str) -> str:
    basis = match_basis(text)
    if basis is None:
        raise Problem(f"“{text}” is not one of legitimate interests, consent, other")
    return basis


def _date(text: str) -> date:
    # Excel dates arrive as "2026-01-15 00:00:00" once read as text.
    text = re.sub(r"[ T]00:00:00$", "", text)
    try:
        return parse_uk_date(text)
    except ValueError as error:
        raise Problem(str(error).rstrip(".")) from None


def _yes_no(text: str) -> bool:
    lowered = text.casefold()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    raise Problem(f"“{text}” is not yes or no")


def _days(text: str) -> int:
    if not text.isdigit() or int(text) not in STAY_IN_TOUCH_DAYS:
        raise Problem(f"“{text}” is not {STAY_IN_TOUCH_PROBLEM}")
    return int(text)


def _tags(text: str) -> str:
    return _text("tags")(normalise_tags(text))


def _aliases(text: str) -> str:
    aliases = normalise_aliases(text)
    try:
        check_aliases(aliases)
    except FieldError as error:
        raise Problem(error.message.rstrip(".")) from None
    return _text("aliases")(aliases)


CLEANERS: dict[str, Callable[[str], Any]] = {
    "name": _name,
    "first_name": _text("first_name"),
    "last_name": _text("last_name"),
    "organisation": lambda text: _text("organisation")(" ".join(text.split())),
    "kind": _kind,
    "email": _email,
    "phone": _phone("phone"),
    "phone_other": _phone("phone_other"),
    "preferred_channel": _channel,
    "lawful_basis": _basis,
    "consent_date": _date,
    "do_not_contact": _yes_no,
    "stay_in_touch_days": _days,
    "tags": _tags,
    "aliases": _aliases,
}


SKIP = object()  # a blank cell: the field is left as it is


def _outcomes(values: list[str], key: str, label: str) -> list:
    """Each cell cleaned once per distinct value: (value, problem, warning) or SKIP."""
    cleaner = CLEANERS.get(key) or _text(key)
    cache: dict[str, object] = {}
    outcomes = []
    for raw in values:
        outcome = cache.get(raw)
        if outcome is None:
            text, removed = clean_text(cell_text(raw), multiline=key in MULTILINE)
            note = f"{label}: {describe_controls(removed)} removed." if removed else None
            if not text.strip():
                outcome = SKIP
            elif UNREADABLE in text:
                outcome = (None, f"{label}: {UNREADABLE_PROBLEM}", None)
            else:
                try:
                    outcome = (cleaner(text.strip()), None, note)
                except Problem as problem:
                    outcome = (None, f"{label}: {problem}.", None)
                except Substitute as substitute:
                    warning = f"{label}: {substitute}."
                    outcome = (substitute.value, None, f"{warning} {note}" if note else warning)
            cache[raw] = outcome
        outcomes.append(outcome)
    return outcomes


def validate_rows(
    frame: pd.DataFrame, lines: list[int], mapping: dict[str, str], kind: str
) -> list[RowResult]:
    """Clean each mapped cell of each row; blank cells are left out (they change nothing)."""
    labels = field_labels(kind)
    keys = list(mapping.values())
    columns = [
        _outcomes(frame[column].tolist(), key, labels[key]) for column, key in mapping.items()
    ]
    results: list[RowResult] = []
    for index, row in enumerate(zip(*columns, strict=True)):
        result = RowResult(index=index, line=lines[index])
        values = result.values
        for key, outcome in zip(keys, row, strict=True):
            if outcome is SKIP:
                continue
            value, problem, warning = outcome
            if problem:
                result.problems.append(problem)
                continue
            values[key] = value
            if warning:
                result.warnings.append(warning)
        if "first_name" in values or "last_name" in values:
            _combine_name(result)
        if kind == "contacts" and values.get("lawful_basis") not in (None, "consent"):
            values["consent_date"] = None  # as the contact form does
        results.append(result)
    _mark_duplicates(results, kind)
    return results


def _combine_name(result: RowResult) -> None:
    first = result.values.pop("first_name", "")
    last = result.values.pop("last_name", "")
    if first or last:
        try:
            result.values["name"] = _name(f"{first} {last}")
        except Problem as problem:
            result.problems.append(f"Name: {problem}.")


def _mark_duplicates(results: list[RowResult], kind: str) -> None:
    """A later row with the same email (contacts) or name (organisations) is a problem."""
    seen: dict[str, int] = {}
    for result in results:
        if kind == "contacts":
            key = result.values.get("email", "")
            what = "email"
        else:
            key = name_key(result.values.get("name", ""))
            what = "name"
        if not key:
            continue
        if key in seen:
            result.problems.append(
                f"Same {what} as line {seen[key]}: each {what} may appear once in a file."
            )
        else:
            seen[key] = result.line


def stored_names(frame_table, mapping: list[str], kind: str, most: int = 5) -> list[str]:
    """The first names as they would be stored, for the preview (so garbling shows)."""
    picked = {key: header for header, key in zip(frame_table.headers, mapping, strict=True) if key}
    chosen = {k: v for k, v in picked.items() if k in ("name", "first_name", "last_name")}
    if not chosen:
        return []
    head = frame_table.frame.head(50)
    results = validate_rows(
        head, frame_table.lines[: len(head)], {v: k for k, v in chosen.items()}, kind
    )
    names = [r.values.get("name", "") for r in results if r.values.get("name")]
    return [name if len(name) <= 80 else name[:79] + "…" for name in names[:most]]
