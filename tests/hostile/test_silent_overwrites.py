"""Every edit form refuses a save from a stale form, or from one without its version (fail closed)."""

from __future__ import annotations

from datetime import date

import pytest

from crm.core.extensions import db
from crm.followups.models import FollowUp
from crm.proposals.models import Milestone
from crm.settings.models import Settings
from tests import factories
from tests.hostile.forms import form_fields
from tests.walk import sign_in


@pytest.fixture
def records(app, users):
    with app.app_context():
        org = factories.organisation("Overwrite Trust")
        person = factories.contact("Olwen Overwrite", organisation=org)
        proposal = factories.proposal("Overwrite plan")
        stake = factories.stake(org, proposal)
        conversation = factories.conversation(
            [person], summary="First words", logged_by_id=users["editor"]
        )
        follow_up = FollowUp(
            description="Ring back", owner_id=users["editor"], due_on=date(2026, 12, 1)
        )
        milestone = Milestone(proposal_id=proposal.id, name="Board", due_on=date(2027, 1, 12))
        db.session.add_all([follow_up, milestone, Settings()])
        db.session.commit()
        return {
            "organisation": (f"/organisations/{org.id}/edit", "phone"),
            "contact": (f"/contacts/{person.id}/edit", "job_title"),
            "proposal": (f"/proposals/{proposal.id}/edit", "decision_body"),
            "stake": (f"/proposals/{proposal.id}/stakes/{stake.id}/edit", "notes"),
            "conversation": (f"/conversations/{conversation.id}/edit", "summary"),
            "follow-up": (f"/follow-ups/{follow_up.id}/edit", "description"),
            "milestone": (f"/proposals/{proposal.id}/milestones/{milestone.id}/edit", "name"),
            "settings": ("/settings/", "default_min_window"),
            "user": (f"/users/{users['viewer']}/edit", "name"),
        }


VALUES = {"default_min_window": ("12", "15")}
KINDS = [
    "organisation",
    "contact",
    "proposal",
    "stake",
    "conversation",
    "follow-up",
    "milestone",
    "settings",
    "user",
]


def _clients(app, users):
    first, second = app.test_client(), app.test_client()
    with app.app_context():
        sign_in(first, users["admin"])
        sign_in(second, users["admin"])
    return first, second


@pytest.mark.parametrize("kind", KINDS)
def test_the_second_of_two_stale_saves_is_refused_with_its_input_kept(app, users, records, kind):
    url, field = records[kind]
    first, second = _clients(app, users)
    first_form = form_fields(first.get(url).get_data(as_text=True))
    second_form = form_fields(second.get(url).get_data(as_text=True))
    mine, theirs = VALUES.get(field, ("Saved first", "Typed second"))
    first_form[field] = mine
    assert first.post(url, data=first_form).status_code == 302
    second_form[field] = theirs
    response = second.post(url, data=second_form)
    assert response.status_code == 409, kind
    assert theirs in response.get_data(as_text=True)  # the input is kept
    assert mine in first.get(url).get_data(as_text=True)  # the first save stands


@pytest.mark.parametrize("kind", KINDS)
def test_a_save_without_the_version_field_is_refused(app, users, records, kind):
    url, field = records[kind]
    client, _ = _clients(app, users)
    form = form_fields(client.get(url).get_data(as_text=True))
    assert "version" in form, kind
    del form["version"]
    form[field] = VALUES.get(field, ("Sneaky", ""))[0] if field in VALUES else "Sneaky"
    response = client.post(url, data=form)
    assert response.status_code == 409, kind
    again = form_fields(response.get_data(as_text=True))
    assert again.get("version"), "the refused form carries the version to save with"
    assert client.post(url, data=again).status_code == 302
