"""The names check (DESIGN.md rule 3.7): which organisations a draft names, and where.

Pure functions over plain values. How names are found in prose:

- Case and accents are ignored ("hillview wellbeing cafe" names Hillview Wellbeing
  Café), with two exceptions that keep ordinary words from counting as names:
  a name or alias written in capitals (an acronym such as "ICB") is found only in
  capitals ("ICB", not "icb"), and a one-word name or alias ("Riverside", "Mind")
  only when it starts with a capital letter ("keep in mind" does not name Mind).
  A leading "the" in a name or alias is optional ("the Canolfan", "The Canolfan's").
- Words are matched whole, across line breaks and any spacing; "&" and "and" are
  the same word; possessives count ("Riverside's", "Riverside’s", "Carers'").
- The longest name wins: "Eastbrook Carers' Centre" names the Carers' Centre, not
  also an organisation called "Eastbrook". A one-word name or alias that runs on
  into a longer capitalised name the directory does not know ("Riverside Community
  Hall", "NHS Eastbrook") is taken as part of that other name and not counted, and so
  is one right after "in", "across", "around", "near", "throughout" or "within", which
  is a place ("groups meet in Riverside"). Aliases that are place names still match
  elsewhere ("residents of Riverside"): the check shows the passage, people judge.
- A passage is the paragraph that names the organisation, or for a paragraph
  longer than PASSAGE_MAX characters the sentences that name it with one sentence
  either side.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

PASSAGE_MAX = 700
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|&")
# What may stand between two words of one name: spaces, line breaks, hyphens, apostrophes.
_NAME_GAP = re.compile(r"[\s'’\-‐–]*")
_SENTENCE = re.compile(r"(?<=[.!?…])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])")
# Words that may stand capitalised before a one-word name without being part of a longer one.
_OPENERS = frozenset(
    {
        "the", "a", "an", "and", "or", "of", "in", "at", "for", "with", "by", "to", "from",
        "on", "as", "both", "our", "their", "its", "this", "that", "we", "they", "but", "if",
        "so",
    }
)  # fmt: skip


# A one-word name right after these is a place ("in Riverside"), not the organisation.
_PLACE_WORDS = frozenset({"in", "across", "around", "near", "throughout", "within"})


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower case without accents, for comparing words ("Café" -> "cafe").

    Cached: prose repeats its words, and folding is most of the check's work otherwise.
    """
    lowered = text.casefold()
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


@dataclass(frozen=True)
class Organisation:
    """An organisation as the check sees it: its name and also-known-as names."""

    id: int
    name: str
    aliases: tuple[str, ...] = ()


class _Word(NamedTuple):
    text: str  # as written, possessive removed
    folded: str
    start: int
    end: int
    possessive: bool


@dataclass(frozen=True)
class _Pattern:
    words: tuple[str, ...]  # folded
    acronym: bool
    one_word: bool
    organisation_id: int


def words(text: str) -> list[_Word]:
    """The words of a text with their places; possessives noted and removed."""
    found = []
    append = found.append
    for match in _TOKEN.finditer(text):
        raw = match.group()
        possessive = len(raw) > 2 and raw[-2] in "'’" and raw[-1] in "sS"
        if possessive:
            raw = raw[:-2]
        append(_Word(raw, "and" if raw == "&" else fold(raw), *match.span(), possessive))
    return found


