"""The conversations list, timelines and their pinned statement counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from crm.auth.models import User
from crm.contacts.models import Contact
from crm.conversations.models import ConversationProposal
from crm.conversations.queries import TIMELINE_LIMIT
from crm.core.extensions import db
from crm.followups.models import FollowUp
from crm.organisations.models import Organisation
from tests import factories

HX = {"HX-Request": "true"}


def _fill(app, world, users, n: int) -> None:
    """n conversations with Ann and Bryn about the proposal, each with a follow-up."""
    with app.app_context():
        ann, bryn = db.session.get(Contact, world.ann), db.session.get(Contact, world.bryn)
        cafe = db.session.get(Organisation, world.cafe)
        for i in range(n):
            conversation = factories.conversation(
                [ann, bryn] if i % 2 else [ann],
                organisations=[cafe] if i % 3 == 0 else [],
                occurred_on=date(2026, 1, 1) + timedelta(days=i),
                summary=f"Chat number {i}",
                logged_by_id=users["editor" if i % 2 else "admin"],
                channel="meeting" if i % 4 == 0 else "call",
                outcome="no_answer" if i % 5 == 0 else "reached",
            )
            db.session.add(
                ConversationProposal(
                    conversation_id=conversation.id, proposal_id=world.proposal, stance="neutral"
                )
            )
            db.session.add(
                FollowUp(
                    description=f"Do thing {i}",
                    owner_id=users["editor"],
                    organisation_id=world.mind,
                    contact_id=world.ann,
                    proposal_id=world.proposal,
                    due_on=date(2026, 6, 1) + timedelta(days=i),
                )
            )
        db.session.commit()


def _statements(client, count_queries, path: str) -> int:
    with count_queries() as counter:
        response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return counter["n"]


@pytest.mark.parametrize(
    "path",
    [
        "/organisations/{mind}",
        "/contacts/{ann}",
        "/conversations/",
        "/conversations/?channel=call&q=chat",
        "/conversations/timeline/proposal/{proposal}",
        "/follow-ups/",
        "/follow-ups/?who=everyone",
    ],
)
def test_pages_load_in_a_fixed_number_of_statements(
    app, client, login_as, world, users, count_queries, path
):
    login_as("editor")
    path = path.format(mind=world.mind, ann=world.ann, proposal=world.proposal)
    _fill(app, world, users, 2)
    few = _statements(client, count_queries, path)
    _fill(app, world, users, 28)
    many = _statements(client, count_queries, path)
    assert few == many
    assert many == PINNED[path.split("?")[0].rstrip("0123456789").rstrip("/")]


# The whole request, including the signed-in user's look-up. A timeline is two
# statements (conversations with who logged them, their people and organisations; proposals);
# a follow-ups list is one (owner and links joined).
PINNED = {
    "/organisations": 9,  # + organisation, its contacts, follow-ups, stakes, report chart and
    # consultation load sections
    "/contacts": 6,  # + contact and organisation, follow-ups section
    "/conversations": 7,  # + 3 filter pickers, the count
    "/conversations/timeline/proposal": 3,
    "/follow-ups": 4,  # + the count, the tab counts
}


def test_long_timelines_are_capped_with_show_older(app, client, login_as, world, users):
    _fill(app, world, users, TIMELINE_LIMIT + 5)
    login_as("viewer")
    page = client.get(f"/contacts/{world.ann}").get_data(as_text=True)
    assert page.count('class="timeline-item"') == TIMELINE_LIMIT
    assert "Show older conversations" in page
    assert f"Chat number {TIMELINE_LIMIT + 4}" in page  # newest first
    more = client.get(
        f"/conversations/timeline/contact/{world.ann}?offset={TIMELINE_LIMIT}", headers=HX
    ).get_data(as_text=True)
    assert more.count('class="timeline-item"') == 5
    assert "Chat number 0" in more
    assert "Show older conversations" not in more


def test_list_filters(app, client, login_as, world, users):
    _fill(app, world, users, 12)
    login_as("viewer")

    def shown(query: str) -> set[int]:
        page = client.get(f"/conversations/?{query}").get_data(as_text=True)
        return {int(bit.split("<")[0]) for bit in page.split("Chat number ")[1:]}

    assert shown("") == set(range(12))
    assert shown("q=number 1") == {1, 10, 11}
    assert shown(f"contact={world.bryn}") == {1, 3, 5, 7, 9, 11}
    assert shown(f"organisation={world.cafe}") == {0, 1, 3, 5, 6, 7, 9, 11}
    assert shown("channel=meeting") == {0, 4, 8}
    assert shown("outcome=no_answer") == {0, 5, 10}
    assert shown("date_from=03/01/2026&date_to=5 Jan 2026") == {2, 3, 4}
    assert shown(f"logged_by={users['admin']}") == {0, 2, 4, 6, 8, 10}
    assert shown(f"proposal={world.proposal}") == set(range(12))
    page = client.get("/conversations/?channel=call").get_data(as_text=True)
    assert "Showing 1–9 of 9 conversations" in page


def test_list_bad_filter_input_is_422_with_a_message(app, client, login_as, world, users):
    _fill(app, world, users, 3)
    login_as("viewer")
    response = client.get("/conversations/?date_from=someday&q=chat")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "“someday” is not a date we recognise" in page
    assert 'value="someday"' in page and 'value="chat"' in page
    assert "Chat number 2" in page  # the other filters still apply
    response = client.get("/conversations/?date_from=10/01/2026&date_to=01/01/2026")
    assert response.status_code == 422
    assert "The end date is before the start date." in response.get_data(as_text=True)
    response = client.get("/conversations/?channel=fax")
    assert response.status_code == 422


def test_list_is_paginated(app, client, login_as, world, users):
    app.config["PER_PAGE"] = 5
    _fill(app, world, users, 12)
    login_as("viewer")
    page = client.get("/conversations/?page=3").get_data(as_text=True)
    assert "Showing 11–12 of 12 conversations" in page
    assert "Chat number 1<" in page and "Chat number 0<" in page


def test_contact_search_for_the_picker(app, client, login_as, world):
    login_as("editor")
    page = client.get("/conversations/pick/contacts?contact_q=mind", headers=HX).get_data(
        as_text=True
    )
    assert "Ann Jones" in page and "Ciara Ní Bhriain" in page and "Bryn" not in page
    page = client.get(
        f"/conversations/pick/contacts?contact_q=mind&contact_ids={world.ann}", headers=HX
    ).get_data(as_text=True)
    assert "Ann Jones" not in page  # already chosen
    with app.app_context():
        db.session.get(Contact, world.ciara).archived = True
        db.session.commit()
    page = client.get("/conversations/pick/contacts?contact_q=ciara").get_data(as_text=True)
    assert "Nobody active matches" in page
    page = client.get("/conversations/pick/organisations?organisation_q=cafe").get_data(
        as_text=True
    )
    assert "Wellbeing Cafe" in page and 'name="organisation_ids"' in page


def test_picker_search_escapes_wildcards(client, login_as, world):
    login_as("editor")
    page = client.get("/conversations/pick/contacts?contact_q=%25").get_data(as_text=True)
    assert "Ann Jones" not in page


def test_unknown_timeline_kind_is_404(client, login_as, world):
    login_as("viewer")
    assert client.get("/conversations/timeline/user/1").status_code == 404


def test_nav_bar_links_to_both_pages(client, login_as, users):
    login_as("viewer")
    page = client.get("/").get_data(as_text=True)
    assert 'href="/conversations/"' in page and 'href="/follow-ups/"' in page


def test_former_user_is_shown_plainly(app, client, login_as, world, users):
    _fill(app, world, users, 1)
    with app.app_context():
        db.session.get(User, users["admin"]).name = "Departed Admin"
        db.session.commit()
    login_as("viewer")
    assert "Logged by Departed Admin" in client.get(f"/contacts/{world.ann}").get_data(as_text=True)
