"""Tests for consult-by dates, working days left and timeline warnings."""

from datetime import date

import pytest

from crm.rules.timing import Timeline, consult_by, timeline
from crm.rules.vocabulary import NATIONS
from crm.rules.workdays import ClosurePeriod, WorkCalendar

ENG, WLS, SCT, NIR = NATIONS
ENGLAND = WorkCalendar(ENG)
CHRISTMAS = "This window runs over Christmas: consider moving the deadline or starting earlier."


def codes(result: Timeline) -> tuple[str, ...]:
    """Return the warning codes of a timeline."""
    return tuple(warning.code for warning in result.warnings)


def test_consult_by_without_deadline_is_none() -> None:
    assert consult_by(None, 10, ENGLAND) is None


def test_consult_by_counts_back_working_days() -> None:
    assert consult_by(date(2026, 12, 15), 10, ENGLAND) == date(2026, 12, 1)
    assert consult_by(date(2026, 12, 15), 0, ENGLAND) == date(2026, 12, 15)


def test_mid_december_deadline_on_the_consult_by_day() -> None:
    result = timeline(date(2026, 12, 15), 10, date(2026, 12, 1), ENGLAND, 2)
    assert result == Timeline(
        deadline=date(2026, 12, 15),
        consult_by=date(2026, 12, 1),
        window=10,
        working_days_left=0,
        working_days_to_deadline=10,
        warnings=(),
    )


def test_one_day_after_consult_by_is_too_late() -> None:
    result = timeline(date(2026, 12, 15), 10, date(2026, 12, 2), ENGLAND, 2)
    assert result.working_days_left == -1
    assert result.working_days_to_deadline == 9
    assert result.warnings[0].code == "too_late"
    assert result.warnings[0].message == (
        "Too late for the full window: partners now get 9 working days instead of 10."
    )


def test_too_late_singular() -> None:
    result = timeline(date(2026, 12, 15), 10, date(2026, 12, 14), ENGLAND, 1)
    assert "partners now get 1 working day instead of 10." in result.warnings[0].message


def test_not_too_late_when_everyone_is_consulted() -> None:
    result = timeline(date(2026, 12, 15), 10, date(2026, 12, 9), ENGLAND, 0)
    assert result.warnings == ()
    assert result.working_days_left == -6


@pytest.mark.parametrize(
    ("nation", "by", "left", "to_deadline"),
    [
        (ENG, date(2026, 12, 16), 12, 22),
        (WLS, date(2026, 12, 16), 12, 22),
        (NIR, date(2026, 12, 16), 12, 22),
        (SCT, date(2026, 12, 15), 11, 21),  # loses Mon 4 Jan 2027
    ],
)
def test_january_deadline_runs_over_christmas(
    nation: str, by: date, left: int, to_deadline: int
) -> None:
    today = date(2026, 11, 30)
    result = timeline(date(2027, 1, 8), 10, today, WorkCalendar(nation), 3)
    assert result.consult_by == by
    assert result.working_days_left == left
    assert result.working_days_to_deadline == to_deadline
    assert codes(result) == ("holiday_squeeze",)
    assert result.warnings[0].message == CHRISTMAS


def test_too_late_over_christmas_counts_only_working_days() -> None:
    result = timeline(date(2027, 1, 8), 10, date(2026, 12, 21), ENGLAND, 1)
    assert result.consult_by == date(2026, 12, 16)
    assert result.working_days_left == -3  # 17, 18 and 21 Dec
    assert codes(result) == ("too_late", "holiday_squeeze")
    # 22 and 23 Dec, then 4 to 8 Jan: the closure takes the rest.
    assert result.warnings[0].message == (
        "Too late for the full window: partners now get 7 working days instead of 10."
    )


def test_christmas_public_holidays_squeeze_without_a_closure() -> None:
    calendar = WorkCalendar(ENG, closures=())
    result = timeline(date(2027, 1, 8), 10, date(2026, 12, 1), calendar, 0)
    assert result.consult_by == date(2026, 12, 22)
    assert result.warnings[0].message == CHRISTMAS


@pytest.mark.parametrize(
    ("nation", "by", "squeezed"),
    [
        (ENG, date(2027, 3, 24), True),
        (WLS, date(2027, 3, 24), True),
        (NIR, date(2027, 3, 24), True),
        (SCT, date(2027, 3, 25), False),  # Good Friday only: no Easter Monday
    ],
)
def test_deadline_just_after_easter(nation: str, by: date, squeezed: bool) -> None:
    result = timeline(date(2027, 4, 9), 10, date(2027, 3, 1), WorkCalendar(nation), 2)
    assert result.consult_by == by
    if squeezed:
        assert codes(result) == ("holiday_squeeze",)
        assert result.warnings[0].message == (
            "This window runs over Good Friday and Easter Monday: "
            "consider moving the deadline or starting earlier."
        )
    else:
        assert result.warnings == ()


