"""The organisations list's overdue filter (rule 3.5) and the page's consultation load (3.6)."""

import re
from datetime import date, timedelta

from sqlalchemy import select

from crm.conversations.models import ConversationProposal
from crm.core.dates import uk_date
from crm.core.extensions import db
from crm.main.queries import overdue_relationships
from crm.organisations.models import Organisation
from tests import factories

TODAY = date(2026, 11, 28)


def _world(app):
    with app.app_context():
        lapsed = factories.organisation("Lapsed Allotments", stay_in_touch_days=30)
        factories.conversation(organisations=[lapsed], occurred_on=TODAY - timedelta(days=31))
        on_time = factories.organisation("On Time Choir", stay_in_touch_days=30)
        factories.conversation(organisations=[on_time], occurred_on=TODAY - timedelta(days=30))
        never = factories.organisation("Never Reached Trust", stay_in_touch_days=90)
        factories.conversation(organisations=[never], outcome="no_answer", occurred_on=TODAY)
        factories.organisation("No Cadence Club")
        weekly = factories.organisation("Weekly Cafe", stay_in_touch_days=7)
        factories.conversation(organisations=[weekly], occurred_on=TODAY - timedelta(days=8))
        gone = factories.organisation("Archived Lapsed", stay_in_touch_days=30, archived=True)
        factories.conversation(organisations=[gone], occurred_on=date(2025, 1, 1))
        db.session.commit()


def _names(page: str) -> list[str]:
    names = ["Lapsed Allotments", "On Time Choir", "Never Reached Trust", "No Cadence Club",
             "Weekly Cafe", "Archived Lapsed"]  # fmt: skip
    return [name for name in names if f">{name}</a>" in page]


def test_the_overdue_filter_lists_exactly_what_rule_3_5_says(app, client, login_as, set_today):
    set_today(TODAY)
    _world(app)
    login_as("viewer")
    page = client.get("/organisations/?overdue=1").get_data(as_text=True)
    assert _names(page) == ["Lapsed Allotments", "Never Reached Trust", "Weekly Cafe"]
    assert re.search(r'<input checked [^>]*id="overdue" name="overdue"[^>]* value="1"', page)
    assert ">1 day overdue<" in page
    assert "never reached" in page
    with app.app_context():
        dashboard = {row.organisation.name for row in overdue_relationships(TODAY)}
    assert dashboard == set(_names(page))
    archived = client.get("/organisations/?overdue=1&archived=1").get_data(as_text=True)
    assert _names(archived) == ["Archived Lapsed"]


def test_the_whole_list_flags_the_overdue_ones_and_keeps_the_filter_in_links(
    app, client, login_as, set_today
):
    set_today(TODAY)
    _world(app)
    login_as("viewer")
    page = client.get("/organisations/").get_data(as_text=True)
    assert len(_names(page)) == 5
    assert page.count(" overdue</span>") == 3
    filtered = client.get("/organisations/?overdue=1&sort=last_contact").get_data(as_text=True)
    export = re.search(r'href="([^"]*export.csv[^"]*)"', filtered).group(1).replace("&amp;", "&")
    assert "overdue=1" in export
    csv = client.get(export).get_data(as_text=True)
    assert "Lapsed Allotments" in csv and "On Time Choir" not in csv


def test_with_no_cadence_anywhere_nothing_is_overdue(app, client, login_as, set_today):
    set_today(TODAY)
    with app.app_context():
        factories.organisation("No Cadence Club")
        db.session.commit()
    login_as("viewer")
    page = client.get("/organisations/?overdue=1").get_data(as_text=True)
    assert _names(page) == []


def _asked(organisation, proposal, day, outcome="reached"):
    conversation = factories.conversation(
        organisations=[organisation], occurred_on=day, outcome=outcome
    )
    db.session.add(ConversationProposal(conversation_id=conversation.id, proposal_id=proposal.id))


def test_the_organisation_page_shows_and_flags_its_consultation_load(
    app, client, login_as, set_today
):
    set_today(TODAY)
    with app.app_context():
        busy = factories.organisation("Busy Peer Group")
        plans = [factories.proposal(f"Plan {n}") for n in range(4)]
        _asked(busy, plans[0], TODAY - timedelta(days=2))
        _asked(busy, plans[0], TODAY - timedelta(days=40))
        _asked(busy, plans[1], TODAY - timedelta(days=89), outcome="no_answer")
        _asked(busy, plans[2], TODAY)
        _asked(busy, plans[3], TODAY - timedelta(days=90))  # outside the 90 days
        quiet = factories.organisation("Quiet Group")
        db.session.commit()
        busy_id, quiet_id = busy.id, quiet.id
    login_as("viewer")
    page = client.get(f"/organisations/{busy_id}").get_data(as_text=True)
    assert 'data-load="3">Asked about <strong>3</strong> proposals in the last 90 days.' in page
    assert "small groups get asked a lot" in page
    assert "Plan 3" not in page.split('id="load-heading"')[1].split("</section>")[0]
    assert f"last asked {uk_date(TODAY)}" in page
    quiet_page = client.get(f"/organisations/{quiet_id}").get_data(as_text=True)
    assert "Asked about <strong>0</strong> proposals" in quiet_page
    assert "small groups get asked a lot" not in quiet_page


def test_the_organisation_page_says_when_it_is_overdue(app, client, login_as, set_today):
    set_today(TODAY)
    _world(app)
    login_as("viewer")
    with app.app_context():
        ids = dict(db.session.execute(select(Organisation.name, Organisation.id)).all())
    page = client.get(f"/organisations/{ids['Lapsed Allotments']}").get_data(as_text=True)
    assert ">1 day overdue<" in page
    page = client.get(f"/organisations/{ids['On Time Choir']}").get_data(as_text=True)
    assert "overdue</span>" not in page


def test_the_dashboard_links_to_every_overdue_organisation(app, client, login_as, set_today):
    set_today(TODAY)
    _world(app)
    login_as("viewer")
    page = client.get("/").get_data(as_text=True)
    assert 'href="/organisations/?overdue=1">All overdue organisations</a>' in page
