"""Logging a conversation: the issue's scenario, stances, follow-ups, htmx and audit."""

from __future__ import annotations

from sqlalchemy import select

from crm.audit.models import AuditEntry
from crm.conversations import queries
from crm.conversations.models import Conversation, ConversationProposal
from crm.core.extensions import db
from crm.core.pages import sections_for
from crm.followups.models import FollowUp
from crm.organisations.models import Organisation
from crm.proposals.models import Proposal, Stake
from tests.logbook.conftest import log_data

HX = {"HX-Request": "true"}


def _only_conversation() -> Conversation:
    return db.session.scalars(select(Conversation)).one()


def test_done_when_one_call_shows_on_both_orgs_both_contacts_and_the_proposal(
    app, client, login_as, world
):
    """The issue's scenario: two contacts of two organisations, one proposal, one form."""
    login_as("editor")
    response = client.post("/conversations/new", data=log_data(world))
    assert response.status_code == 302

    summary = "Both happy to co-produce the referral pathway."
    for path in (
        f"/organisations/{world.mind}",
        f"/organisations/{world.cafe}",
        f"/contacts/{world.ann}",
        f"/contacts/{world.bryn}",
    ):
        page = client.get(path).get_data(as_text=True)
        assert summary in page, path
        assert "Social prescribing and peer support" in page, path
        assert "Phone call" in page and "Reached" in page, path
    # A contact who was not in the call does not see it.
    assert summary not in client.get(f"/contacts/{world.ciara}").get_data(as_text=True)

    # The proposal page is another helper's; render its section through the hooks.
    with app.test_request_context("/"), app.app_context():
        proposal = db.session.get(Proposal, world.proposal)
        sections = dict(sections_for("proposal", proposal))
        timeline = sections["conversations/_timeline.html"]
        assert [c.summary for c in timeline["rows"]] == [summary]
        other = dict(sections_for("proposal", db.session.get(Proposal, world.other_proposal)))
        assert other["conversations/_timeline.html"]["rows"] == []


def test_organisations_follow_from_contacts_and_direct_ones_are_added_once(
    app, client, login_as, world
):
    login_as("editor")
    data = log_data(world, organisation_ids=[str(world.mind), str(world.cafe)])
    assert client.post("/conversations/new", data=data).status_code == 302
    with app.app_context():
        conversation = (
            db.session.scalars(select(Conversation).options(*queries.display_options()))
            .unique()
            .one()
        )
        assert sorted(o.id for o in conversation.organisations) == sorted([world.mind, world.cafe])
        assert [p.contact_id for p in conversation.participants] == [world.ann, world.bryn]


def test_organisation_only_conversation(app, client, login_as, world):
    login_as("editor")
    data = log_data(world, contact_ids=None, organisation_ids=[str(world.cafe)])
    data.pop(f"stance-{world.proposal}")
    assert client.post("/conversations/new", data=data).status_code == 302
    page = client.get(f"/organisations/{world.cafe}").get_data(as_text=True)
    assert "Both happy to co-produce" in page


def test_stance_heard_updates_the_stakes_of_involved_organisations(app, client, login_as, world):
    user_id = login_as("editor")
    assert client.post("/conversations/new", data=log_data(world)).status_code == 302
    with app.app_context():
        assert db.session.get(Stake, world.mind_stake).stance == "supportive"
        assert db.session.get(Stake, world.cafe_stake).stance == "supportive"
        link = db.session.scalars(select(ConversationProposal)).one()
        assert link.stance == "supportive"
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == "stakes")
        ).all()
        assert {e.entity_id for e in entries} == {world.mind_stake, world.cafe_stake}
        assert all(e.changes == {"stance": ["unknown", "supportive"]} for e in entries)
        assert all(e.user_id == user_id for e in entries)


def test_an_old_call_logged_late_does_not_overwrite_a_newer_stance(app, client, login_as, world):
    login_as("editor")
    client.post("/conversations/new", data=log_data(world, occurred_on="yesterday"))
    late = log_data(
        world,
        occurred_on="01/01/2020",
        contact_ids=[str(world.ann)],
        **{f"stance-{world.proposal}": "opposed"},
    )
    assert client.post("/conversations/new", data=late).status_code == 302
    with app.app_context():
        assert db.session.get(Stake, world.mind_stake).stance == "supportive"


