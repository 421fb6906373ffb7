"""When a proposal belongs in its author's digest: a pure rule over its timeline."""

from __future__ import annotations

from datetime import date

from crm.rules import Timeline

SOON_WORKING_DAYS = 5


def consult_soon(line: Timeline, today: date, still_to_call: int) -> bool:
    """True when partners are still to call and the consult-by date is near or just gone.

    Near: today up to five working days ahead (counted as the checklist counts them).
    Just gone: the consult-by date has passed but the deadline has not, so calling
    today still gives partners some of the window ("too late" on the checklist).
    """
    if still_to_call <= 0 or line.consult_by is None or line.deadline is None:
        return False
    if line.consult_by >= today:
        return (line.working_days_left or 0) <= SOON_WORKING_DAYS
    return line.deadline >= today


def days_phrase(line: Timeline, today: date) -> str:
    """'today', '3 working days left' or 'passed: partners now get 2 working days'."""
    if line.consult_by is None:
        return ""
    if line.consult_by == today:
        return "today is the last day"
    if line.consult_by > today:
        left = line.working_days_left or 0
        return f"{left} working day{'s' if left != 1 else ''} left"
    to_deadline = max(0, line.working_days_to_deadline or 0)
    plural = "s" if to_deadline != 1 else ""
    return f"passed: partners now get {to_deadline} working day{plural} instead of {line.window}"
