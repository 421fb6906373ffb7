"""Tests for the working-day calendar: nations, holidays, closures and day counts."""

from datetime import date, timedelta

import pytest

from crm.rules.vocabulary import NATIONS
from crm.rules.workdays import DEFAULT_CLOSURES, ClosurePeriod, WorkCalendar, public_holidays

ENG, WLS, SCT, NIR = NATIONS

# (day, the nations for which it is a public holiday)
NATION_HOLIDAYS = [
    (date(2025, 11, 30), {SCT}),  # St Andrew's Day, a Sunday
    (date(2025, 12, 1), {SCT}),  # St Andrew's Day substitute, Monday
    (date(2026, 3, 17), {NIR}),  # St Patrick's Day
    (date(2026, 1, 2), {SCT}),  # 2 January
    (date(2027, 7, 12), {NIR}),  # Battle of the Boyne, a Monday
    (date(2026, 8, 3), {SCT}),  # summer bank holiday: first Monday of August
    (date(2026, 8, 31), {ENG, WLS, NIR}),  # summer bank holiday: last Monday
    (date(2027, 3, 26), {ENG, WLS, SCT, NIR}),  # Good Friday
    (date(2027, 3, 29), {ENG, WLS, NIR}),  # Easter Monday, not in Scotland
    (date(2026, 12, 28), {ENG, WLS, SCT, NIR}),  # Boxing Day (observed)
    (date(2026, 12, 29), set()),  # an ordinary Tuesday
]


@pytest.mark.parametrize("nation", NATIONS)
@pytest.mark.parametrize(("day", "holiday_in"), NATION_HOLIDAYS, ids=str)
def test_public_holidays_differ_by_nation(nation: str, day: date, holiday_in: set[str]) -> None:
    calendar = WorkCalendar(nation, closures=())
    expected = nation in holiday_in
    assert calendar.is_public_holiday(day) is expected
    assert (calendar.holiday_name(day) is not None) is expected
    if day.weekday() < 5:
        assert calendar.is_working_day(day) is not expected


@pytest.mark.parametrize(
    ("nation", "day", "fragment"),
    [
        (SCT, date(2025, 12, 1), "Andrew"),
        (NIR, date(2026, 3, 17), "Patrick"),
        (NIR, date(2027, 7, 12), "Boyne"),
        (ENG, date(2027, 3, 29), "Easter Monday"),
    ],
)
def test_holiday_name(nation: str, day: date, fragment: str) -> None:
    assert fragment in (WorkCalendar(nation).holiday_name(day) or "")


def test_sunday_holiday_is_a_holiday_but_not_a_working_day() -> None:
    calendar = WorkCalendar(SCT)
    assert calendar.is_public_holiday(date(2025, 11, 30))
    assert not calendar.is_working_day(date(2025, 11, 30))
    assert not calendar.is_working_day(date(2025, 12, 1))
    assert WorkCalendar(ENG).is_working_day(date(2025, 12, 1))


def test_unknown_nation_is_rejected() -> None:
    with pytest.raises(ValueError, match="nation"):
        WorkCalendar("cornwall")
    with pytest.raises(ValueError, match="nation"):
        public_holidays("cornwall", 2026)


def test_holidays_are_cached_and_read_only() -> None:
    first = public_holidays(SCT, 2031)
    hits = public_holidays.cache_info().hits
    assert public_holidays(SCT, 2031) is first
    assert public_holidays.cache_info().hits == hits + 1
    with pytest.raises(TypeError):
        first[date(2031, 6, 1)] = "Made up"  # type: ignore[index]


def test_weekends_are_not_working_days() -> None:
    calendar = WorkCalendar(ENG)
    assert not calendar.is_working_day(date(2026, 6, 6))  # Saturday
    assert not calendar.is_working_day(date(2026, 6, 7))  # Sunday
    assert calendar.is_working_day(date(2026, 6, 8))  # Monday


@pytest.mark.parametrize(
    ("day", "closed"),
    [
        (date(2026, 12, 23), False),
        (date(2026, 12, 24), True),
        (date(2026, 12, 31), True),
        (date(2027, 1, 1), True),
        (date(2027, 1, 2), False),
        (date(2026, 6, 15), False),
    ],
)
def test_default_closure_wraps_the_year_end(day: date, closed: bool) -> None:
    (period,) = DEFAULT_CLOSURES
    assert period.wraps_year_end
    assert period.covers(day) is closed
    assert WorkCalendar(ENG).in_closure(day) is closed


