"""Page sections contributed by later features, so imports keep one direction.

The organisation page cannot import conversations or proposals (they build on
organisations), yet it shows their timelines and stakes. A feature registers a
section for a page; the page's view collects the sections and the template
includes them. Indico's template hooks work the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    """A template and a function that builds its context from the page's record."""

    template: str
    build: Callable[[Any], dict]
    order: int


_SECTIONS: dict[str, dict[str, Section]] = defaultdict(dict)


def section(page: str, template: str, order: int = 50) -> Callable:
    """Decorator: `build(record) -> dict` supplies `template`'s context on `page`."""

    def register(build: Callable[[Any], dict]) -> Callable[[Any], dict]:
        _SECTIONS[page][template] = Section(template, build, order)
        return build

    return register


def sections_for(page: str, record: Any) -> list[tuple[str, dict]]:
    """The (template, context) pairs for a page, in order."""
    chosen = sorted(_SECTIONS[page].values(), key=lambda s: (s.order, s.template))
    return [(s.template, s.build(record)) for s in chosen]
