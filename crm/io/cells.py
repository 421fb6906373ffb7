"""One cell of an import file, cleaned by the rules of the form's field it goes to."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from crm.contacts.forms import ContactForm
from crm.core.dates import parse_uk_date
from crm.core.errors import FieldError
from crm.core.forms import length_limits
from crm.core.text import email_address
from crm.io.mapping import match_basis, match_channel, match_kind
from crm.organisations.forms import OrganisationForm
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


def cell_text(value: str) -> str:
    """A cell as imported: trimmed; our own export's formula guard (a leading ') removed."""
    text = value.strip()
    return text[1:] if text.startswith(NEUTRALISED) else text


def clean_text_field(key: str) -> Callable[[str], str]:
    limit = LENGTHS[key]

    def clean(text: str) -> str:
        if len(text) > limit:
            raise Problem(f"is {len(text):,} characters long; the most is {limit:,}")
        return text

    return clean


def clean_name(text: str) -> str:
    return clean_text_field("name")(" ".join(text.split()))


def _email(text: str) -> str:
    address = email_address(text)
    if address is None:
        raise Problem(f"“{text}” is not an email address")
    return address


def _phone(key: str) -> Callable[[str], str]:
    check = clean_text_field(key)

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
    return clean_text_field("tags")(normalise_tags(text))


def _aliases(text: str) -> str:
    aliases = normalise_aliases(text)
    try:
        check_aliases(aliases)
    except FieldError as error:
        raise Problem(error.message.rstrip(".")) from None
    return clean_text_field("aliases")(aliases)


CLEANERS: dict[str, Callable[[str], Any]] = {
    "name": clean_name,
    "first_name": clean_text_field("first_name"),
    "last_name": clean_text_field("last_name"),
    "organisation": lambda text: clean_text_field("organisation")(" ".join(text.split())),
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