def test_closure_days_are_not_working_days() -> None:
    tuesday = date(2026, 12, 29)
    assert not WorkCalendar(ENG).is_working_day(tuesday)
    assert WorkCalendar(ENG, closures=()).is_working_day(tuesday)


def test_custom_closure() -> None:
    summer = ClosurePeriod((8, 3), (8, 7))
    calendar = WorkCalendar(WLS, closures=(summer,))
    assert not summer.wraps_year_end
    assert calendar.in_closure(date(2026, 8, 3))
    assert calendar.in_closure(date(2026, 8, 7))
    assert not calendar.in_closure(date(2026, 8, 10))
    assert not calendar.in_closure(date(2026, 12, 25))  # default replaced
    assert calendar.is_working_day(date(2026, 12, 29))


def test_closure_rejects_impossible_dates() -> None:
    with pytest.raises(ValueError, match="No such day: 30/2"):
        ClosurePeriod((2, 30), (3, 1))
    assert ClosurePeriod((2, 29), (2, 29)).covers(date(2028, 2, 29))


def test_working_days_between_counts_after_start_up_to_end() -> None:
    calendar = WorkCalendar(ENG)
    monday, friday = date(2026, 6, 1), date(2026, 6, 5)
    assert calendar.working_days_between(monday, monday) == 0
    assert calendar.working_days_between(monday, friday) == 4
    assert calendar.working_days_between(friday, monday) == -4
    assert calendar.working_days_between(friday, date(2026, 6, 8)) == 1


@pytest.mark.parametrize(
    ("nation", "closures", "expected"),
    [
        (ENG, DEFAULT_CLOSURES, 10),  # 17-23 Dec and 4-8 Jan
        (SCT, DEFAULT_CLOSURES, 9),  # Mon 4 Jan 2027 is a Scottish holiday
        (ENG, (), 14),  # 25 and 28 Dec and 1 Jan are the only days lost
    ],
)
def test_working_days_over_christmas(
    nation: str, closures: tuple[ClosurePeriod, ...], expected: int
) -> None:
    calendar = WorkCalendar(nation, closures=closures)
    start, end = date(2026, 12, 16), date(2027, 1, 8)
    assert calendar.working_days_between(start, end) == expected
    assert calendar.working_days_between(end, start) == -expected


@pytest.mark.parametrize(
    ("nation", "day", "n", "expected"),
    [
        (ENG, date(2026, 12, 15), 10, date(2026, 12, 1)),
        (SCT, date(2026, 12, 15), 10, date(2026, 12, 1)),
        (ENG, date(2026, 12, 15), 11, date(2026, 11, 30)),
        (SCT, date(2026, 12, 15), 11, date(2026, 11, 27)),  # skips St Andrew's
        (ENG, date(2027, 1, 8), 10, date(2026, 12, 16)),
        (WLS, date(2027, 1, 8), 10, date(2026, 12, 16)),
        (NIR, date(2027, 1, 8), 10, date(2026, 12, 16)),
        (SCT, date(2027, 1, 8), 10, date(2026, 12, 15)),
        (ENG, date(2026, 12, 12), 1, date(2026, 12, 10)),  # Saturday deadline
        (ENG, date(2027, 3, 29), 1, date(2027, 3, 24)),  # Easter Monday deadline
        (ENG, date(2026, 12, 12), 0, date(2026, 12, 12)),  # n == 0: the day itself
    ],
)
def test_subtract_working_days(nation: str, day: date, n: int, expected: date) -> None:
    assert WorkCalendar(nation).subtract_working_days(day, n) == expected


def test_subtract_working_days_rejects_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        WorkCalendar(ENG).subtract_working_days(date(2026, 6, 1), -1)


@pytest.mark.parametrize("nation", NATIONS)
def test_subtract_is_the_latest_working_day_with_the_full_window(nation: str) -> None:
    calendar = WorkCalendar(nation)
    day = date(2026, 1, 1)
    while day < date(2028, 1, 1):
        for n in (1, 5, 10):
            start = calendar.subtract_working_days(day, n)
            assert calendar.is_working_day(start)
            assert calendar.working_days_between(start, day) == n
            following = start + timedelta(days=1)
            while not calendar.is_working_day(following):
                following += timedelta(days=1)
            assert calendar.working_days_between(following, day) == n - 1
        day += timedelta(days=5)
