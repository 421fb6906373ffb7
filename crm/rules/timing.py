"""The consult-by timeline of DESIGN.md 3.4: deadline, working days left, warnings."""

from dataclasses import dataclass
from datetime import date, timedelta

from crm.rules.workdays import WorkCalendar


def _plural(count: int, noun: str) -> str:
    """Return '1 noun' or 'N nouns'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _join(words: list[str]) -> str:
    """Join words as 'A', 'A and B' or 'A, B and C'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _long_date(day: date) -> str:
    """Format a date as 'Tuesday 15 December 2026'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


# What every page, PDF and export says when a proposal has no submission deadline
# (crm.proposals.timeline.NO_DEADLINE is this one).
NO_DEADLINE = "No deadline set"


def consult_by(deadline: date | None, window: int, calendar: WorkCalendar) -> date | None:
    """Return the last day to ask partners and still give them the full window."""
    if deadline is None:
        return None
    return calendar.subtract_working_days(deadline, window)


@dataclass(frozen=True)
class Warning:
    """A timeline warning in plain words; pages decide on `code`, never on the message.

    `title` is its short heading ("Too late", "Christmas squeeze") and `tone` how loud
    it is: danger (too late, deadline passed), warning (a squeeze) or info (no deadline).
    """

    code: str
    message: str
    title: str = ""
    tone: str = "warning"


@dataclass(frozen=True)
class Timeline:
    """A proposal's consult-by date, working days left and warnings."""

    deadline: date | None
    consult_by: date | None
    window: int
    working_days_left: int | None
    working_days_to_deadline: int | None
    warnings: tuple[Warning, ...]

    def has(self, code: str) -> bool:
        """Whether a warning with this code applies."""
        return any(warning.code == code for warning in self.warnings)

    @property
    def too_late(self) -> bool:
        """Past consult by with must-consult partners still to ask (the "too late" warning)."""
        return self.has("too_late")


def _squeeze(start: date, deadline: date, calendar: WorkCalendar) -> Warning | None:
    """Warn when (start, deadline] has a closure day or two or more holidays."""
    days = [start + timedelta(days=i) for i in range(1, (deadline - start).days + 1)]
    closed = [day for day in days if calendar.in_closure(day)]
    # Only holidays on weekdays cost a working day; a Saturday Boxing Day and
    # its observed Monday must not count twice.
    holiday_days = [day for day in days if day.weekday() < 5 and calendar.is_public_holiday(day)]
    if not closed and len(holiday_days) < 2:
        return None
    if any((day.month, day.day) == (12, 25) for day in days):
        over = "Christmas"
    elif closed:
        over = "the closure period"
    else:
        names: list[str] = []
        for day in holiday_days:
            for name in (calendar.holiday_name(day) or "").split("; "):
                plain = name.removesuffix(" (observed)")
                if plain not in names:
                    names.append(plain)
        over = _join(names)
    return Warning(
        "holiday_squeeze",
        f"This window runs over {over}: consider moving the deadline or starting earlier.",
        "Christmas squeeze" if over == "Christmas" else "Holiday squeeze",
    )


def _short_date(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def day_off_reason(day: date, calendar: WorkCalendar) -> str | None:
    """Why nobody works on `day` ("a bank holiday, Boxing Day, in the Christmas closure"),
    or None on a working day."""
    if calendar.is_working_day(day):
        return None
    parts = []
    holiday = calendar.holiday_name(day)
    if holiday:
        names = "; ".join(dict.fromkeys(n.removesuffix(" (observed)") for n in holiday.split("; ")))
        parts.append(f"a bank holiday ({names})")
    closures = [period for period in calendar.closures if period.covers(day)]
    if closures:
        parts.append(f"in the {closures[0].name or 'closure period'}")
    if not parts:
        parts.append(f"a {day:%A}")
    return " ".join(parts) if len(parts) == 1 else f"{parts[0]}, {parts[1]}"


def deadline_day_warning(deadline: date | None, calendar: WorkCalendar) -> Warning | None:
    """Warn when the submission deadline falls on a weekend, a bank holiday or in a closure:
    the window is then counted back from the last working day before it."""
    if deadline is None:
        return None
    why = day_off_reason(deadline, calendar)
    if why is None:
        return None
    last = deadline
    while not calendar.is_working_day(last):
        last -= timedelta(days=1)
    return Warning(
        "deadline_day_off",
        f"The submission deadline, {_short_date(deadline)}, is {why}: nobody is at work "
        f"that day, so the last working day before it is {_short_date(last)}. "
        "Check the date, or choose a working day.",
        "Deadline on a day off",
        "warning",
    )


def timeline(
    deadline: date | None,
    window: int,
    today: date,
    calendar: WorkCalendar,
    unconsulted: int,
) -> Timeline:
    """Work out a proposal's consult-by date, days left and warnings (DESIGN 3.4)."""
    if deadline is None:
        message = "Add the submission deadline to see when partners must be called by."
        warning = Warning("no_deadline", message, NO_DEADLINE, "info")
        return Timeline(None, None, window, None, None, (warning,))
    by = calendar.subtract_working_days(deadline, window)
    to_deadline = calendar.working_days_between(today, deadline)
    warnings: list[Warning] = []
    if deadline < today:
        warnings.append(
            Warning(
                "deadline_passed",
                f"The submission deadline ({_long_date(deadline)}) has passed: "
                "set a new deadline if the date has moved.",
                "Deadline passed",
                "danger",
            )
        )
    # With a window of 0 there is no full window to fall short of.
    if today > by and unconsulted > 0 and window > 0:
        left = _plural(max(0, to_deadline), "working day")
        warnings.append(
            Warning(
                "too_late",
                f"Too late for the full window: partners now get {left} instead of {window}.",
                "Too late",
                "danger",
            )
        )
    day_off = deadline_day_warning(deadline, calendar) if deadline >= today else None
    if day_off is not None:
        warnings.append(day_off)
    # Once the deadline has passed there is nothing left to move or start earlier.
    squeeze = _squeeze(by, deadline, calendar) if deadline >= today else None
    if squeeze is not None:
        warnings.append(squeeze)
    return Timeline(
        deadline=deadline,
        consult_by=by,
        window=window,
        working_days_left=calendar.working_days_between(today, by),
        working_days_to_deadline=to_deadline,
        warnings=tuple(warnings),
    )
