"""Consent to be named from the pages: the names check on the draft page, recording an
answer, a new version that changes the passage, and the override when submitting."""

from __future__ import annotations

from sqlalchemy import select

from crm.coproduction.models import NamingConsent
from crm.core.extensions import db
from crm.proposals.models import StatusChange
from tests.coproduction.conftest import V2


def _draft_page(client, story, number=1) -> str:
    response = client.get(f"/proposals/{story['proposal']}/drafts/{number}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_draft_page_lists_who_it_names_with_their_passages(client, login_as, story):
    login_as("editor")
    page = _draft_page(client, story)
    assert "Who version 1 names" in page
    assert 'data-state="not_asked"' in page
    assert (
        "<mark>Riverside Peer Support Network</mark>" in page
        and "<mark>Riverside&#39;s</mark>" in page
    )
    assert "The draft names Vale Men&#39;s Shed, which has no stake in this proposal." in page
    assert "Add Vale Men&#39;s Shed as a stakeholder" in page
    assert (
        "Partners to consult that the draft does not name" in page and "Mind in Eastbrook" in page
    )
    proposal_page = client.get(f"/proposals/{story['proposal']}").get_data(as_text=True)
    assert "Named in the draft (version 1)" in proposal_page
    assert "3 named without consent" in proposal_page


def test_record_consent_then_a_changed_passage_turns_it_back(app, client, login_as, story):
    login_as("editor")
    url = f"/proposals/{story['proposal']}/stakes/{story['riverside_stake']}/naming"
    form = client.get(url).get_data(as_text=True)
    assert "What Riverside Peer Support Network said about being named" in form
    refused = client.post(url, data={"state": "agreed_with_changes", "wording": ""})
    assert refused.status_code == 422 and "Give the wording they asked for." in refused.get_data(
        as_text=True
    )
    saved = client.post(url, data={"state": "agreed", "note": "Gwenllian on the phone"})
    assert saved.status_code == 302
    assert 'data-state="agreed"' in _draft_page(client, story)
    with app.app_context():
        consent = db.session.scalar(select(NamingConsent))
        assert consent.state == "agreed" and consent.draft_id == story["draft"]
        assert any("Living Wage" in passage for passage in consent.passages)
    client.post(f"/proposals/{story['proposal']}/drafts/new", data={"pasted": V2, "note": "Mentors"},
                content_type="multipart/form-data")  # fmt: skip
    page = _draft_page(client, story, 2)
    assert 'data-state="changed"' in page and "Changed since they agreed" in page
    assert (
        '<del><span class="visually-hidden">removed: </span>paid the real Living Wage.</del>'
        in page
    )
    assert '<ins><span class="visually-hidden">added: </span>volunteers.</ins>' in page
    old = _draft_page(client, story, 1)
    assert "This is not the latest version" in old


def test_submitting_with_organisations_named_without_consent_needs_a_reason(
    app, client, login_as, story
):
    login_as("editor")
    url = f"/proposals/{story['proposal']}/status/submitted"
    prompt = client.get(url).get_data(as_text=True)
    assert "The latest draft names these organisations" in prompt
    assert "Vale Men&#39;s Shed" in prompt and "named, but has no stake in this proposal" in prompt
    refused = client.post(url, data={"reason": ""})
    assert refused.status_code == 422
    assert "Say why this is submitted before these partners have agreed." in refused.get_data(
        as_text=True
    )
    done = client.post(url, data={"reason": "The board brought the date forward."})
    assert done.status_code == 302
    with app.app_context():
        change = db.session.scalar(select(StatusChange))
        assert change.override_kind == "submission"
        naming = {entry["name"]: entry.get("naming") for entry in change.outstanding}
        assert naming["Vale Men's Shed"] == "not_partner"
        assert naming["Riverside Peer Support Network"] == "not_asked"


def test_only_names_block_then_the_reason_says_so(app, client, login_as, story):
    from tests.coproduction.conftest import stake

    with app.app_context():
        h = stake(story["hillview_stake"])
        h.agreement, h.agreement_date = "agreed", h.created_at.date()
        db.session.commit()
    login_as("editor")
    refused = client.post(f"/proposals/{story['proposal']}/status/submitted", data={"reason": ""})
    assert "before the organisations the draft names have agreed to be named" in refused.get_data(
        as_text=True
    )


def test_add_a_named_organisation_as_a_stakeholder_from_the_draft_page(client, login_as, story):
    login_as("editor")
    back = f"/proposals/{story['proposal']}/drafts/1"
    response = client.post(
        f"/proposals/{story['proposal']}/stakes/new",
        data={"organisation_ids": story["shed"], "role": "delivery_partner", "engagement_level": "default", "next": back},
    )  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"].endswith(back)
    page = _draft_page(client, story)
    assert "which has no stake in this proposal" not in page


def test_naming_consent_for_a_partner_the_draft_does_not_name_is_404(client, login_as, story):
    login_as("editor")
    assert (
        client.get(
            f"/proposals/{story['proposal']}/stakes/{story['mind_stake']}/naming"
        ).status_code
        == 404
    )
    login_as("viewer")


def test_the_checklist_shows_who_the_draft_names_without_agreeing(client, login_as, story):
    login_as("viewer")
    page = client.get(f"/proposals/{story['proposal']}/checklist").get_data(as_text=True)
    assert "Named in the draft (version 1)" in page
    assert "The draft names 3 organisations that have not agreed to be named as it stands." in page
    assert f'href="#row-{story["riverside_stake"]}">Riverside Peer Support Network</a>' in page
    assert page.count('data-state="not_asked"') >= 4  # the panel and the two rows
