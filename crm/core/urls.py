"""URL helpers."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Request, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter
from werkzeug.utils import cached_property

from crm.core.text import clean_arg


def safe_next(target: str | None) -> str | None:
    """A redirect target only when it stays on this site (no open redirects)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


class DatabaseIdConverter(IntegerConverter):
    """`<int:x>` limited to what an id column holds, so a huge number is a 404, not a 500.

    Ids are 32-bit integers on PostgreSQL; SQLite's driver overflows past 64 bits.
    """

    max_id = 2**31 - 1

    def __init__(self, map, *args, **kwargs):  # noqa: A002 (werkzeug's signature)
        kwargs.setdefault("max", self.max_id)
        super().__init__(map, *args, **kwargs)


class CleanArgsRequest(Request):
    """Query-string values follow the text policy (crm/core/text.py): no control characters.

    A NUL in `?q=` reaches PostgreSQL as a 500 otherwise; every filter and search
    reads `request.args`, so cleaning it here covers them all at once.
    """

    @cached_property
    def args(self) -> ImmutableMultiDict:
        raw = Request.args.__get__(self, type(self))
        return ImmutableMultiDict([(key, clean_arg(value)) for key, value in raw.items(multi=True)])


def register(app) -> None:
    """Every `<int:...>` route argument is a database id (before any route is added);
    query-string values are cleaned text."""
    app.url_map.converters["int"] = DatabaseIdConverter
    app.request_class = CleanArgsRequest


def parse_id(value: object) -> int | None:
    """A record id typed into a query string or form: ASCII digits within an id column's range.

    `str.isdigit()` is not enough: it accepts '²' (which int() refuses) and numbers
    too big for the database (a 500 when they reach a query).
    """
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    number = int(text)
    return number if 0 < number <= DatabaseIdConverter.max_id else None


def is_htmx() -> bool:
    """True for an htmx request that swaps part of a page (the inline forms), not for a full
    page load, nor for an hx-boost navigation (which wants the whole page)."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-Boosted")
