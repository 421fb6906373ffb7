"""Text folding for matching and search: case- and accent-insensitive."""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter plus an accent.
_EXTRA = str.maketrans(
    {"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "æ": "ae", "Æ": "ae", "œ": "oe"}
)


def fold(text: str) -> str:
    """'  Siân  Llŷr ' -> 'sian llyr'; 'Łukasz Żak' -> 'lukasz zak'. Used for keys and search."""
    if text.isascii():  # most names: nothing to decompose or replace (a 100,000-row import
        return " ".join(text.casefold().split())  # folds 300,000 names: 3.4 -> 0.4 s)
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Curly apostrophes and dashes typed on phones match the plain ones.
    stripped = stripped.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-")
    return " ".join(stripped.casefold().split())


# The text policy, decided once (README "What text Partnerwise keeps"):
# - every kind of line break (Windows \r\n, old Mac \r, Word's vertical tab \x0b,
#   form feed, NEL, Unicode line and paragraph separators) becomes "\n";
# - other control characters (C0 but tab and newline, DEL, C1), lone surrogates and the
#   non-characters U+FFFE/U+FFFF are never stored. They are invisible, so a form removes
#   them and shows the text again with a message naming the field (saving again keeps
#   it); an import removes them with a note on the row; search terms and other query
#   arguments drop them silently.
# - single-line fields turn line breaks and tabs into spaces.
# Outputs (PDF, SVG, ICS, XLSX, CSV) pass stored text through `printable` too, so
# whatever an older version or a direct database edit stored still renders.
NAME_KEY_MAX = 200  # the name_key columns' size


def name_key(name: str) -> str:
    """A name's folded key for matching, uniqueness and search, cut to the column's 200
    characters: folding can lengthen a name ("Æ" becomes "ae", "ﬃ" becomes "ffi")."""
    return fold(name)[:NAME_KEY_MAX]


_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_SPACE = re.compile("[\n\t]")


def clean_text(value: str, multiline: bool = True) -> tuple[str, int]:
    """Text as Partnerwise keeps it, and how many characters were removed (not replaced)."""
    text = _LINE_BREAKS.sub("\n", value)
    text, removed = _CONTROLS.subn("", text)
    if not multiline:
        text = _LINE_SPACE.sub(" ", text)
    return text, removed


def printable(value: object) -> object:
    """Text safe in any output format (XML 1.0, iCalendar, PDF); other values unchanged."""
    if not isinstance(value, str):
        return value
    return clean_text(value)[0]


def clean_arg(value: str) -> str:
    """A query-string value with control characters and line breaks removed (?q=, filters)."""
    return clean_text(value, multiline=False)[0]


def describe_controls(removed: int) -> str:
    """'an invisible control character', '3 invisible control characters'."""
    if removed == 1:
        return "an invisible control character"
    return f"{removed} invisible control characters"


def describe_removed(label: str, removed: int) -> str:
    """The message for a field whose invisible control characters were removed."""
    return (
        f"{label} had {describe_controls(removed)} (often pasted from another program), "
        "now removed. Check the text and save again."
    )


# An email address as every form and the import accept it: a local part of the characters
# RFC 5322 allows unquoted (no leading, trailing or doubled dot), "@", and a domain of
# dot-separated labels (letters of any script, digits, inner hyphens) ending in a top-level
# name of two or more letters. Fast enough for 100,000 import rows (a regex, not a parser).
_LOCAL = r"[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*"
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_EMAIL = re.compile(rf"^{_LOCAL}@(?:{_LABEL}\.)+(?:[^\W\d_]{{2,}}|xn--[a-z0-9-]+)$")
EMAIL_MAX = 320


def email_address(text: str) -> str | None:
    """The address as stored (trimmed, lower case), or None when it is not an address."""
    address = text.strip().lower()
    if len(address) > EMAIL_MAX or not _EMAIL.match(address):
        return None
    return address
