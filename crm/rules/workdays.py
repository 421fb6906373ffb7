"""Working-day calendar: weekends, UK public holidays by nation and closure periods."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

import holidays

from crm.rules.vocabulary import NATIONS

# ISO 3166-2 subdivision codes the `holidays` package uses for GB.
_SUBDIVISIONS = {
    "england": "ENG",
    "wales": "WLS",
    "scotland": "SCT",
    "northern_ireland": "NIR",
}

_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=128)
def public_holidays(nation: str, year: int) -> Mapping[date, str]:
    """Return the public holidays (date to name) of a UK nation in one year."""
    if nation not in _SUBDIVISIONS:
        raise ValueError(f"Unknown UK nation: {nation!r}")
    found = holidays.country_holidays("GB", subdiv=_SUBDIVISIONS[nation], years=year)
    # Read-only, because the cached mapping is shared by every caller.
    return MappingProxyType(dict(found.items()))


@dataclass(frozen=True)
class ClosurePeriod:
    """An organisation-wide closure, from (month, day) to (month, day) inclusive."""

    start: tuple[int, int]
    end: tuple[int, int]
    name: str = ""

    def __post_init__(self) -> None:
        """Reject dates that exist in no year, such as (2, 30)."""
        for month, day in (self.start, self.end):
            try:
                date(2000, month, day)  # a leap year, so 29 February is allowed
            except ValueError as error:
                raise ValueError(f"No such day: {day}/{month}") from error

    @property
    def wraps_year_end(self) -> bool:
        """Whether the period runs from one year into the next."""
        return self.start > self.end

    def covers(self, day: date) -> bool:
        """Whether `day` falls in this closure period."""
        key = (day.month, day.day)
        if self.wraps_year_end:
            return key >= self.start or key <= self.end
        return self.start <= key <= self.end


DEFAULT_CLOSURES = (ClosurePeriod((12, 24), (1, 1), "Christmas closure"),)


@dataclass(frozen=True)
class WorkCalendar:
    """The working days of one organisation: its UK nation and its closures."""

    nation: str
    closures: tuple[ClosurePeriod, ...] = DEFAULT_CLOSURES

    def __post_init__(self) -> None:
        """Reject a nation the holiday calendar does not know."""
        if self.nation not in NATIONS:
            raise ValueError(f"Unknown UK nation: {self.nation!r}")

    def is_public_holiday(self, day: date) -> bool:
        """Whether `day` is a public holiday (including observed days) in the nation."""
        return day in public_holidays(self.nation, day.year)

    def holiday_name(self, day: date) -> str | None:
        """Return the name of the public holiday on `day`, or None."""
        return public_holidays(self.nation, day.year).get(day)

    def in_closure(self, day: date) -> bool:
        """Whether `day` falls in any closure period."""
        return any(period.covers(day) for period in self.closures)

    def is_working_day(self, day: date) -> bool:
        """Whether `day` is a weekday that is neither a public holiday nor closed."""
        return day.weekday() < 5 and not self.is_public_holiday(day) and not self.in_closure(day)

    def working_days_between(self, start: date, end: date) -> int:
        """Count working days in (start, end]; negative (end, start] if end < start."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start + _ONE_DAY
        while day <= end:
            count += self.is_working_day(day)
            day += _ONE_DAY
        return count

    def subtract_working_days(self, day: date, n: int) -> date:
        """Return the latest working day with `n` working days after it up to `day`."""
        if n < 0:
            raise ValueError(f"n must not be negative, got {n}")
        if n == 0:
            return day
        counted = 0
        while counted < n:
            counted += self.is_working_day(day)
            day -= _ONE_DAY
        # Nobody is asked on a weekend, holiday or closure day: step back to one.
        while not self.is_working_day(day):
            day -= _ONE_DAY
        return day
