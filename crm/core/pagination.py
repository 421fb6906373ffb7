"""Offset pagination in two statements: a count and one page of rows."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Any

from sqlalchemy import Select, func, select

from crm.core.extensions import db

MAX_PAGE = 1_000_000  # past the last page anyway; keeps OFFSET inside the database's range


@dataclass
class Page:
    """One page of results with the total count."""

    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_index(self) -> int:
        return 0 if self.total == 0 else (self.page - 1) * self.per_page + 1

    @property
    def last_index(self) -> int:
        return min(self.total, self.page * self.per_page)


def paginate(query: Select, page: int, per_page: int, scalars: bool = True) -> Page:
    """Count the query's rows, then fetch one page (page numbers start at 1)."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    page = max(1, min(page, max(1, ceil((total or 0) / per_page))))
    paged = query.limit(per_page).offset((page - 1) * per_page)
    result = db.session.execute(paged).unique()  # joined eager loads repeat rows
    items = list(result.scalars()) if scalars else list(result)
    return Page(items=items, page=page, per_page=per_page, total=total or 0)


def page_arg(value: str | None) -> int:
    """A page number from the query string; bad values mean page 1."""
    text = str(value or "1")
    if not (text.isascii() and text.isdigit()):
        return 1
    return min(max(1, int(text[:7])), MAX_PAGE)
