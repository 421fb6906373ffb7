"""Sentences composed from what people typed: how to reach a contact, phrases mid-sentence."""

from __future__ import annotations

import re

# Words a best-times note often starts with that read lower case after a semicolon.
_LOWER_STARTS = frozenset(
    {
        "after",
        "before",
        "between",
        "any",
        "anytime",
        "around",
        "early",
        "late",
        "mornings",
        "morning",
        "afternoons",
        "afternoon",
        "evenings",
        "evening",
        "lunchtime",
        "weekdays",
        "weekday",
        "weekends",
        "weekend",
        "not",
        "only",
        "usually",
        "from",
        "in",
        "on",
        "at",
        "by",
        "most",
    }
)
_BEST = re.compile(r"^\s*best(\s+times?)?\s*(to\s+(call|ring|reach(\s+\w+)?)\s*)?[:,-]?\s*", re.I)


def mid_sentence(phrase: str) -> str:
    """A phrase as it reads inside a sentence: 'Tried twice, last Tue' -> 'tried twice, last
    Tue'. A first word in capitals or with capitals inside (NHS, McDonald) is kept."""
    phrase = phrase.strip()
    first = phrase.split(" ", 1)[0] if phrase else ""
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        return phrase[0].lower() + phrase[1:]
    return phrase


def best_times(note: str) -> str:
    """A contact's best-times note as the end of 'best times: ...' ('Best after 2pm' ->
    'after 2pm'); '' for none."""
    text = " ".join((note or "").split()).rstrip(" .;")
    stripped = _BEST.sub("", text, count=1)
    text = stripped or text
    first = text.split(" ", 1)[0].casefold() if text else ""
    if first in _LOWER_STARTS:
        text = mid_sentence(text)
    return text


def contact_preference(channel_label: str, note: str | None) -> str:
    """'Prefers phone; best times: after 2pm' (no full stop, so it can sit in a line)."""
    line = f"Prefers {channel_label.lower()}" if channel_label else ""
    when = best_times(note or "")
    if when:
        line = f"{line}; best times: {when}" if line else f"Best times: {when}"
    return line
