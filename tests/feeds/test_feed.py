"""The calendar feed parses as iCalendar with all-day events and stable UIDs."""

from datetime import date

from icalendar import Calendar

from crm.auth.models import User
from crm.core.extensions import db
from crm.followups.models import FollowUp
from crm.proposals.models import Milestone
from tests import factories


def _setup(app, users):
    with app.app_context():
        proposal = factories.proposal("Social prescribing and peer support", status="consulting")
        db.session.add_all(
            [
                Milestone(
                    proposal_id=proposal.id,
                    name="Draft to steering group",
                    due_on=date(2026, 12, 15),
                    is_submission_deadline=True,
                ),
                Milestone(
                    proposal_id=proposal.id,
                    name="Health and Wellbeing Board",
                    due_on=date(2027, 1, 28),
                ),
            ]
        )
        old = factories.proposal("Old plan", status="decided")
        db.session.add(Milestone(proposal_id=old.id, name="Board", due_on=date(2026, 3, 1)))
        db.session.add(
            FollowUp(
                description="Call Siobhán back", due_on=date(2026, 12, 1), owner_id=users["editor"]
            )
        )
        db.session.add(
            FollowUp(
                description="Done already",
                due_on=date(2026, 11, 1),
                owner_id=users["editor"],
                done=True,
            )
        )
        db.session.add(
            FollowUp(
                description="Someone else's", due_on=date(2026, 11, 1), owner_id=users["viewer"]
            )
        )
        db.session.commit()


def _feed(client, login_as):
    page = client.get("/calendar/").get_data(as_text=True)
    if 'id="feed-url"' not in page:
        assert client.post("/calendar/renew").status_code == 302
        page = client.get("/calendar/").get_data(as_text=True)
    url = page.split('id="feed-url" type="text" readonly value="', 1)[1].split('"', 1)[0]
    return url.replace("http://localhost", "")


def test_feed_has_milestones_consult_by_and_my_follow_ups(app, client, login_as, users):
    _setup(app, users)
    login_as("editor")
    path = _feed(client, login_as)
    anonymous = app.test_client()
    response = anonymous.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        "Draft to steering group: Social prescribing and peer support",
        "Health and Wellbeing Board: Social prescribing and peer support",
        "Consult partners by today: Social prescribing and peer support",
        "Follow-up: Call Siobhán back",
    }
    consult = events["Consult partners by today: Social prescribing and peer support"]
    # 10 working days before Tue 15 Dec 2026 (England): Tue 1 Dec 2026.
    assert consult.decoded("dtstart") == date(2026, 12, 1)
    for event in events.values():
        start = event.decoded("dtstart")
        assert type(start) is date  # all-day
        assert (event.decoded("dtend") - start).days == 1
    again = Calendar.from_ical(anonymous.get(path).data)
    assert sorted(str(e["uid"]) for e in again.walk("VEVENT")) == sorted(
        str(e["uid"]) for e in events.values()
    )


def test_renew_makes_the_old_link_stop(app, client, login_as, users):
    _setup(app, users)
    login_as("editor")
    old = _feed(client, login_as)
    assert client.post("/calendar/renew").status_code == 302
    new = _feed(client, login_as)
    assert new != old
    anonymous = app.test_client()
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(new).status_code == 200


def test_unknown_token_and_inactive_user_get_404(app, client, login_as, users):
    login_as("viewer")
    path = _feed(client, login_as)
    anonymous = app.test_client()
    assert anonymous.get("/calendar/not-a-real-token-at-all-xxxxx.ics").status_code == 404
    with app.app_context():
        db.session.get(User, users["viewer"]).active = False
        db.session.commit()
    assert anonymous.get(path).status_code == 404


def test_feed_query_count_is_fixed(app, client, login_as, users, count_queries):
    _setup(app, users)
    login_as("editor")
    path = _feed(client, login_as)
    anonymous = app.test_client()
    with count_queries() as small:
        anonymous.get(path)
    with app.app_context():
        for n in range(10):
            p = factories.proposal(f"P{n}", status="consulting")
            db.session.add(
                Milestone(
                    proposal_id=p.id,
                    name="Deadline",
                    due_on=date(2027, 2, 1),
                    is_submission_deadline=True,
                )
            )
            db.session.add(
                FollowUp(description=f"F{n}", due_on=date(2027, 1, 5), owner_id=users["editor"])
            )
        db.session.commit()
    with count_queries() as big:
        anonymous.get(path)
    assert small["n"] == big["n"]
