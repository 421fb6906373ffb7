"""UK dates: parsing what people type and showing dates in Europe/London."""

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


def today_london() -> date:
    """Today's date in the UK."""
    return datetime.now(UTC).astimezone(LONDON).date()


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


def uk_datetime(value: datetime | None) -> str:
    """'Tue 15 Dec 2026, 14:05' in Europe/London."""
    if value is None:
        return ""
    local = value.astimezone(LONDON) if value.tzinfo else value
    return local.strftime("%a %-d %b %Y, %H:%M")
