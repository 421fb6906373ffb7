"""The dashboard: Alex's first screen shows whom to call, by when, and the Christmas squeeze."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from crm.auth.models import User
from crm.core.extensions import db
from crm.demo.loader import DEMO_USERS, load_demo
from crm.followups.models import FollowUp
from crm.logbook.services import delete_conversation
from crm.main import queries
from crm.organisations.models import Organisation
from crm.proposals.models import Milestone, Proposal
from tests import factories

TODAY = date(2026, 11, 28)
PASSWORDS = {email: password for email, password, _role, _name in DEMO_USERS}
ALEX = "alex.morgan@demo.example.org"
VALERIE = "valerie.shah@demo.example.org"
RUTH = "ruth.evans@demo.example.org"  # a viewer
PLAN = "Social prescribing and peer support: action plan"


@pytest.fixture
def demo(app, set_today):
    """The demo loaded for 28 Nov 2026, with the app's date set to it."""
    set_today(TODAY)
    with app.app_context():
        load_demo(today=TODAY)
        db.session.commit()
    return TODAY


def log_in(client, email: str) -> None:
    response = client.post("/login", data={"email": email, "password": PASSWORDS[email]})
    assert response.status_code == 302


def page(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def panel(text: str, heading_id: str) -> str:
    """The HTML of one dashboard section, from its heading to the section's end."""
    start = text.index(f'id="{heading_id}"')
    return text[start : text.index("</section>", start)]


def test_alex_sees_whom_to_call_and_by_when(demo, client):
    log_in(client, ALEX)
    calls = panel(page(client), "calls-heading")
    assert "Your calls to make" in calls
    assert PLAN in calls
    assert "Fri 11 Dec 2026" in calls  # ask partners by
    assert "Tue 5 Jan 2027" in calls  # the steering group
    assert "This window runs over Christmas" in calls
    assert "Christmas squeeze" in calls
    for partner in ("Hillview Wellbeing Café", "Northgate Social Prescribing"):
        assert partner in calls
    # Consulted (a real call) and waived stakes are not calls to make.
    assert "Riverside Peer Support Network" not in calls
    assert "Eastbrook GP Federation" not in calls
    # Siobhán was only left a message: tried, not consulted.
    assert "Tried once" in calls or "Tried twice" in calls
    assert "Log a call" in calls
    assert "tel:" in calls
    # How to reach them, worded as the call sheet words it (crm/rules/wording.py).
    assert "prefers phone; best times: Mon to Wed (part-time)" in calls


def test_calls_come_in_the_order_of_the_checklist(demo, client):
    log_in(client, ALEX)
    calls = panel(page(client), "calls-heading")
    # Never tried before tried; Hillview (not yet) before Northgate (tried).
    assert calls.index("Hillview Wellbeing Café") < calls.index("Northgate Social Prescribing")


def test_log_a_call_link_is_prefilled_and_comes_back(demo, client, app):
    log_in(client, ALEX)
    with app.app_context():
        plan = db.session.scalar(select(Proposal).where(Proposal.title == PLAN))
        hillview = db.session.scalar(
            select(Organisation).where(Organisation.name == "Hillview Wellbeing Café")
        )
        ids = plan.id, hillview.id
    text = page(client)
    assert f"/conversations/new?proposal={ids[0]}&organisation={ids[1]}" in text
    assert f"organisation={ids[1]}&contact=" in text
    assert "next=/" in text


def test_overdue_relationships_longest_first(demo, client):
    log_in(client, ALEX)
    overdue = panel(page(client), "overdue-heading")
    for name in ("Northgate Social Prescribing", "Hillview Wellbeing Café", "Eastbrook Carers"):
        assert name in overdue
    assert "Riverside Peer Support Network" not in overdue  # reached twelve days ago
    assert "days overdue" in overdue
    assert "Log a conversation" in overdue
    with client.application.app_context():
        rows = queries.overdue_relationships(TODAY)
    days = [row.days_overdue for row in rows]
    assert days == sorted(days, reverse=True)
    assert all(row.organisation.stay_in_touch_days for row in rows)


def test_each_overdue_relationship_says_its_cadence_and_owner(demo, client, app):
    log_in(client, ALEX)
    overdue = " ".join(panel(page(client), "overdue-heading").split())
    with app.app_context():
        rows = queries.overdue_relationships(TODAY)
        owners = {
            org.name: db.session.get(User, org.owner_id).name if org.owner_id else "nobody"
            for org in db.session.scalars(
                select(Organisation).where(Organisation.id.in_([r.organisation.id for r in rows]))
            )
        }
    for row in rows:
        said = f"Every {row.organisation.stay_in_touch_days} days"
        assert said in overdue
        assert f"owner {owners[row.organisation.name]}" in overdue


def test_an_organisation_reached_within_its_cadence_is_not_overdue(app, monkeypatch):
    with app.app_context():
        fresh = factories.organisation("Fresh", stay_in_touch_days=30)
        stale = factories.organisation("Stale", stay_in_touch_days=30)
        never = factories.organisation("Never", stay_in_touch_days=30)
        factories.organisation("No cadence")
        factories.conversation(organisations=[fresh], occurred_on=TODAY - timedelta(days=10))
        factories.conversation(organisations=[stale], occurred_on=TODAY - timedelta(days=50))
        # Tries and deleted conversations do not count as staying in touch.
        factories.conversation(
            organisations=[stale], occurred_on=TODAY - timedelta(days=2), outcome="no_answer"
        )
        gone = factories.conversation(organisations=[never], occurred_on=TODAY)
        delete_conversation(gone, actor=None)
        db.session.commit()
        rows = queries.overdue_relationships(TODAY)
        assert [(row.organisation.name, row.days_overdue) for row in rows] == [
            ("Never", 30),
            ("Stale", 20),
        ]
        assert never.id in {row.organisation.id for row in rows}


def test_follow_ups_and_milestones(demo, client, app):
    log_in(client, ALEX)
    text = page(client)
    with app.app_context():
        alex = db.session.scalar(select(User).where(User.email == ALEX))
        mine = db.session.scalars(
            select(FollowUp).where(FollowUp.owner_id == alex.id, FollowUp.done.is_(False))
        ).all()
        due = [f for f in mine if f.due_on and f.due_on <= TODAY + timedelta(days=14)]
        later = [f for f in mine if f.due_on and f.due_on > TODAY + timedelta(days=14)]
        soon = db.session.scalars(
            select(Milestone).where(
                Milestone.due_on >= TODAY, Milestone.due_on <= TODAY + timedelta(days=30)
            )
        ).all()
    follow_ups = panel(text, "followups-heading")
    assert due, "the demo gives Alex follow-ups due"
    for f in due:
        assert f.description in follow_ups
    for f in later:
        assert f.description not in follow_ups
    milestones = panel(text, "milestones-heading")
    for m in soon:
        assert m.name in milestones
    # The steering group (5 Jan) is more than 30 days away.
    assert "Draft to steering group" not in milestones
    recent = panel(text, "recent-heading")
    assert recent.count('class="timeline-item"') == 10


def test_ticking_a_follow_up_done_comes_back_to_the_dashboard(demo, client, app):
    log_in(client, ALEX)
    with app.app_context():
        alex = db.session.scalar(select(User).where(User.email == ALEX))
        follow_up = queries.follow_ups_due(alex.id, TODAY)[0]
        follow_up_id, description = follow_up.id, follow_up.description
    text = page(client)
    assert f"/follow-ups/{follow_up_id}/done" in text
    token = text.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post(
        f"/follow-ups/{follow_up_id}/done", data={"csrf_token": token, "next": "/"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/")
    assert description not in panel(page(client), "followups-heading")


def test_a_viewer_sees_the_panels_without_action_buttons(demo, client):
    log_in(client, RUTH)
    text = page(client)
    assert "Calls to make" in text  # Ruth authors nothing: everyone's calls
    assert PLAN in text
    assert "Hillview Wellbeing Café" in text
    for action in ("Log a call", "Log a conversation", "/conversations/new", "/done"):
        assert action not in text


def test_a_coordinator_who_authors_nothing_sees_every_active_proposal(demo, client):
    log_in(client, VALERIE)
    calls = panel(page(client), "calls-heading")
    assert "You are not the author of any active proposal" in calls
    assert PLAN in calls
    assert "author Alex Morgan" in calls


def test_an_empty_database_renders_for_a_new_admin(app, client, login_as):
    login_as("admin")
    text = page(client)
    assert "No proposals are being worked on" in text
    assert "No organisation is past its stay-in-touch date" in text
    assert "No conversations logged yet" in text
    assert "Start a proposal" in text


def _statements(client, count_queries) -> int:
    with count_queries() as counter:
        assert client.get("/").status_code == 200
    return counter["n"]


def test_the_dashboard_runs_a_fixed_number_of_statements(demo, app, client, count_queries):
    log_in(client, ALEX)
    page(client)  # warm up: first-request work is not the page's
    before = _statements(client, count_queries)
    with app.app_context():
        alex = db.session.scalar(select(User).where(User.email == ALEX))
        for n in range(3):
            proposal = factories.proposal(f"Extra {n}", author_id=alex.id, status="consulting")
            db.session.add(
                Milestone(
                    proposal_id=proposal.id,
                    name="Deadline",
                    due_on=TODAY + timedelta(days=20 + n),
                    is_submission_deadline=True,
                )
            )
            for m in range(3):
                org = factories.organisation(f"Extra org {n}-{m}", stay_in_touch_days=30)
                person = factories.contact(organisation=org, phone="01234 567890")
                factories.stake(org, proposal, role="funder", key_contact_id=person.id)
                factories.conversation(
                    contacts=[person], occurred_on=TODAY - timedelta(days=40), outcome="no_answer"
                )
                db.session.add(
                    FollowUp(description=f"Ring {org.name}", owner_id=alex.id, due_on=TODAY)
                )
        db.session.commit()
    after = _statements(client, count_queries)
    assert PINNED == before == after


# The session check and the user (1), settings (1), calls (2: the proposals, the stakes
# with their kept consultation facts), overdue (1), follow-ups (1), milestones (1),
# recent conversations (2), the first-run counts (1).
PINNED = 10


def test_after_the_consult_by_date_the_card_says_it_is_too_late(demo, client, set_today):
    set_today(date(2026, 12, 15))
    log_in(client, ALEX)
    calls = panel(page(client), "calls-heading")
    assert "Too late:" in calls
    assert "Consult-by date has passed" in calls
    assert "alert-danger" in calls


def test_my_proposals_come_soonest_consult_by_first(app, client, login_as, set_today):
    set_today(TODAY)
    editor = login_as("editor")
    with app.app_context():
        late = factories.proposal("Later one", author_id=editor, status="drafting")
        soon = factories.proposal("Sooner one", author_id=editor, status="idea")
        factories.proposal("No deadline yet", author_id=editor, status="consulting")
        factories.proposal("Sent off", author_id=editor, status="submitted")
        factories.proposal("Someone else's", status="consulting")
        for proposal, days in ((late, 60), (soon, 30)):
            db.session.add(
                Milestone(
                    proposal_id=proposal.id,
                    name="Deadline",
                    due_on=TODAY + timedelta(days=days),
                    is_submission_deadline=True,
                )
            )
        factories.stake(factories.organisation("Partner"), soon, role="funder")
        db.session.commit()
    calls = panel(page(client), "calls-heading")
    assert "Your calls to make" in calls
    assert calls.index("Sooner one") < calls.index("Later one") < calls.index("No deadline yet")
    assert "Sent off" not in calls and "Someone else's" not in calls
    assert "No deadline set" in calls
    assert "No partners yet: add the organisations" in calls  # Later one has no stakes
    assert "Partner" in calls and "Not yet" in calls
