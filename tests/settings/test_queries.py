"""work_calendar(): the working-day calendar built from the Settings row."""

from datetime import date

from crm.core.extensions import db
from crm.settings.closures import closures_from
from crm.settings.models import Settings
from crm.settings.queries import current_settings, work_calendar


def test_defaults_without_a_row_write_nothing(ctx):
    calendar = work_calendar()
    assert calendar.nation == "england"
    assert calendar.in_closure(date(2026, 12, 28))
    assert not calendar.in_closure(date(2026, 12, 23))
    assert current_settings().default_min_window == 10
    assert not db.session.new


def test_nation_and_closures_from_the_row(ctx):
    db.session.add(
        Settings(
            uk_nation="scotland",
            closure_periods=[{"start": "08-01", "end": "08-14", "name": "Summer"}],
            default_min_window=15,
        )
    )
    db.session.flush()
    calendar = work_calendar()
    assert calendar.nation == "scotland"
    assert calendar.in_closure(date(2026, 8, 3))
    assert not calendar.in_closure(date(2026, 12, 28))
    # 2 January is a public holiday in Scotland only.
    assert calendar.is_public_holiday(date(2026, 1, 2))


def test_bad_closure_rows_are_skipped():
    periods = [
        {"start": "12-24", "end": "01-01"},
        {"start": "02-30", "end": "03-01"},
        {"start": "xx"},
        "nonsense",
    ]
    assert len(closures_from(periods)) == 1
    assert closures_from(None) == ()
