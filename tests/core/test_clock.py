"""The app's one clock (crm.core.dates): the real date, or a date set for training and tests."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from crm import create_app
from crm.core import db as crm_db
from crm.core.dates import LONDON, pinned_today, real_today_london, today_london, uk_date, utcnow

DAY = date(2027, 2, 26)  # a Friday, in GMT
SUMMER_DAY = date(2027, 7, 30)  # in BST


def test_the_database_layer_reads_the_same_clock():
    assert crm_db.utcnow is utcnow


def test_unset_the_clock_follows_the_real_date():
    assert pinned_today() is None
    assert today_london() == real_today_london()
    assert abs(utcnow() - datetime.now(UTC)).total_seconds() < 5
    assert utcnow().tzinfo is UTC


@pytest.mark.parametrize("day", [DAY, SUMMER_DAY], ids=str)
def test_a_set_date_is_today_and_now_is_that_date_at_the_real_time_of_day(set_today, day):
    set_today(day)
    assert today_london() == day
    now = utcnow()
    assert now.tzinfo is not None
    local = now.astimezone(LONDON)
    real = datetime.now(UTC).astimezone(LONDON)
    assert local.date() == day
    assert (
        abs(
            (local.hour * 3600 + local.minute * 60 + local.second)
            - (real.hour * 3600 + real.minute * 60 + real.second)
        )
        < 5
    )


def test_the_date_is_read_from_the_environment_when_an_app_is_created(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    monkeypatch.setenv("PARTNERWISE_TODAY", "2027-02-26")
    app = create_app()
    assert app.config["PARTNERWISE_TODAY"] == DAY
    assert today_london() == DAY
    monkeypatch.delenv("PARTNERWISE_TODAY")
    create_app()
    assert pinned_today() is None


def test_a_bad_date_in_the_environment_stops_the_app_with_a_clear_message(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    monkeypatch.setenv("PARTNERWISE_TODAY", "26/02/2027")
    with pytest.raises(ValueError, match="PARTNERWISE_TODAY must be a date written YYYY-MM-DD"):
        create_app()


def _text(response) -> str:
    body = html.unescape(response.get_data(as_text=True))
    return " ".join(body.replace("<strong>", "").replace("</strong>", "").split())


def test_the_footer_says_when_the_date_is_set_and_what_the_real_date_is(
    set_today, client, login_as
):
    login_as("viewer")
    assert "Partnerwise's date is set to" not in _text(client.get("/"))
    client.post("/logout")
    set_today(DAY)
    # On the log-in page already: nobody should take the set date for the real one.
    note = (
        f"Partnerwise's date is set to {uk_date(DAY)} for training/testing; "
        f"the real date is {uk_date(real_today_london())}."
    )
    assert note in _text(client.get("/login"))
    login_as("viewer")
    assert note in _text(client.get("/"))


def test_records_are_stamped_by_the_app_clock(set_today, ctx):
    from crm.core.extensions import db
    from tests import factories

    set_today(DAY)
    organisation = factories.organisation("Clocked Trust")
    db.session.commit()
    assert organisation.created_at.astimezone(LONDON).date() == DAY


# The dates the suite was first written on (late November 2026), as the app would show them.
# A test that expects one of these without setting the clock passes on one day only.
WRITTEN_ON = re.compile(r"(28|29|30)/11/2026|Sat 28 Nov (2026)".replace("(2026)", "2026"))


def test_no_test_expects_a_literal_date_from_the_days_it_was_written():
    tests = Path(__file__).resolve().parents[1]
    found = [
        f"{path.relative_to(tests)}:{number}: {line.strip()}"
        for path in sorted(tests.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if WRITTEN_ON.search(line)
    ]
    assert not found, (
        "Set the app's date (set_today, or PARTNERWISE_TODAY for a server) and work the "
        "expected text out from it with crm.core.dates (uk_date, uk_numeric_date):\n"
        + "\n".join(found)
    )


def test_the_clock_shift_script_moves_a_python_process_to_another_date():
    """scripts/clock-shift/run: how the suite is checked on other dates (see its README)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    code = "import datetime, time; print(datetime.date.today(), time.time() == time.time())"
    result = subprocess.run(
        [
            str(root / "scripts" / "clock-shift" / "run"),
            "2028-02-29 23:30",
            sys.executable,
            "-c",
            code,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["2028-02-29", "True"]  # that day, and frozen
