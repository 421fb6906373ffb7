"""Month buckets shared by the report charts."""

from __future__ import annotations

from datetime import date


def last_months(today: date, count: int = 12) -> list[date]:
    """The first day of each of the last `count` months, oldest first, ending with today's."""
    firsts = []
    year, month = today.year, today.month
    for _ in range(count):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def month_label(first: date) -> str:
    """'Dec 2025'."""
    return f"{first:%b %Y}"
