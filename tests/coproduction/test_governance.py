"""Partner governance: the meeting rules, the response-by default and warnings (pure), the
organisation form, and the warnings on the checklist and the dashboard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from crm.coproduction.rules import (
    Governance,
    default_response_by,
    meeting_notice,
    meetings_between,
    monthly_meeting,
    next_meeting,
    response_notices,
)
from crm.core.dates import today_london
from crm.core.extensions import db
from crm.organisations.models import Organisation
from crm.rules.workdays import WorkCalendar
from tests import factories

ENGLAND = WorkCalendar("england")
RIVERSIDE = Governance("Riverside", "trustees", meeting_week=2, meeting_weekday=1)


@pytest.mark.parametrize(
    ("year", "month", "week", "weekday", "expected"),
    [
        (2026, 12, 2, 1, date(2026, 12, 8)),  # second Tuesday
        (2027, 1, 2, 1, date(2027, 1, 12)),
        (2027, 1, 5, 4, date(2027, 1, 29)),  # last Friday
        (2026, 12, 1, 0, date(2026, 12, 7)),  # first Monday
        (2027, 2, 4, 6, date(2027, 2, 28)),  # fourth Sunday
    ],
)
def test_monthly_meetings(year, month, week, weekday, expected):
    assert monthly_meeting(year, month, week, weekday) == expected


def test_meetings_between_mix_the_rule_and_listed_dates():
    listed = Governance("Mind", "trustees", meeting_dates=(date(2026, 12, 17), date(2027, 3, 1)))
    assert meetings_between(listed, date(2026, 12, 1), date(2027, 1, 31)) == [date(2026, 12, 17)]
    both = Governance("X", "trustees", 2, 1, (date(2026, 12, 17),))
    assert meetings_between(both, date(2026, 12, 1), date(2027, 1, 31)) == [
        date(2026, 12, 8), date(2026, 12, 17), date(2027, 1, 12)
    ]  # fmt: skip
    assert next_meeting(RIVERSIDE, date(2026, 12, 9)) == date(2027, 1, 12)


def test_the_meeting_warning():
    assert meeting_notice(RIVERSIDE, date(2026, 12, 1), date(2026, 12, 22)) is None
    notice = meeting_notice(RIVERSIDE, date(2026, 12, 9), date(2027, 1, 5))
    assert notice.message == (
        "Riverside's trustees or board next meet on Tue 12 Jan 2027, after your response-by "
        "date (Tue 5 Jan 2027)."
    )
    unknown = meeting_notice(
        Governance("Hillview", "trustees"), date(2026, 12, 9), date(2027, 1, 5)
    )
    assert "no meeting date is recorded" in unknown.message
    assert (
        meeting_notice(Governance("Northgate", "manager"), date(2026, 12, 9), date(2026, 12, 10))
        is None
    )


def test_default_response_by_leaves_the_author_three_working_days():
    # Deadline Tue 5 Jan 2027; 24 Dec - 1 Jan closed: three working days back is Tue 22 Dec.
    assert default_response_by(date(2027, 1, 5), date(2026, 11, 28), 10, ENGLAND) == date(
        2026, 12, 22
    )
    # Too close: the deadline itself; no deadline: the window from today.
    assert default_response_by(date(2026, 12, 2), date(2026, 11, 30), 10, ENGLAND) == date(
        2026, 12, 2
    )
    assert default_response_by(None, date(2026, 11, 2), 10, ENGLAND) == date(2026, 11, 16)


def test_response_warnings():
    codes = [
        n.code
        for n in response_notices(
            date(2026, 12, 17), date(2027, 1, 8), 10, ENGLAND, RIVERSIDE, date(2027, 1, 5)
        )
    ]
    assert codes == ["short", "closure", "after_deadline", "meeting_after"]
    assert response_notices(date(2026, 11, 2), date(2026, 11, 20), 10, ENGLAND) == []


def test_the_organisation_form_records_how_they_decide(app, client, login_as):
    login_as("editor")
    data = {
        "name": "Riverside Peer Support Network", "kind": "peer_support", "owner_id": "0",
        "decides_by": "trustees", "meeting_week": "2", "meeting_weekday": "1",
        "meeting_dates": "14/01/2027\n3 Feb 2027",
    }  # fmt: skip
    response = client.post("/organisations/new", data=data)
    assert response.status_code == 302
    with app.app_context():
        org = db.session.scalar(select(Organisation))
        assert (org.decides_by, org.meeting_week, org.meeting_weekday) == ("trustees", 2, 1)
        assert org.meeting_date_list == [date(2027, 1, 14), date(2027, 2, 3)]
        assert org.meeting_rule_label == "second Tuesday of each month"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Its trustees or board must approve" in page and "second Tuesday of each month" in page
    edit = client.get(f"{response.headers['Location']}/edit").get_data(as_text=True)
    assert '<option selected value="2">second</option>' in edit
    bad = client.post(
        "/organisations/new",
        data={**data, "name": "Other", "meeting_weekday": "", "meeting_dates": "31/02/2027"},
    )
    assert bad.status_code == 422


def test_the_checklist_and_dashboard_warn_when_no_meeting_comes_in_time(
    app, client, login_as, users
):
    from tests.proposals.builders import milestone

    today = today_london()
    with app.app_context():
        org = factories.organisation("Riverside Peer Support Network", decides_by="trustees")
        proposal = factories.proposal("Plan", status="consulting", author_id=users["editor"])
        milestone(proposal, "Board", today + timedelta(days=40), deadline=True)
        factories.stake(org, proposal, role="co_producer")
        db.session.commit()
        proposal_id = proposal.id
    login_as("editor")
    checklist = client.get(f"/proposals/{proposal_id}/checklist").get_data(as_text=True)
    assert (
        "needs its trustees&#39; or board&#39;s approval, and no meeting date is recorded"
        in checklist
    )
    dashboard = client.get("/").get_data(as_text=True)
    assert "Partners who may not be able to decide in time" in dashboard
