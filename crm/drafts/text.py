"""A draft's text as paragraphs: what every format's extraction ends in (pure functions).

A stored draft text is its paragraphs separated by one blank line. Lines inside a
paragraph are joined (PDFs and plain text break lines anywhere, even inside a name),
and a word hyphenated across a line break is joined again ("Peer Sup-" + "port").
"""

from __future__ import annotations

import re

_LIST_ITEM = re.compile(r"^(?:[-*•▪◦–]\s+|\d{1,3}[.)]\s+|[a-z][.)]\s+|#{1,6}\s)")
_SENTENCE_END = re.compile(r"[.!?:…]['\"’”)]?$")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# A line this much shorter than the longest line of its block, ending a sentence, ends a
# paragraph: PDFs of justified text separate paragraphs by nothing else.
SHORT_LINE = 0.6


def normalise_spaces(text: str) -> str:
    """Unify line endings, drop soft hyphens and zero-width characters, squeeze spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\u00ad", "").replace("\u200b", "").replace("\ufeff", "")
    return _SPACES.sub(" ", text)


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph as one line; 'Sup-' then 'port' becomes 'Support'."""
    joined = ""
    for line in lines:
        if not joined:
            joined = line
        elif joined[-1] == "-" and joined[-2:-1].isalpha() and line[:1].islower():
            joined = joined[:-1] + line
        else:
            joined = f"{joined} {line}"
    return joined.strip()


def _split_block(lines: list[str]) -> list[list[str]]:
    """A block's lines grouped into paragraphs: list items, headings and short last lines."""
    longest = max(len(line) for line in lines)
    groups: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if current and _LIST_ITEM.match(line):
            groups.append(current)
            current = []
        current.append(line)
        if (
            len(lines) > 2
            and len(line) < SHORT_LINE * longest
            and _SENTENCE_END.search(line)
            and longest > 40
        ):
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def paragraphs(raw: str) -> list[str]:
    """The paragraphs of some extracted or pasted text, in order, without empty ones."""
    found: list[str] = []
    for block in re.split(r"\n\s*\n", normalise_spaces(raw)):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        for group in _split_block(lines):
            paragraph = join_lines(group)
            if paragraph:
                found.append(paragraph)
    return found


def as_text(parts: list[str]) -> str:
    """Paragraphs stored as one text, separated by blank lines."""
    return "\n\n".join(parts)


def split(text: str) -> list[str]:
    """A stored draft text back into its paragraphs."""
    return [part for part in text.split("\n\n") if part.strip()]
