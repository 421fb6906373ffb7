"""The app's one clock, and UK dates: parsing what people type, showing them in Europe/London.

Every "today" and "now" in Partnerwise comes from `today_london()` and `utcnow()` here. The
clock can be set to another date (`PARTNERWISE_TODAY=YYYY-MM-DD`, for training sessions and
tests): then today is that date and now is that date at the real London time of day. The
setting is process-wide, applied when an app is created (`set_today`), and shown in the
page footer so nobody takes it for the real date.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
_FORMATS = (
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y-%m-%d",
    "%d %b %Y",
    "%d %B %Y",
    "%a %d %b %Y",
    "%A %d %B %Y",
    "%d %b %y",
    "%d %B",
    "%d %b",
)


_pinned: date | None = None


def set_today(day: date | None) -> None:
    """Set the app's date for this process (None: follow the real clock again)."""
    global _pinned
    _pinned = day


def pinned_today() -> date | None:
    """The date the clock is set to, or None when it follows the real clock."""
    return _pinned


def real_today_london() -> date:
    """The real date in the UK, whatever the app's clock is set to (for the footer)."""
    return datetime.now(UTC).astimezone(LONDON).date()


def today_london() -> date:
    """Today's date in the UK, by the app's clock."""
    return _pinned if _pinned is not None else real_today_london()


def utcnow() -> datetime:
    """Now by the app's clock, timezone-aware in UTC.

    With the date set, it is that date at the real London time of day, so times still
    move on and order things as they happen.
    """
    real = datetime.now(UTC)
    if _pinned is None:
        return real
    local = real.astimezone(LONDON)
    return datetime.combine(_pinned, local.time(), tzinfo=LONDON).astimezone(UTC)


def parse_iso_day(text: str, name: str = "PARTNERWISE_TODAY") -> date:
    """A YYYY-MM-DD setting as a date; a clear message when it is not one."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"{name} must be a date written YYYY-MM-DD, such as 2026-12-15; got {text!r}."
        ) from None


def parse_uk_date(text: str, today: date | None = None) -> date:
    """Parse a date as a UK user types it; raises ValueError with a helpful message."""
    cleaned = re.sub(r"\s+", " ", text.strip().replace(",", " ")).strip()
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned, flags=re.IGNORECASE)
    lowered = cleaned.lower()
    base = today or today_london()
    if lowered == "today":
        return base
    if lowered == "tomorrow":
        return base + timedelta(days=1)
    if lowered == "yesterday":
        return base - timedelta(days=1)
    for fmt in _FORMATS:
        try:
            parsed = datetime.strptime(cleaned, fmt)  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
        if "%Y" not in fmt and "%y" not in fmt:
            parsed = parsed.replace(year=base.year)
        return parsed.date()
    raise ValueError(f"“{text.strip()}” is not a date we recognise. Try 15/12/2026 or 15 Dec 2026.")


def uk_date(value: date | datetime | None) -> str:
    """'Tue 15 Dec 2026'; datetimes are shown in Europe/London."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LONDON) if value.tzinfo else value
    return value.strftime("%a %-d %b %Y")


def uk_numeric_date(value: date) -> str:
    """'15/12/2026', as date fields show a date."""
    return value.strftime("%d/%m/%Y")


def uk_datetime(value: datetime | None) -> str:
    """'Tue 15 Dec 2026, 14:05' in Europe/London."""
    if value is None:
        return ""
    local = value.astimezone(LONDON) if value.tzinfo else value
    return local.strftime("%a %-d %b %Y, %H:%M")
