"""Text folding for matching and search: case- and accent-insensitive."""

from __future__ import annotations

import unicodedata

# Letters that Unicode does not decompose into a base letter plus an accent.
_EXTRA = str.maketrans(
    {"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "æ": "ae", "Æ": "ae", "œ": "oe"}
)


def fold(text: str) -> str:
    """'  Siân  Llŷr ' -> 'sian llyr'; 'Łukasz Żak' -> 'lukasz zak'. Used for keys and search."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Curly apostrophes and dashes typed on phones match the plain ones.
    stripped = stripped.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-")
    return " ".join(stripped.casefold().split())
