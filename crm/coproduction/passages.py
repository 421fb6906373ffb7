"""Comparing the passages that name a partner between draft versions (pure functions).

Consent to be named holds for the passages a partner saw. A later version keeps that
consent when every passage naming them now is one they saw (or the wording they asked
for); spacing, line breaks and the style of quotes and dashes are not changes. A
passage that no longer names them does not matter; a new or reworded one does.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

_SPACES = re.compile(r"\s+")
_TRANSLATE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
SIMILAR = 0.5  # a passage at least this alike to an agreed one is that passage reworded


def normalise(passage: str) -> str:
    """A passage as compared: one space between words, plain quotes and dashes."""
    return _SPACES.sub(" ", passage.translate(_TRANSLATE)).strip()


@dataclass(frozen=True)
class Comparison:
    """How the passages naming a partner now differ from those they agreed to."""

    unchanged: tuple[str, ...]
    changed: tuple[tuple[str, str], ...]  # (agreed, now)
    added: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def intact(self) -> bool:
        """Whether their consent still holds: nothing naming them is new or reworded."""
        return not self.changed and not self.added


def compare(agreed: Sequence[str], current: Sequence[str]) -> Comparison:
    """Pair each current passage with the agreed one it is, or was reworded from."""
    agreed_keys = {normalise(text): text for text in agreed}
    unchanged, fresh = [], []
    for text in current:
        (unchanged if normalise(text) in agreed_keys else fresh).append(text)
    seen = {normalise(text) for text in unchanged}
    spare = [text for key, text in agreed_keys.items() if key not in seen]
    changed, added = [], []
    for text in fresh:
        scored = [
            (difflib.SequenceMatcher(None, normalise(old), normalise(text)).ratio(), old)
            for old in spare
        ]
        best = max(scored, default=(0.0, ""))
        if best[0] >= SIMILAR:
            changed.append((best[1], text))
            spare.remove(best[1])
        else:
            added.append(text)
    return Comparison(tuple(unchanged), tuple(changed), tuple(added), tuple(spare))


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(kind, text) pieces, kind "same", "removed" or "added", word by word, for showing."""
    old_words, new_words = normalise(old).split(" "), normalise(new).split(" ")
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("same", " ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(("removed", " ".join(old_words[a1:a2])))
        if b2 > b1:
            pieces.append(("added", " ".join(new_words[b1:b2])))
    return pieces
