"""Closure periods as people type them: one per line, '24/12 - 01/01 Christmas closure'."""

from __future__ import annotations

import re
from datetime import date

from crm.rules.workdays import DEFAULT_CLOSURES, ClosurePeriod

_LINE = re.compile(
    r"^\s*(?P<d1>\d{1,2})\s*/\s*(?P<m1>\d{1,2})\s*(?:-|–|to)\s*(?P<d2>\d{1,2})\s*/\s*(?P<m2>\d{1,2})\s*(?P<name>.*)$",
    re.IGNORECASE,
)


def _valid_day(day: int, month: int) -> bool:
    try:
        date(2024, month, day)  # a leap year, so 29/02 is allowed
    except ValueError:
        return False
    return True


def parse_closures(text: str) -> list[dict]:
    """Parse the settings textarea; raises ValueError naming the line that is wrong."""
    periods = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        match = _LINE.match(raw)
        if not match:
            raise ValueError(
                f"Line {number} (“{raw.strip()}”) is not a period. "
                "Write it like 24/12 - 01/01 Christmas closure."
            )
        d1, m1, d2, m2 = (int(match[key]) for key in ("d1", "m1", "d2", "m2"))
        if not (_valid_day(d1, m1) and _valid_day(d2, m2)):
            raise ValueError(f"Line {number} has a date that does not exist (day/month).")
        periods.append(
            {
                "start": f"{m1:02d}-{d1:02d}",
                "end": f"{m2:02d}-{d2:02d}",
                "name": match["name"].strip(" -–:") or "Closure",
            }
        )
    return periods


def format_closures(periods: list[dict]) -> str:
    """The stored periods as editable lines."""
    lines = []
    for period in periods:
        m1, d1 = period["start"].split("-")
        m2, d2 = period["end"].split("-")
        lines.append(f"{d1}/{m1} - {d2}/{m2} {period.get('name', '')}".rstrip())
    return "\n".join(lines)


def as_stored(period: ClosurePeriod) -> dict:
    """A closure period as the settings row stores it: {"start": "MM-DD", ...}."""
    (m1, d1), (m2, d2) = period.start, period.end
    return {"start": f"{m1:02d}-{d1:02d}", "end": f"{m2:02d}-{d2:02d}", "name": period.name}


def default_closure_rows() -> list[dict]:
    """The rules' default closures (24 December to 1 January) as stored rows."""
    return [as_stored(period) for period in DEFAULT_CLOSURES]


def _month_day(text: str) -> tuple[int, int]:
    """(month, day) from a stored "MM-DD" string."""
    month, day = text.split("-")
    return int(month), int(day)


def closures_from(periods: list[dict]) -> tuple[ClosurePeriod, ...]:
    """ClosurePeriods from stored [{"start": "MM-DD", "end": "MM-DD"}]; bad rows are skipped."""
    found: list[ClosurePeriod] = []
    for period in periods or []:
        try:
            found.append(
                ClosurePeriod(
                    _month_day(period["start"]),
                    _month_day(period["end"]),
                    str(period.get("name") or ""),
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            continue  # a hand-edited row must not take every page down
    return tuple(found)
