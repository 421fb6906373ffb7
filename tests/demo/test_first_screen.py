"""The demo tells its story whatever day it is loaded on (DESIGN.md section 9).

Alex's first screen must show a consult-by date a few working days away, partners still to
call, and the window squeezed by Christmas or Easter where the calendar allows.
"""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from crm.core.dates import uk_date
from crm.core.extensions import db
from crm.demo.loader import DEMO_USERS, load_demo
from crm.demo.season import FEWEST, MOST

ALEX, PASSWORD = DEMO_USERS[0][0], DEMO_USERS[0][1]

# (the day the demo is loaded on, what squeezes the window: the warning's words or None)
DAYS = [
    (date(2026, 11, 28), "This window runs over Christmas"),  # late autumn
    (date(2026, 12, 18), "This window runs over Christmas"),  # the last Friday before the closure
    (date(2026, 12, 31), None),  # in the closure, at the year's end
    (date(2027, 1, 4), None),  # winter, after the closure
    (date(2027, 3, 10), "This window runs over Good Friday and Easter Monday"),  # spring
    (date(2027, 4, 1), None),  # just after Easter
    (date(2027, 8, 10), None),  # summer
    (date(2027, 11, 30), "This window runs over Christmas"),  # St Andrew's Day
    (date(2028, 2, 29), None),  # a leap day
]


@pytest.mark.slow
@pytest.mark.parametrize(("today", "squeeze"), DAYS, ids=[str(day) for day, _ in DAYS])
def test_the_first_screen_tells_the_story(app, client, set_today, today, squeeze):
    set_today(today)
    with app.app_context():
        plan = load_demo()
        db.session.commit()
    assert plan.today == today
    response = client.post("/login", data={"email": ALEX, "password": PASSWORD})
    assert response.status_code == 302
    page = html.unescape(client.get("/").get_data(as_text=True))
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    card = text[text.index("Social prescribing and peer support: action plan") :]
    assert f"Consult partners by {uk_date(plan.consult_by)}" in card
    assert f"Deadline {uk_date(plan.deadline)}" in card
    left = int(re.search(r"Working days left (\d+)", card).group(1))
    assert FEWEST <= left <= MOST
    assert left == plan.working_days_left
    still = int(re.search(r"Still to consult \((\d+)\)", card).group(1))
    assert still >= 3
    assert "Hillview Wellbeing Café" in card and "Polish Community Association" in card
    assert "Too late" not in card and "has passed" not in card
    if squeeze:
        assert squeeze in card
    else:
        assert "This window runs over" not in card
    # The footer says the date is set, so nobody takes it for the real one.
    assert f"Partnerwise's date is set to {uk_date(today)}" in text
