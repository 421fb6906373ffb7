"""What a new user sees on the proposal pages (issue 14, points 7 to 17), page by page."""

from datetime import date

from crm.core.extensions import db
from tests import factories
from tests.proposals.builders import milestone, talk


def _text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_a_new_proposal_never_shows_contradicting_badges(app, client, login_as):
    """Point 7: not "Not ready to draft" beside "Ready to submit"; not after drafting starts."""
    with app.app_context():
        fresh = factories.proposal("Fresh", status="consulting")
        mind = factories.organisation("Mind")
        factories.stake(mind, fresh, role="lead")  # collaborate: must consult and sign off
        drafting = factories.proposal("Drafting", status="drafting")
        factories.stake(mind, drafting, role="affected")  # never consulted
        db.session.commit()
        fresh_id, drafting_id = fresh.id, drafting.id
    login_as("viewer")
    text = _text(client, f"/proposals/{fresh_id}")
    assert "1 partner to consult" in text
    assert "Ready to submit" not in text and "sign-off" not in text
    assert "Not ready to draft" not in text
    text = _text(client, f"/proposals/{drafting_id}")
    assert "Not ready to draft" not in text and "to consult</span>" not in text
    assert "Ready to submit" in text


def test_a_proposal_with_no_stakes_says_add_the_organisations_everywhere(app, client, login_as):
    """Point 8: the checklist, the proposal page and the dashboard say the same thing."""
    with app.app_context():
        empty = factories.proposal("Empty", status="consulting")
        db.session.commit()
        proposal_id = empty.id
    login_as("editor")
    wording = "No partners yet: add the organisations with a stake in this proposal"
    add = f"/proposals/{proposal_id}/stakes/new"
    checklist = _text(client, f"/proposals/{proposal_id}/checklist")
    assert wording in checklist and add in checklist
    assert "Ready to draft" not in checklist and "Start drafting" not in checklist
    assert "No partners must be consulted" not in checklist
    detail = _text(client, f"/proposals/{proposal_id}")
    assert wording in detail and add in detail and "Ready to draft" not in detail
    dashboard = _text(client, "/")
    assert wording in dashboard and add in dashboard


def test_moving_to_drafting_without_stakes_asks_for_a_reason(app, client, login_as):
    with app.app_context():
        empty = factories.proposal("Empty", status="consulting")
        db.session.commit()
        proposal_id = empty.id
    login_as("editor")
    response = client.post(f"/proposals/{proposal_id}/status/drafting", data={"reason": ""})
    assert response.status_code == 422
    assert "before any organisation with a stake is recorded" in response.get_data(as_text=True)


def test_ready_proposal_shows_ready_to_draft(app, client, login_as):
    with app.app_context():
        ready = factories.proposal("Ready", status="consulting")
        mind = factories.organisation("Mind")
        factories.stake(mind, ready)
        talk(mind, ready)
        milestone(ready, "Board", date(2026, 12, 15), deadline=True)
        db.session.commit()
        proposal_id = ready.id
    login_as("viewer")
    assert "Ready to draft" in _text(client, f"/proposals/{proposal_id}")
