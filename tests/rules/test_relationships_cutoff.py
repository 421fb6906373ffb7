"""Rule 3.5 as a cut-off date (the organisations list filters on it) agrees with the rule."""

from datetime import date, timedelta

import pytest

from crm.rules.relationships import overdue_when_reached_before, stay_in_touch_overdue

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize("cadence", [1, 7, 30, 90, 365])
@pytest.mark.parametrize("days_ago", [0, 1, 6, 7, 8, 29, 30, 31, 89, 90, 91, 364, 365, 366])
def test_the_cut_off_says_what_the_rule_says(cadence, days_ago):
    last = TODAY - timedelta(days=days_ago)
    by_rule = stay_in_touch_overdue(last, cadence, TODAY) is not None
    assert (last < overdue_when_reached_before(cadence, TODAY)) == by_rule


def test_the_cut_off_refuses_a_cadence_below_one():
    with pytest.raises(ValueError):
        overdue_when_reached_before(0, TODAY)