def test_no_stance_leaves_the_stake_alone(app, client, login_as, world):
    login_as("editor")
    data = log_data(world, **{f"stance-{world.proposal}": ""})
    assert client.post("/conversations/new", data=data).status_code == 302
    with app.app_context():
        assert db.session.get(Stake, world.mind_stake).stance == "unknown"
        assert db.session.scalars(select(ConversationProposal)).one().stance is None


def test_choosing_a_stance_alone_counts_as_ticking_the_proposal(app, client, login_as, world):
    login_as("editor")
    data = log_data(world, proposal_ids=None, **{f"stance-{world.proposal}": "concerned"})
    assert client.post("/conversations/new", data=data).status_code == 302
    with app.app_context():
        link = db.session.scalars(select(ConversationProposal)).one()
        assert (link.proposal_id, link.stance) == (world.proposal, "concerned")


def test_follow_up_is_created_with_the_conversation(app, client, login_as, world, users):
    login_as("editor")
    data = log_data(
        world,
        follow_up_description="Send them the draft",
        follow_up_owner_id=str(users["admin"]),
        follow_up_due_on="tomorrow",
    )
    assert client.post("/conversations/new", data=data).status_code == 302
    with app.app_context():
        conversation = _only_conversation()
        follow_up = db.session.scalars(select(FollowUp)).one()
        assert follow_up.description == "Send them the draft"
        assert follow_up.owner_id == users["admin"]
        assert follow_up.conversation_id == conversation.id
        assert follow_up.organisation_id == world.mind  # Ann's, the first person's
        assert follow_up.contact_id == world.ann
        assert follow_up.proposal_id == world.proposal  # exactly one proposal
        assert follow_up.due_on is not None
        actions = {(e.entity_type, e.action) for e in db.session.scalars(select(AuditEntry)).all()}
        assert ("conversations", "create") in actions
        assert ("follow_ups", "create") in actions
    page = client.get(f"/contacts/{world.ann}").get_data(as_text=True)
    assert "Send them the draft" in page


def test_create_writes_one_audit_entry_with_the_people_and_proposals(app, client, login_as, world):
    login_as("editor")
    client.post("/conversations/new", data=log_data(world))
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == "conversations")
        ).one()
        assert entry.action == "create"
        assert entry.changes["contact_ids"] == [[], [world.ann, world.bryn]]
        # The stance map is not kept (the audit log keeps no free-form values); the stake's
        # own stance change is audited separately.
        assert entry.changes["proposals"][1] == "(personal data, not kept)"
        assert entry.changes["channel"] == [None, "call"]


def test_form_page_is_prefilled_from_where_it_was_opened(client, login_as, world):
    login_as("editor")
    page = client.get(f"/conversations/new?organisation={world.mind}").get_data(as_text=True)
    assert f'name="organisation_ids" value="{world.mind}"' in page
    assert "checked" in page.split(f'name="organisation_ids" value="{world.mind}"')[1][:80]
    # Mind's people are offered with one tap, not ticked.
    assert "Ann Jones" in page and "Ciara Ní Bhriain" in page
    # Without JavaScript, everyone can be picked from a plain multi-select.
    assert "<noscript>" in page and '<optgroup label="Borough Mind">' in page

    page = client.get(f"/conversations/new?contact={world.bryn}").get_data(as_text=True)
    assert f'name="contact_ids" value="{world.bryn}" id="log-conversation-chosen' in page

    page = client.get(f"/conversations/new?proposal={world.proposal}").get_data(as_text=True)
    tick = f'name="proposal_ids" value="{world.proposal}"'
    assert "checked" in page.split(tick)[1][:80]


