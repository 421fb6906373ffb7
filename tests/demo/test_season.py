"""The demo's deadline, chosen from the day it is loaded (crm/demo/season.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from crm.demo.season import FEWEST, MOST, plan_for
from crm.rules import WorkCalendar

ENGLAND = WorkCalendar("england")


@pytest.mark.parametrize(
    ("today", "deadline", "consult_by", "left", "season"),
    [
        # Late autumn: the first steering group after the Christmas closure.
        (date(2026, 11, 28), date(2027, 1, 5), date(2026, 12, 11), 10, "Christmas"),
        (date(2026, 12, 10), date(2027, 1, 11), date(2026, 12, 17), 5, "Christmas"),
        # Just before the closure: three working days, and still over Christmas.
        (date(2026, 12, 20), date(2027, 1, 15), date(2026, 12, 23), 3, "Christmas"),
        # In spring, Good Friday and Easter Monday squeeze the window.
        (date(2027, 3, 10), date(2027, 4, 2), date(2027, 3, 17), 5, "Easter"),
        # After Easter, in August, on 29 February: plainly few working days left, close
        # enough for the author's daily reminder to name the date.
        (date(2027, 4, 1), date(2027, 4, 20), date(2027, 4, 6), 3, None),
        (date(2027, 8, 10), date(2027, 8, 31), date(2027, 8, 16), 4, None),
        (date(2028, 2, 29), date(2028, 3, 21), date(2028, 3, 7), 5, None),
    ],
    ids=str,
)
def test_the_deadline_for_a_day(today, deadline, consult_by, left, season):
    plan = plan_for(today, ENGLAND)
    assert (plan.deadline, plan.consult_by, plan.working_days_left) == (
        deadline,
        consult_by,
        left,
    )
    assert plan.season == season
    assert plan.hurry == (f"before {season}" if season else f"in the {left} working days left")


@pytest.mark.slow
def test_every_day_of_two_years_has_a_few_working_days_to_consult():
    day = date(2026, 12, 1)
    seasons = set()
    while day < date(2028, 12, 1):
        plan = plan_for(day, ENGLAND)
        assert FEWEST <= ENGLAND.working_days_between(day, plan.consult_by) <= MOST, day
        assert ENGLAND.is_working_day(plan.deadline) and plan.deadline > day
        seasons.add(plan.season)
        day += timedelta(days=3)
    assert seasons == {"Christmas", "Easter", None}