def _is_acronym(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _pattern(name: str, organisation_id: int) -> _Pattern | None:
    parts = words(name)
    if len(parts) > 1 and parts[0].folded == "the":
        parts = parts[1:]  # "the Canolfan" is found as "Canolfan", with or without "the"
        name = name.split(None, 1)[1]
    if not parts:
        return None
    return _Pattern(
        tuple(part.folded for part in parts),
        _is_acronym(name),
        len(parts) == 1,
        organisation_id,
    )


@dataclass
class Directory:
    """The organisations' names indexed by first word, longest names first."""

    by_first: dict[str, list[_Pattern]] = field(default_factory=dict)
    titles: dict[int, str] = field(default_factory=dict)  # organisation id -> its name

    @classmethod
    def build(cls, organisations: Iterable[Organisation]) -> Directory:
        index: dict[str, dict[tuple, _Pattern]] = defaultdict(dict)
        titles = {}
        for organisation in organisations:
            titles[organisation.id] = organisation.name
            for name in (organisation.name, *organisation.aliases):
                pattern = _pattern(name, organisation.id)
                if pattern is not None:
                    key = (pattern.words, pattern.acronym, organisation.id)
                    index[pattern.words[0]][key] = pattern
        return cls(
            {
                first: sorted(patterns.values(), key=lambda p: -len(p.words))
                for first, patterns in index.items()
            },
            titles,
        )


def _case_fits(pattern: _Pattern, written: Sequence[_Word]) -> bool:
    if pattern.acronym:
        return all(word.text.upper() == word.text for word in written)
    if pattern.one_word:
        return written[0].text[:1].isupper()
    return True


def _adjacent(text: str, left: _Word, right: _Word) -> bool:
    """Two words with only spaces between them (no punctuation, no line break)."""
    return text[left.end : right.start].strip(" ") == "" and not left.possessive


def _inside_longer_name(text: str, found: list[_Word], start: int, end: int) -> bool:
    """A one-word match that runs on into a longer capitalised name, or names a place."""
    if start > 0 and found[start - 1].folded in _PLACE_WORDS and not found[start].possessive:
        return True  # "groups meet in Riverside": the area, not the organisation
    if end < len(found) and _adjacent(text, found[end - 1], found[end]):
        following = found[end]
        if following.text[:1].isupper() and following.folded not in _OPENERS:
            return True
    if start > 0 and _adjacent(text, found[start - 1], found[start]):
        before = found[start - 1]
        sentence_start = start - 1 == 0 or text[: before.start].rstrip()[-1:] in ".!?:"
        if before.text[:1].isupper() and before.folded not in _OPENERS and not sentence_start:
            return True
    return False


def _matches(text: str, directory: Directory) -> list[tuple[int, int, str, list[int]]]:
    """(start char, end char, as written, organisation ids) of each name, left to right."""
    found = words(text)
    result = []
    i = 0
    while i < len(found):
        best: list[_Pattern] = []
        for pattern in directory.by_first.get(found[i].folded, ()):
            size = len(pattern.words)
            if best and size < len(best[0].words):
                break
            written = found[i : i + size]
            if (
                len(written) == size
                and all(w.folded == p for w, p in zip(written, pattern.words, strict=True))
                and all(
                    _NAME_GAP.fullmatch(text[a.end : b.start])
                    for a, b in zip(written, written[1:], strict=False)
                )
                and _case_fits(pattern, written)
            ):
                best.append(pattern)
        if best:
            size = len(best[0].words)
            if not (best[0].one_word and _inside_longer_name(text, found, i, i + size)):
                last = found[i + size - 1]
                end = last.end
                ids = list(dict.fromkeys(p.organisation_id for p in best))
                result.append((found[i].start, end, text[found[i].start : end], ids))
            i += size
        else:
            i += 1
    return result


def sentences(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph."""
    spans, start = [], 0
    for boundary in _SENTENCE.finditer(paragraph):
        spans.append((start, boundary.start()))
        start = boundary.end()
    spans.append((start, len(paragraph)))
    return [(s, e) for s, e in spans if paragraph[s:e].strip()]


def passage(paragraph: str, places: list[int]) -> list[str]:
    """The passages of a paragraph for names found at these character places."""
    if len(paragraph) <= PASSAGE_MAX:
        return [paragraph]
    spans = sentences(paragraph)
    chosen: set[int] = set()
    for place in places:
        index = next((i for i, (s, e) in enumerate(spans) if s <= place < e), len(spans) - 1)
        chosen.update({index - 1, index, index + 1})
    picked = sorted(i for i in chosen if 0 <= i < len(spans))
    # Neighbouring sentences stay one passage.
    runs: list[list[int]] = []
    for index in picked:
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return [paragraph[spans[run[0]][0] : spans[run[-1]][1]].strip() for run in runs]


@dataclass(frozen=True)
class Mention:
    """An organisation named in a draft: the passages, how it was written, how often."""

    organisation_id: int
    passages: tuple[str, ...]
    forms: tuple[str, ...]
    count: int


def check(paragraphs: Sequence[str], directory: Directory) -> dict[int, Mention]:
    """Every organisation the paragraphs name, with its passages in order (rule 3.7)."""
    places: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    forms: dict[int, list[str]] = defaultdict(list)
    counts: dict[int, int] = defaultdict(int)
    for number, paragraph in enumerate(paragraphs):
        for start, _end, written, ids in _matches(paragraph, directory):
            for organisation_id in ids:
                places[organisation_id][number].append(start)
                counts[organisation_id] += 1
                if written not in forms[organisation_id]:
                    forms[organisation_id].append(written)
    mentions = {}
    for organisation_id, by_paragraph in places.items():
        found: list[str] = []
        for number, starts in sorted(by_paragraph.items()):
            for text in passage(paragraphs[number], starts):
                if text not in found:
                    found.append(text)
        mentions[organisation_id] = Mention(
            organisation_id, tuple(found), tuple(forms[organisation_id]), counts[organisation_id]
        )
    return mentions


def highlight(
    passage_text: str, directory: Directory, organisation_id: int
) -> list[tuple[str, bool]]:
    """A passage cut into (text, is a name of this organisation) pieces, for showing it."""
    pieces, at = [], 0
    for start, end, _written, ids in _matches(passage_text, directory):
        if organisation_id in ids:
            pieces.append((passage_text[at:start], False))
            pieces.append((passage_text[start:end], True))
            at = end
    pieces.append((passage_text[at:], False))
    return [(text, named) for text, named in pieces if text]
