"""Status changes through the pages: the override prompt, its reason and where it shows."""

from datetime import date

from sqlalchemy import func, select

from crm.auth.models import User
from crm.core.extensions import db
from crm.proposals.models import Proposal, StatusChange
from tests import factories
from tests.proposals.builders import talk


def _setup(app, status="consulting"):
    """A proposal with one consulted, one unconsulted and one inform-only partner."""
    with app.app_context():
        proposal = factories.proposal("Social prescribing", status=status)
        mind = factories.organisation("Mind in Brent")
        cafe = factories.organisation("Wellbeing Café")
        council = factories.organisation("Borough Council")
        person = factories.contact("Dafydd ap Gwilym", mind, phone="01632 960123")
        factories.stake(mind, proposal, role="affected", key_contact_id=person.id)
        factories.stake(cafe, proposal, role="co_producer")
        factories.stake(council, proposal, role="informed")
        talk(cafe, proposal)
        db.session.commit()
        return proposal.id


def _count_changes(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(StatusChange))


def _status(app, proposal_id):
    with app.app_context():
        return db.session.get(Proposal, proposal_id).status


def test_start_drafting_when_not_ready_asks_for_a_reason(app, client, login_as):
    proposal_id = _setup(app)
    login_as("editor")
    page = client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    # Not ready: the button opens the prompt instead of posting straight away.
    assert f'href="/proposals/{proposal_id}/status/drafting"' in page
    assert f'hx-get="/proposals/{proposal_id}/status/drafting"' in page
    response = client.get(f"/proposals/{proposal_id}/status/drafting")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "a reason is needed" in text
    assert "Mind in Brent" in text and "tel:01632960123" in text
    assert "Wellbeing Café" not in text.split("a reason is needed")[1].split("Say why")[0]
    assert "Borough Council" not in text
    assert 'name="reason"' in text


def test_the_prompt_comes_as_a_fragment_for_htmx(app, client, login_as):
    proposal_id = _setup(app)
    login_as("editor")
    response = client.get(f"/proposals/{proposal_id}/status/drafting", headers={"HX-Request": "1"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in text and "Mind in Brent" in text


def test_posting_without_a_reason_is_refused(app, client, login_as):
    proposal_id = _setup(app)
    login_as("editor")
    response = client.post(f"/proposals/{proposal_id}/status/drafting", data={"reason": "  "})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Say why drafting starts before these partners are consulted." in text
    assert "Mind in Brent" in text
    assert _status(app, proposal_id) == "consulting"
    assert _count_changes(app) == 0


def test_an_overlong_reason_is_refused_and_kept(app, client, login_as):
    proposal_id = _setup(app)
    login_as("editor")
    reason = "because " * 300
    response = client.post(f"/proposals/{proposal_id}/status/drafting", data={"reason": reason})
    assert response.status_code == 422
    assert reason.strip()[:80] in response.get_data(as_text=True)
    assert _count_changes(app) == 0


def test_override_is_stored_and_shown_on_the_proposal(app, client, login_as):
    proposal_id = _setup(app)
    editor_id = login_as("editor")
    response = client.post(
        f"/proposals/{proposal_id}/status/drafting",
        data={"reason": "Board brought forward a month"},
    )
    assert response.status_code == 302
    with app.app_context():
        change = db.session.scalar(select(StatusChange))
        assert change.override_kind == "drafting"
        assert change.override_reason == "Board brought forward a month"
        assert change.changed_by_id == editor_id
        assert [o["name"] for o in change.outstanding] == ["Mind in Brent"]
        name = db.session.get(User, editor_id).name
        on = change.changed_at
    assert _status(app, proposal_id) == "drafting"
    page = client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "Drafted before consulting:</strong> “Board brought forward a month”" in page
    assert f"by {name} on {on:%a} {on.day} {on:%b %Y}" in page
    assert "not consulted then: Mind in Brent." in page


def test_ready_proposal_moves_with_one_press(app, client, login_as):
    with app.app_context():
        proposal = factories.proposal(status="consulting")
        org = factories.organisation()
        factories.stake(org, proposal, role="funder")
        talk(org, proposal)
        db.session.commit()
        proposal_id = proposal.id
    login_as("editor")
    page = client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert f'action="/proposals/{proposal_id}/status/drafting"' in page
    response = client.post(f"/proposals/{proposal_id}/status/drafting", data={})
    assert response.status_code == 302
    assert _status(app, proposal_id) == "drafting"
    with app.app_context():
        assert db.session.scalar(select(StatusChange)).override_kind is None


def test_submitting_without_agreement_needs_a_reason(app, client, login_as):
    with app.app_context():
        proposal = factories.proposal(status="in_review")
        lead = factories.organisation("Peer Network")
        agreed = factories.organisation("Wellbeing Café")
        factories.stake(lead, proposal, role="lead", agreement="asked")
        factories.stake(
            agreed,
            proposal,
            role="co_producer",
            agreement="agreed",
            agreement_date=date(2026, 11, 20),
        )
        db.session.commit()
        proposal_id = proposal.id
    login_as("editor")
    prompt = client.get(f"/proposals/{proposal_id}/status/submitted").get_data(as_text=True)
    assert "have not agreed to it" in prompt and "Peer Network" in prompt
    refused = client.post(f"/proposals/{proposal_id}/status/submitted", data={"reason": ""})
    assert refused.status_code == 422
    assert "Say why this is submitted before these partners have agreed." in refused.get_data(
        as_text=True
    )
    client.post(f"/proposals/{proposal_id}/status/submitted", data={"reason": "Deadline day"})
    page = client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "Submitted without agreement:</strong> “Deadline day”" in page
    assert "not agreed then: Peer Network." in page


def test_a_move_that_is_no_longer_allowed_goes_back_to_the_page(app, client, login_as):
    proposal_id = _setup(app, status="drafting")
    login_as("editor")
    response = client.post(f"/proposals/{proposal_id}/status/drafting", data={"reason": "x"})
    assert response.status_code == 302
    assert _count_changes(app) == 0
    page = client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "cannot move to drafting from here" in page


def test_unknown_status_and_missing_proposal_are_404(app, client, login_as):
    proposal_id = _setup(app)
    login_as("editor")
    assert client.get(f"/proposals/{proposal_id}/status/finished").status_code == 404
    assert client.post(f"/proposals/{proposal_id}/status/finished").status_code == 404
    assert client.get("/proposals/999/status/drafting").status_code == 404
    assert client.post("/proposals/999/status/drafting").status_code == 404


def test_viewers_see_no_status_buttons(app, client, login_as):
    proposal_id = _setup(app)
    login_as("viewer")
    page = client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "Start drafting" not in page
    assert client.get(f"/proposals/{proposal_id}/status/drafting").status_code == 403


def test_htmx_is_sent_to_the_page_when_the_move_is_gone(app, client, login_as):
    proposal_id = _setup(app, status="drafting")
    login_as("editor")
    response = client.get(f"/proposals/{proposal_id}/status/drafting", headers={"HX-Request": "1"})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == f"/proposals/{proposal_id}"
