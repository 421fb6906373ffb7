"""The pre-drafting checklist page: timeline, readiness, rows, the in-place log flow."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from crm.conversations.models import ConversationProposal
from crm.core.dates import uk_date, uk_numeric_date
from crm.core.extensions import db
from crm.proposals.models import Milestone
from tests import factories
from tests.checklists.conftest import TODAY

HX = {"HX-Request": "true"}


def states_on_page(page: str) -> dict[str, str]:
    """{organisation name: data-state} of every checklist row on a page."""
    found = re.findall(
        r'<h3 class="h6 mb-0"[^>]*><a href="[^"]+">([^<]+)</a></h3>\s*'
        r'<span class="checklist-state" data-state="(\w+)"',
        page,
    )
    return {name.replace("&amp;", "&").replace("&#39;", "'"): state for name, state in found}


def test_page_shows_timeline_warning_readiness_and_agrees_with_the_command(
    client, runner, login_as, demo
):
    login_as("editor")
    response = client.get(f"/proposals/{demo.proposal}/checklist")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="consult-by">Fri 11 Dec 2026<' in page
    assert 'class="deadline">Tue 5 Jan 2027<' in page
    assert "10 to consult by" in page
    assert "This window runs over Christmas" in page
    assert "6 of 12 partners consulted; 1 waived; 3 tried; 2 not yet" in page
    assert "Ready to draft." not in page
    assert "Inform: send them the draft" in page
    data = json.loads(runner.invoke(args=["crm", "checklist", str(demo.proposal), "--json"]).output)
    assert states_on_page(page) == {s["organisation"]: s["state"] for s in data["stakes"]}
    # Not yet first, then tried, then done.
    must = [s["state"] for s in data["stakes"] if s["must_consult"]]
    order = {"not_yet": 0, "attempted": 1}
    assert must == sorted(must, key=lambda state: order.get(state, 2))
    assert "Tried twice, last Fri 20 Nov" in page
    assert "Start drafting…" in page
    assert f"/proposals/{demo.proposal}/status/drafting" in page


def test_logging_a_reached_call_turns_the_row_consulted_in_place(client, login_as, demo):
    login_as("editor")
    name = "Hillview Wellbeing Café"
    stake_id, org_id = demo.stakes[name], demo.organisations[name]
    page = client.get(f"/proposals/{demo.proposal}/checklist").get_data(as_text=True)
    assert f'hx-target="#log-row-{stake_id}"' in page
    assert "success=checklist-row" in page
    form = client.get(
        f"/conversations/new?proposal={demo.proposal}&organisation={org_id}"
        f"&slot=log-row-{stake_id}&success=checklist-row&target=%23row-{stake_id}",
        headers=HX,
    )
    assert form.status_code == 200
    data = {
        "occurred_on": uk_numeric_date(TODAY),
        "organisation_ids": [str(org_id)],
        "channel": "call",
        "outcome": "reached",
        "summary": "Happy to host the peer support sessions.",
        "proposal_ids": [str(demo.proposal)],
        f"stance-{demo.proposal}": "supportive",
        "slot": f"log-row-{stake_id}",
        "success": "checklist-row",
        "target": f"#row-{stake_id}",
    }
    response = client.post("/conversations/new", data=data, headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == f"#row-{stake_id}"
    assert body.lstrip().startswith('<article class="card checklist-row state-consulted"')
    assert states_on_page(body) == {name: "consulted"}
    assert uk_date(TODAY) in body
    assert f'id="log-row-{stake_id}"' in body  # the confirmation, out of band
    page = client.get(f"/proposals/{demo.proposal}/checklist").get_data(as_text=True)
    assert "7 of 12 partners consulted" in page


def test_viewer_sees_no_actions_and_cannot_post(client, login_as, demo):
    login_as("viewer")
    page = client.get(f"/proposals/{demo.proposal}/checklist").get_data(as_text=True)
    assert "Log a call" not in page and ">Waive<" not in page and "Start drafting" not in page
    assert "Waived" in page  # the state still shows
    stake = demo.stakes["Hillview Wellbeing Café"]
    waive = client.post(f"/proposals/{demo.proposal}/stakes/{stake}/waive", data={"reason": "x"})
    assert waive.status_code == 403
    assert client.post(f"/proposals/{demo.proposal}/checklist").status_code in (403, 405)


def test_missing_proposal_is_404(client, login_as, demo):
    login_as("viewer")
    for path in ("checklist", "call-sheet", "call-sheet.pdf"):
        assert client.get(f"/proposals/99999/{path}").status_code == 404


def test_proposal_page_links_to_the_checklist(client, login_as, demo):
    login_as("viewer")
    page = client.get(f"/proposals/{demo.proposal}").get_data(as_text=True)
    assert f'href="/proposals/{demo.proposal}/checklist">Pre-drafting checklist<' in page


def test_ready_banner_when_every_partner_is_consulted_or_waived(app, client, login_as, users):
    with app.app_context():
        proposal = factories.proposal("Ready one", status="consulting")
        db.session.add(
            Milestone(
                proposal=proposal, name="Due", due_on=date(2027, 3, 1), is_submission_deadline=True
            )
        )
        org = factories.organisation("Done Org")
        factories.stake(org, proposal, role="funder")
        factories.conversation(
            organisations=[org], proposal_links=[ConversationProposal(proposal_id=proposal.id)]
        )
        db.session.commit()
        proposal_id = proposal.id
    login_as("editor")
    page = client.get(f"/proposals/{proposal_id}/checklist").get_data(as_text=True)
    assert "Ready to draft." in page
    assert "1 of 1 partner consulted" in page


def _proposal_with(stakes: int) -> int:
    proposal = factories.proposal(f"Load {stakes}", status="consulting")
    db.session.add(
        Milestone(
            proposal=proposal, name="Due", due_on=date(2027, 3, 1), is_submission_deadline=True
        )
    )
    for n in range(stakes):
        org = factories.organisation(f"Org {stakes}-{n}", phone="01632 960000")
        person = factories.contact(f"Person {stakes}-{n}", org, phone="01632 960123")
        factories.stake(
            org, proposal, role="co_producer" if n % 3 else "informed", key_contact_id=person.id
        )
        factories.conversation(
            contacts=[person],
            outcome="no_answer" if n % 2 else "reached",
            occurred_on=date(2026, 11, 2),
            proposal_links=[ConversationProposal(proposal_id=proposal.id)],
        )
    db.session.commit()
    return proposal.id


@pytest.mark.parametrize("path", ["checklist", "call-sheet", "call-sheet.pdf"])
def test_statement_count_does_not_grow_with_stakes(app, client, login_as, count_queries, path):
    login_as("editor")
    with app.app_context():
        small, large = _proposal_with(2), _proposal_with(20)
    counts = []
    for proposal_id in (small, large):
        with count_queries() as counter:
            assert client.get(f"/proposals/{proposal_id}/{path}").status_code == 200
        counts.append(counter["n"])
    assert counts[0] == counts[1], counts
    # Log-in check, proposal with milestones, settings, stakes (with their kept consultation
    # facts), last, load, requests in writing, latest draft (not on the call sheet: + notes,
    # people and follow-ups there).
    assert counts[0] == {"checklist": 8, "call-sheet": 10, "call-sheet.pdf": 10}[path], counts


def test_summary_reloads_after_a_call_is_logged(client, login_as, demo):
    login_as("viewer")
    page = client.get(f"/proposals/{demo.proposal}/checklist").get_data(as_text=True)
    assert 'hx-trigger="conversation-logged from:body, checklist-changed from:body"' in page
    part = client.get(f"/proposals/{demo.proposal}/checklist/summary", headers=HX)
    body = part.get_data(as_text=True)
    assert part.status_code == 200
    assert body.lstrip().startswith('<div id="checklist-summary"')
    assert "6 of 12 partners consulted" in body and "<html" not in body
