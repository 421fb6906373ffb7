"""Page sections and list facts contributed by later features, so imports keep one direction.

The organisation page cannot import conversations or proposals (they build on
organisations), yet it shows their timelines and stakes. A feature registers a
section for a page; the page's view collects the sections and the template
includes them. Indico's template hooks work the same way.

A page may pass what it has already read (`sections_for("proposal", p, stake_rows=rows)`);
a section that declares `uses=("stake_rows",)` receives it as a keyword argument instead
of reading it again (when a page does not pass it, the section reads it itself).
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
    build: Callable[..., dict]
    order: int
    uses: tuple[str, ...] = ()


_SECTIONS: dict[str, dict[str, Section]] = defaultdict(dict)


def section(page: str, template: str, order: int = 50, uses: tuple[str, ...] = ()) -> Callable:
    """Decorator: `build(record, **used) -> dict` supplies `template`'s context on `page`."""

    def register(build: Callable[..., dict]) -> Callable[..., dict]:
        _SECTIONS[page][template] = Section(template, build, order, uses)
        return build

    return register


_PROVIDERS: dict[str, Callable[..., Any]] = {}


def provider(name: str) -> Callable:
    """Decorator: a later feature supplies the facts called `name` to an earlier one.

    The proposals' ready-to-submit rule needs to know who the latest draft names and
    whether they agreed (DESIGN.md 3.3 as grown by section 10), but drafts and consent
    build on proposals. The co-production feature registers the function that reads
    those facts; proposals ask for them with `provided(...)` and get the default when
    no feature supplies them.
    """

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        _PROVIDERS[name] = function
        return function

    return register


def provided(name: str, *args: Any, default: Any = None) -> Any:
    """The facts a later feature supplies under `name`, or `default` when none does."""
    function = _PROVIDERS.get(name)
    return default if function is None else function(*args)


def sections_for(page: str, record: Any, **loaded: Any) -> list[tuple[str, dict]]:
    """The (template, context) pairs for a page, in order; `loaded` is what the page read."""
    chosen = sorted(_SECTIONS[page].values(), key=lambda s: (s.order, s.template))
    return [
        (s.template, s.build(record, **{key: loaded[key] for key in s.uses if key in loaded}))
        for s in chosen
    ]


# Facts a list page shows about its rows that a later feature owns (e.g. the number of
# contacts beside each organisation): `provider(ids) -> {id: value}`, one statement each.
_ROW_FACTS: dict[str, dict[str, Callable[[list[int]], dict[int, Any]]]] = defaultdict(dict)


def row_fact(page: str, name: str) -> Callable:
    """Decorator: `provider(ids) -> {id: value}` supplies `name` for each row of `page`."""

    def register(provider: Callable[[list[int]], dict[int, Any]]) -> Callable:
        _ROW_FACTS[page][name] = provider
        return provider

    return register


def row_facts_for(page: str, ids: list[int]) -> dict[int, dict[str, Any]]:
    """{id: {name: value}} for one page of rows; a row a provider has nothing for is absent."""
    facts: dict[int, dict[str, Any]] = {row_id: {} for row_id in ids}
    if not ids:
        return facts
    for name, provider in sorted(_ROW_FACTS[page].items()):
        for row_id, value in provider(ids).items():
            facts.setdefault(row_id, {})[name] = value
    return facts
