"""Page sections contributed by later features, so imports keep one direction.

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
