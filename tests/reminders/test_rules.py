"""When a proposal goes in its author's digest (a pure rule over the timeline)."""

from __future__ import annotations

from datetime import date

import pytest

from crm.reminders.rules import consult_soon, days_phrase
from crm.rules import WorkCalendar, timeline

ENGLAND = WorkCalendar("england")
# A deadline of Tue 5 Jan 2027 with a ten-day window: consult by Fri 11 Dec 2026
# (the Christmas closure and bank holidays in between).
DEADLINE = date(2027, 1, 5)


def _line(today: date, unconsulted: int = 3):
    return timeline(DEADLINE, 10, today, ENGLAND, unconsulted)


@pytest.mark.parametrize(
    ("today", "expected", "phrase"),
    [
        (date(2026, 12, 3), False, "6 working days left"),  # Thu: six working days to go
        (date(2026, 12, 4), True, "5 working days left"),  # Fri: five, so it starts
        (date(2026, 12, 10), True, "1 working day left"),
        (date(2026, 12, 11), True, "today is the last day"),
        (date(2026, 12, 14), True, "passed: partners now get 9 working days instead of 10"),
        (date(2027, 1, 5), True, "passed: partners now get 0 working days instead of 10"),
        (date(2027, 1, 6), False, "passed: partners now get 0 working days instead of 10"),
    ],
)
def test_consult_soon_boundaries(today, expected, phrase):
    line = _line(today)
    assert line.consult_by == date(2026, 12, 11)
    assert consult_soon(line, today, 3) is expected
    assert days_phrase(line, today) == phrase


def test_nothing_to_call_means_nothing_to_say():
    assert consult_soon(_line(date(2026, 12, 10), 0), date(2026, 12, 10), 0) is False


def test_no_deadline_means_no_consult_by():
    line = timeline(None, 10, date(2026, 12, 10), ENGLAND, 3)
    assert consult_soon(line, date(2026, 12, 10), 3) is False
    assert days_phrase(line, date(2026, 12, 10)) == ""
