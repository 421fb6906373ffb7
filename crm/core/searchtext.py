"""Reading what was typed in a search box, and marking what matched in a snippet (pure text).

No database here: crm/core/fulltext.py turns a SearchQuery into an index
query; the page shows `snippet(...)` segments, escaped by the template like any text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crm.core.text import clean_arg, fold

MAX_QUERY = 200  # characters read from the box
MAX_TERMS = 8  # words and phrases used; more narrow nothing useful and cost time
_WORD = re.compile(r"[^\W_]+")  # letters and digits: never index or query syntax
_PHRASE = re.compile(r'"([^"]*)"?')
_PHONE = re.compile(r"[\d\s+()\-./]+")
MIN_PHONE_DIGITS = 3


def phone_digits(value: str) -> str:
    """'+44 (0)29 2012 3456' -> '02920123456'; '07700 900123' -> '07700900123'.

    The same normalisation as the index (the search migration): separators dropped,
    a leading 44 (or 440) becomes 0.
    """
    digits = re.sub(r"[^0-9+]", "", value)
    digits = re.sub(r"^\+?440?", "0", digits)
    return re.sub(r"[^0-9]", "", digits)


@dataclass(frozen=True)
class SearchQuery:
    """What to look for: folded words, quoted phrases, the partial word being typed."""

    text: str
    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    partial: str = ""  # the last word, still being typed: matched as a prefix
    digits: str = ""  # the whole query read as a phone number, when it looks like one

    @property
    def empty(self) -> bool:
        return not (self.words or self.phrases or self.partial)

    @property
    def all_words(self) -> tuple[str, ...]:
        """Every word, phrases' and the partial one included (for substring matching)."""
        inside = tuple(word for phrase in self.phrases for word in phrase)
        return self.words + inside + ((self.partial,) if self.partial else ())

    @property
    def folded(self) -> str:
        return " ".join(self.all_words)


def parse_query(raw: str) -> SearchQuery:
    """'Siân "peer support" referr' -> words (sian,), phrases ((peer, support),), partial referr.

    Case and accents are folded away. The last word is a prefix unless the text ends in
    a space or a closing quote (the person has finished the word).
    """
    text = clean_arg(raw or "")[:MAX_QUERY].strip()
    typed = clean_arg(raw or "")[:MAX_QUERY]
    folded = fold(text)
    phrases: list[tuple[str, ...]] = []
    rest: list[str] = []
    last = 0
    for match in _PHRASE.finditer(folded):
        rest.append(folded[last : match.start()])
        words = tuple(_WORD.findall(match.group(1)))
        if len(words) > 1:
            phrases.append(words)
        elif words:
            rest.append(" " + words[0] + " ")
        last = match.end()
    tail = folded[last:]
    rest.append(tail)
    words = _WORD.findall(" ".join(rest))
    partial = ""
    ends_open = bool(tail.strip()) and not typed.endswith((" ", '"'))
    if words and ends_open and _WORD.search(tail) and tail.rstrip()[-1:].isalnum():
        partial = words.pop()
    unique = tuple(dict.fromkeys(words))
    digits = ""
    if _PHONE.fullmatch(text) and len(phone_digits(text)) >= MIN_PHONE_DIGITS:
        digits = phone_digits(text)
    budget = MAX_TERMS - (1 if partial else 0)
    phrases = phrases[:budget]
    unique = unique[: max(0, budget - len(phrases))]
    return SearchQuery(text, unique, tuple(phrases), partial, digits)


_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "als", "ies", "ed", "er", "al", "es", "s",
             "ly", "y", "e")  # fmt: skip


def rough_stem(word: str) -> str:
    """A crude English stem for marking words in a snippet ('referrals' -> 'referr').

    Matching itself is the database's (Porter or Snowball stemming); this only decides
    which words of the text to mark, so it errs towards marking.
    """
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _matcher(query: SearchQuery, substring: bool):
    words = query.words + tuple(w for phrase in query.phrases for w in phrase)
    stems = {rough_stem(w) for w in words}
    partial = query.partial

    def matches(token: str) -> bool:
        if substring:
            return any(w in token for w in query.all_words)
        if partial and (token.startswith(partial) or rough_stem(token).startswith(partial)):
            return True
        stem = rough_stem(token)
        return stem in stems or any(token.startswith(s) for s in stems if len(s) >= 4)

    return matches


Segment = tuple[str, bool]


def snippet(
    text: str, query: SearchQuery, *, substring: bool = False, width: int = 180
) -> list[Segment]:
    """The text (or a window of it around the first match) as (text, matched) segments.

    `substring`: a word matches when it contains a query word (names, emails); otherwise
    when it has the same rough stem or starts with the partial word (notes).
    """
    text = text or ""
    matches = _matcher(query, substring)
    hits = [m for m in _WORD.finditer(text) if matches(fold(m.group()))]
    start, end = 0, len(text)
    if len(text) > width:
        centre = hits[0].start() if hits else 0
        start = max(0, centre - width // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < centre else start
        end = min(len(text), start + width)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > (hits[0].end() if hits else start) else end
    segments: list[Segment] = []
    if start:
        segments.append(("\u2026", False))
    position = start
    for hit in hits:
        if hit.start() < start or hit.end() > end:
            continue
        if hit.start() > position:
            segments.append((text[position : hit.start()], False))
        segments.append((hit.group(), True))
        position = hit.end()
    if position < end:
        segments.append((text[position:end], False))
    if end < len(text):
        segments.append(("\u2026", False))
    return segments


def has_match(segments: list[Segment]) -> bool:
    """Whether any segment is marked."""
    return any(hit for _text, hit in segments)