def test_htmx_get_returns_the_partial_only(client, login_as, world):
    login_as("editor")
    response = client.get(
        f"/conversations/new?organisation={world.mind}&slot=log-organisation-{world.mind}",
        headers=HX,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in page
    assert f'id="log-organisation-{world.mind}"' in page
    assert 'hx-post="/conversations/new"' in page
    assert "<noscript>" not in page  # htmx means JavaScript is on


def test_htmx_post_swaps_in_a_confirmation_and_triggers_the_timelines(app, client, login_as, world):
    login_as("editor")
    data = log_data(world, slot="log-organisation-1")
    response = client.post("/conversations/new", data=data, headers=HX)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "conversation-logged"
    assert 'id="log-organisation-1"' in page
    assert "Logged: phone call with Ann Jones, Bryn Llŷr, reached" in page
    # The timeline section listens for the event and reloads itself.
    org_page = client.get(f"/organisations/{world.mind}").get_data(as_text=True)
    assert 'hx-trigger="conversation-logged from:body"' in org_page
    timeline = client.get(f"/conversations/timeline/organisation/{world.mind}", headers=HX)
    assert "Both happy to co-produce" in timeline.get_data(as_text=True)


def test_htmx_post_with_follow_up_also_triggers_follow_up_sections(client, login_as, world):
    user_id = login_as("editor")
    data = log_data(world, follow_up_description="Ring back", follow_up_owner_id=str(user_id))
    response = client.post("/conversations/new", data=data, headers=HX)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "conversation-logged, followups-changed"


def test_a_caller_can_ask_for_its_own_success_fragment(app, client, login_as, world):
    from crm.logbook.fragments import success_fragment

    @success_fragment("test-row")
    def row(conversation, form):
        return f'<tr id="row-9">logged {conversation.id} via {form.target.data}</tr>'

    login_as("editor")
    data = log_data(world, slot="log-row-9", success="test-row", target="#row-9")
    response = client.post("/conversations/new", data=data, headers=HX)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#row-9"
    assert response.headers["HX-Reswap"] == "outerHTML"
    assert page.startswith('<tr id="row-9">logged ')
    assert 'id="log-row-9"' in page and 'hx-swap-oob="true"' in page


def test_plain_post_redirects_to_the_page_it_came_from(client, login_as, world):
    login_as("editor")
    data = log_data(world, next=f"/organisations/{world.mind}")
    response = client.post("/conversations/new", data=data)
    assert response.headers["Location"] == f"/organisations/{world.mind}"
    # Somewhere else entirely is not followed.
    response = client.post("/conversations/new", data=log_data(world, next="https://evil.example/"))
    assert response.headers["Location"] == "/conversations/"


def test_viewer_cannot_log(client, login_as, world):
    login_as("viewer")
    assert client.get("/conversations/new").status_code == 403
    assert client.post("/conversations/new", data=log_data(world)).status_code == 403
    page = client.get(f"/organisations/{world.mind}").get_data(as_text=True)
    assert "Log a conversation" not in page


def test_time_of_day_is_optional_and_accepts_what_people_type(app, client, login_as, world):
    login_as("editor")
    client.post("/conversations/new", data=log_data(world, occurred_at="2.30pm"))
    with app.app_context():
        assert _only_conversation().occurred_at.strftime("%H:%M") == "14:30"


def test_person_at_an_archived_organisation_with_a_follow_up(app, client, login_as, world):
    """The archived organisation follows from its person; the follow-up skips it."""
    user_id = login_as("editor")
    with app.app_context():
        db.session.get(Organisation, world.cafe).archived = True
        db.session.commit()
    data = log_data(
        world,
        contact_ids=[str(world.bryn)],
        follow_up_description="Ask who replaces the cafe",
        follow_up_owner_id=str(user_id),
    )
    assert client.post("/conversations/new", data=data).status_code == 302
    with app.app_context():
        conversation = (
            db.session.scalars(select(Conversation).options(*queries.display_options()))
            .unique()
            .one()
        )
        assert [o.id for o in conversation.organisations] == [world.cafe]
        follow_up = db.session.scalars(select(FollowUp)).one()
        assert (follow_up.organisation_id, follow_up.contact_id) == (None, world.bryn)