def test_one_public_holiday_is_no_squeeze() -> None:
    result = timeline(date(2026, 5, 8), 10, date(2026, 4, 1), ENGLAND, 1)
    assert result.consult_by == date(2026, 4, 23)  # skips May Day, 4 May
    assert result.warnings == ()


def test_weekend_holiday_and_its_substitute_count_once() -> None:
    # Battle of the Boyne falls on Sunday 12 July 2026, observed Monday 13 July.
    calendar = WorkCalendar(NIR)
    result = timeline(date(2026, 7, 17), 5, date(2026, 7, 1), calendar, 1)
    assert result.consult_by == date(2026, 7, 9)
    assert result.warnings == ()


def test_custom_closure_squeeze() -> None:
    calendar = WorkCalendar(ENG, closures=(ClosurePeriod((8, 3), (8, 7)),))
    result = timeline(date(2026, 8, 14), 10, date(2026, 7, 1), calendar, 1)
    assert result.consult_by == date(2026, 7, 24)
    assert result.warnings[0].message == (
        "This window runs over the closure period: "
        "consider moving the deadline or starting earlier."
    )


def test_window_of_zero() -> None:
    deadline = date(2026, 12, 15)
    on_the_day = timeline(deadline, 0, deadline, ENGLAND, 2)
    assert on_the_day.consult_by == deadline
    assert on_the_day.working_days_left == 0
    assert on_the_day.warnings == ()
    # No window to shorten, so only the passed deadline is reported.
    after = timeline(deadline, 0, date(2026, 12, 16), ENGLAND, 2)
    assert codes(after) == ("deadline_passed",)


def test_deadline_in_the_past() -> None:
    result = timeline(date(2026, 12, 15), 10, date(2026, 12, 18), ENGLAND, 1)
    assert result.working_days_to_deadline == -3
    assert result.working_days_left == -13
    assert codes(result) == ("deadline_passed", "too_late")
    assert result.warnings[0].message == (
        "The submission deadline (Tuesday 15 December 2026) has passed: "
        "set a new deadline if the date has moved."
    )
    assert "partners now get 0 working days instead of 10." in (result.warnings[1].message)


def test_passed_deadline_has_no_squeeze() -> None:
    result = timeline(date(2027, 1, 8), 10, date(2027, 1, 11), ENGLAND, 0)
    assert codes(result) == ("deadline_passed",)


def test_no_deadline() -> None:
    result = timeline(None, 10, date(2026, 12, 1), ENGLAND, 4)
    assert result == Timeline(
        deadline=None,
        consult_by=None,
        window=10,
        working_days_left=None,
        working_days_to_deadline=None,
        warnings=result.warnings,
    )
    assert codes(result) == ("no_deadline",)
    assert result.warnings[0].message == (
        "Add the submission deadline to see when partners must be called by."
    )


@pytest.mark.parametrize(
    ("deadline", "why", "last"),
    [
        (date(2026, 12, 28), "a bank holiday (Boxing Day), in the Christmas closure", "Wed 23 Dec"),
        (date(2026, 12, 31), "in the Christmas closure", "Wed 23 Dec"),
        (date(2027, 5, 3), "a bank holiday (May Day)", "Fri 30 Apr"),
        (date(2027, 5, 8), "a Saturday", "Fri 7 May"),
    ],
)
def test_a_deadline_on_a_day_off_is_warned_about(deadline, why, last) -> None:
    """Issue 14, point 10: not accepted silently and counted from an earlier day."""
    result = timeline(deadline, 10, date(2026, 11, 30), ENGLAND, 0)
    warning = next(w for w in result.warnings if w.code == "deadline_day_off")
    assert f"is {why}:" in warning.message
    assert f"the last working day before it is {last}" in warning.message
    assert warning.title == "Deadline on a day off" and warning.tone == "warning"


def test_a_deadline_on_a_working_day_or_passed_has_no_day_off_warning() -> None:
    assert "deadline_day_off" not in codes(
        timeline(date(2026, 12, 15), 10, date(2026, 11, 30), ENGLAND, 0)
    )
    # Once passed, there is nothing to change about the day.
    assert "deadline_day_off" not in codes(
        timeline(date(2026, 12, 28), 10, date(2027, 1, 4), ENGLAND, 0)
    )
