"""Follow-ups: the page of mine and everyone's, tick done, create and edit, sections."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from crm.audit.models import AuditEntry
from crm.contacts.models import Contact
from crm.core.dates import today_london
from crm.core.extensions import db
from crm.core.pages import sections_for
from crm.followups.models import FollowUp
from crm.organisations.models import Organisation
from crm.proposals.models import Proposal
from tests import factories

HX = {"HX-Request": "true"}


@pytest.fixture
def records(app, users) -> dict:
    """An organisation with a person, a proposal, and follow-ups for two owners."""
    today = today_london()
    with app.app_context():
        org = factories.organisation("Borough Mind")
        person = factories.contact("Ann Jones", org)
        proposal = factories.proposal("Social prescribing and peer support")
        rows = [
            ("Later one", today + timedelta(days=9), users["editor"], {}),
            ("No date", None, users["editor"], {"contact_id": person.id}),
            (
                "Overdue one",
                today - timedelta(days=3),
                users["editor"],
                {"organisation_id": org.id},
            ),
            ("Due today", today, users["editor"], {"proposal_id": proposal.id}),
            ("Admin job", today - timedelta(days=1), users["admin"], {}),
        ]
        made = {}
        for description, due, owner, links in rows:
            follow_up = FollowUp(description=description, due_on=due, owner_id=owner, **links)
            db.session.add(follow_up)
            db.session.flush()
            made[description] = follow_up.id
        db.session.commit()
        return {"org": org.id, "person": person.id, "proposal": proposal.id, **made}


def _order(page: str, names: list[str]) -> list[str]:
    found = [(page.index(n), n) for n in names if n in page]
    return [n for _, n in sorted(found)]


def test_mine_is_the_default_ordered_overdue_first_no_date_last(client, login_as, records):
    login_as("editor")
    page = client.get("/follow-ups/").get_data(as_text=True)
    names = ["Overdue one", "Due today", "Later one", "No date", "Admin job"]
    assert _order(page, names) == ["Overdue one", "Due today", "Later one", "No date"]
    assert "Overdue</span>" in page and "Due today</span>" in page
    assert "1 overdue" in page


def test_everyones_includes_other_owners(client, login_as, records):
    login_as("editor")
    page = client.get("/follow-ups/?who=everyone").get_data(as_text=True)
    assert "Admin job" in page
    assert _order(page, ["Overdue one", "Admin job", "Due today"]) == [
        "Overdue one",
        "Admin job",
        "Due today",
    ]


def test_tick_done_in_place_with_htmx_then_reopen(app, client, login_as, records):
    user_id = login_as("editor")
    response = client.post(f"/follow-ups/{records['Overdue one']}/done", headers=HX)
    row = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in row and f'id="followup-{records["Overdue one"]}"' in row
    assert "Reopen" in row
    assert "Overdue one" not in client.get("/follow-ups/").get_data(as_text=True)
    assert "Overdue one" in client.get("/follow-ups/?show=done").get_data(as_text=True)
    with app.app_context():
        follow_up = db.session.get(FollowUp, records["Overdue one"])
        assert follow_up.done and follow_up.done_at is not None
        entry = db.session.scalars(select(AuditEntry)).one()
        assert (entry.action, entry.user_id, entry.changes) == (
            "update",
            user_id,
            {"done": [False, True]},
        )
    response = client.post(f"/follow-ups/{records['Overdue one']}/reopen", headers=HX)
    assert "Done<span" in response.get_data(as_text=True)
    with app.app_context():
        assert not db.session.get(FollowUp, records["Overdue one"]).done


def test_tick_done_without_javascript_redirects_back(client, login_as, records):
    login_as("editor")
    response = client.post(
        f"/follow-ups/{records['No date']}/done", data={"next": f"/contacts/{records['person']}"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/contacts/{records['person']}"


def test_viewer_may_look_but_not_tick(client, login_as, records):
    login_as("viewer")
    page = client.get("/follow-ups/?who=everyone").get_data(as_text=True)
    assert "Overdue one" in page and "/done" not in page
    assert client.post(f"/follow-ups/{records['Overdue one']}/done").status_code == 403
    assert client.get("/follow-ups/new").status_code == 403


def test_done_needs_post(client, login_as, records):
    login_as("editor")
    assert client.get(f"/follow-ups/{records['Overdue one']}/done").status_code == 405


def test_create_on_its_own(app, client, login_as, records, users):
    login_as("editor")
    page = client.get(f"/follow-ups/new?organisation={records['org']}").get_data(as_text=True)
    assert f'<option selected value="{records["org"]}">Borough Mind</option>' in page
    response = client.post(
        "/follow-ups/new",
        data={
            "description": "  Send   the draft ",
            "due_on": "tomorrow",
            "owner_id": str(users["admin"]),
            "organisation_id": str(records["org"]),
            "contact_id": str(records["person"]),
            "proposal_id": str(records["proposal"]),
            "next": f"/organisations/{records['org']}",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/organisations/{records['org']}"
    with app.app_context():
        made = db.session.scalars(
            select(FollowUp).where(FollowUp.description == "Send the draft")
        ).one()
        assert made.due_on == today_london() + timedelta(days=1)
        assert (made.owner_id, made.contact_id, made.proposal_id) == (
            users["admin"],
            records["person"],
            records["proposal"],
        )
        assert db.session.scalars(select(AuditEntry)).one().action == "create"


BAD = [
    ({"description": ""}, "Say what needs doing."),
    ({"due_on": "the twelfth of never"}, "is not a date we recognise"),
    ({"owner_id": ""}, "Choose who will do it."),
    ({"owner_id": "99999"}, "Choose someone who can still log in."),
    ({"organisation_id": "99999"}, "That organisation is not available any more."),
    ({"contact_id": "99999"}, "That person is not available any more."),
    ({"proposal_id": "99999"}, "That proposal is not available any more."),
    ({"contact_id": "abc"}, "Choose from the list."),
]


@pytest.mark.parametrize(("change", "message"), BAD, ids=[m for _, m in BAD])
def test_create_bad_input(app, client, login_as, records, users, change, message):
    login_as("editor")
    data = {"description": "Ring back", "due_on": "", "owner_id": str(users["editor"])}
    data.update(change)
    response = client.post("/follow-ups/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page.replace("&#39;", "'")
    if change.get("description") != "":
        assert 'value="Ring back"' in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FollowUp)) == 5
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_archived_organisation_cannot_be_newly_linked(app, client, login_as, records, users):
    login_as("editor")
    with app.app_context():
        db.session.get(Organisation, records["org"]).archived = True
        db.session.commit()
    data = {"description": "x", "owner_id": str(users["editor"])}
    response = client.post("/follow-ups/new", data={**data, "organisation_id": records["org"]})
    assert response.status_code == 422
    # ...but a follow-up already linked to it can still be edited.
    response = client.post(
        f"/follow-ups/{records['Overdue one']}/edit",
        data={
            **data,
            "description": "Still overdue",
            "organisation_id": records["org"],
            "version": "1",
        },
    )
    assert response.status_code == 302


def test_edit(app, client, login_as, records, users):
    login_as("editor")
    page = client.get(f"/follow-ups/{records['Due today']}/edit").get_data(as_text=True)
    assert 'value="Due today"' in page
    response = client.post(
        f"/follow-ups/{records['Due today']}/edit",
        data={
            "description": "Due next week",
            "due_on": (today_london() + timedelta(days=7)).strftime("%d/%m/%Y"),
            "owner_id": str(users["admin"]),
            "proposal_id": str(records["proposal"]),
            "version": "1",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        follow_up = db.session.get(FollowUp, records["Due today"])
        assert follow_up.description == "Due next week"
        assert follow_up.owner_id == users["admin"]
        entry = db.session.scalars(select(AuditEntry)).one()
        # Free text may name people, so the audit log records only that it changed.
        assert entry.changes["description"] == ["(personal data, not kept)"] * 2
    response = client.post(
        f"/follow-ups/{records['Due today']}/edit",
        data={"description": "", "owner_id": str(users["admin"])},
    )
    assert response.status_code == 422
    assert client.get("/follow-ups/424242/edit").status_code == 404


def test_sections_show_open_follow_ups_on_organisation_contact_and_proposal(
    app, client, login_as, records
):
    login_as("viewer")
    org_page = client.get(f"/organisations/{records['org']}").get_data(as_text=True)
    # The organisation's own and its people's.
    assert "Overdue one" in org_page and "No date" in org_page
    assert "Later one" not in org_page
    assert "No date" in client.get(f"/contacts/{records['person']}").get_data(as_text=True)
    with app.test_request_context("/"), app.app_context():
        proposal = db.session.get(Proposal, records["proposal"])
        context = dict(sections_for("proposal", proposal))["followups/_section.html"]
        assert [f.description for f in context["rows"]] == ["Due today"]
    # Reloaded after a conversation adds one.
    partial = client.get(f"/follow-ups/section/contact/{records['person']}", headers=HX)
    assert "No date" in partial.get_data(as_text=True)
    assert client.get("/follow-ups/section/user/1").status_code == 404


def test_done_follow_ups_leave_the_sections(app, client, login_as, records):
    login_as("editor")
    client.post(f"/follow-ups/{records['No date']}/done")
    with app.app_context():
        contact = db.session.get(Contact, records["person"])
    page = client.get(f"/contacts/{contact.id}").get_data(as_text=True)
    assert "No date" not in page and "Nothing to do." in page
