"""When the demo's draft is due: a few working days to call partners, whatever the date.

The story (DESIGN.md section 9) is too little time: the first screen must show a consult-by
date a few working days away with partners still to call. So the deadline is chosen from the
day the demo is loaded: among the working days of the next few months, one whose consult-by
date is FEWEST to MOST working days away, preferring a window squeezed by the nearest closure
or holidays (the Christmas closure in late autumn, Easter in spring), then a consult-by date
close enough for the author's daily reminder to name it (within REMINDER_DAYS), then a
Tuesday (the steering group's day), then the most time left within that range.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from crm.reminders.rules import SOON_WORKING_DAYS
from crm.rules import WorkCalendar, consult_by, timeline

WINDOW = 10  # working days partners are given (the demo's settings)
FEWEST, MOST = 3, 10  # "a few working days" to the consult-by date
# The daily digest names consult-by dates this close (DESIGN.md 11).
REMINDER_DAYS = SOON_WORKING_DAYS
LOOK_AHEAD_DAYS = 120
TUESDAY = 1


@dataclass(frozen=True)
class Plan:
    """The action plan's deadline, its consult-by date and what squeezes the window."""

    today: date
    deadline: date
    consult_by: date
    working_days_left: int
    squeeze: str | None  # the warning's words, "This window runs over Christmas: ..."

    @property
    def season(self) -> str | None:
        """'Christmas' or 'Easter' when the window runs over one of them."""
        words = self.squeeze or ""
        return next((name for name in ("Christmas", "Easter") if name in words), None)

    @property
    def hurry(self) -> str:
        """What the hurry is, in a few words: 'before Christmas', 'before Easter', or how long."""
        if self.season:
            return f"before {self.season}"
        return f"in the {self.working_days_left} working days left"


def plan_for(today: date, calendar: WorkCalendar, window: int = WINDOW) -> Plan:
    """The deadline that gives the demo its story on `today` (see the module's docstring)."""
    best: tuple | None = None
    for offset in range(1, LOOK_AHEAD_DAYS + 1):
        deadline = today + timedelta(days=offset)
        if not calendar.is_working_day(deadline):
            continue
        by = consult_by(deadline, window, calendar)
        left = calendar.working_days_between(today, by)
        if left > MOST:
            break  # later deadlines only leave more time
        if left < FEWEST:
            continue
        line = timeline(deadline, window, today, calendar, unconsulted=1)
        squeeze = next((w.message for w in line.warnings if w.code == "holiday_squeeze"), None)
        key = (
            squeeze is not None,
            left <= REMINDER_DAYS,
            deadline.weekday() == TUESDAY,
            left,
            -offset,
        )
        if best is None or key > best[0]:
            best = (key, Plan(today, deadline, by, left, squeeze))
    if best is None:  # pragma: no cover - some working day is always a few weeks ahead
        raise AssertionError(f"no deadline found for {today}")
    return best[1]
