"""Bad input on the log form: 422, a message, the typed values kept, nothing written."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from crm.audit.models import AuditEntry
from crm.contacts.models import Contact
from crm.conversations.models import Conversation
from crm.core.dates import today_london
from crm.core.extensions import db
from crm.followups.models import FollowUp
from crm.organisations.models import Organisation
from crm.proposals.models import Stake
from tests.logbook.conftest import log_data

HX = {"HX-Request": "true"}
SUMMARY = "Both happy to co-produce the referral pathway."


def _nothing_written(app, world) -> None:
    with app.app_context():
        for model in (Conversation, FollowUp, AuditEntry):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0, model
        assert db.session.get(Stake, world.mind_stake).stance == "unknown"


def _in_future(days: int) -> str:
    return (today_london() + timedelta(days=days)).strftime("%d/%m/%Y")


CASES = [
    ("no_one", {"contact_ids": None}, "Choose at least one person or organisation."),
    ("bad_date", {"occurred_on": "31/02/2026"}, "is not a date we recognise"),
    ("no_date", {"occurred_on": ""}, "Enter a date"),
    ("future", {"occurred_on": "future:3"}, "That date is in the future."),
    ("bad_time", {"occurred_at": "25:99"}, "is not a time"),
    ("bad_channel", {"channel": "fax"}, "Choose how you talked"),
    ("bad_outcome", {"outcome": "maybe"}, "Choose what happened"),
    ("bad_id", {"contact_ids": ["abc"]}, "was not recognised"),
    ("missing_contact", {"contact_ids": ["99999"]}, "no longer in Partnerwise"),
    ("missing_organisation", {"organisation_ids": ["99999"]}, "no longer in Partnerwise"),
    ("missing_proposal", {"proposal_ids": ["99999"]}, "no longer exists"),
    ("bad_stance", {"stance-PROPOSAL": "ecstatic"}, "Choose a stance from the list."),
    ("stance_without_reaching", {"outcome": "no_answer"}, "A stance can only be heard"),
    ("long_summary", {"summary": "x" * 5001}, "under 5,000 characters"),
    (
        "follow_up_due_without_what",
        {"follow_up_due_on": "tomorrow"},
        "Say what needs doing, or clear the due date.",
    ),
    (
        "follow_up_bad_due",
        {"follow_up_description": "Ring back", "follow_up_due_on": "someday"},
        "is not a date we recognise",
    ),
    (
        "follow_up_unknown_owner",
        {"follow_up_description": "Ring back", "follow_up_owner_id": "99999"},
        "Choose who will do it.",
    ),
]


@pytest.mark.parametrize(("name", "changes", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_with_a_message(app, client, login_as, world, name, changes, message):
    user_id = login_as("editor")
    changes = dict(changes)
    if changes.get("occurred_on", "").startswith("future:"):
        changes["occurred_on"] = _in_future(int(changes["occurred_on"].split(":")[1]))
    if "stance-PROPOSAL" in changes:
        changes[f"stance-{world.proposal}"] = changes.pop("stance-PROPOSAL")
    data = log_data(world, follow_up_owner_id=str(user_id))
    data.update(changes)
    data = {key: value for key, value in data.items() if value is not None}
    for headers in ({}, HX):
        response = client.post("/conversations/new", data=data, headers=headers)
        page = response.get_data(as_text=True)
        assert response.status_code == 422, name
        assert message in page.replace("&#34;", '"').replace("&#39;", "'"), (name, headers)
        assert SUMMARY in page or name == "long_summary"  # what was typed is kept
        assert ("<html" in page) == (not headers)
    _nothing_written(app, world)


def test_chosen_people_are_kept_when_the_form_comes_back(client, login_as, world):
    login_as("editor")
    data = log_data(world, occurred_on="nonsense")
    page = client.post("/conversations/new", data=data).get_data(as_text=True)
    assert 'value="nonsense"' in page
    for person in ("Ann Jones", "Bryn Llŷr"):
        assert person in page
    chosen = page.split('class="picker-chosen"')[1].split("</div>\n    ")[0]
    assert f'value="{world.ann}"' in chosen and "checked" in chosen
    assert '<option value="supportive" selected>' in page


def test_a_date_one_day_ahead_is_allowed(app, client, login_as, world):
    """Time zones and late-night logging: tomorrow is accepted, the day after is not."""
    login_as("editor")
    response = client.post("/conversations/new", data=log_data(world, occurred_on=_in_future(1)))
    assert response.status_code == 302


def test_archived_contact_is_refused(app, client, login_as, world):
    login_as("editor")
    with app.app_context():
        db.session.get(Contact, world.bryn).archived = True
        db.session.commit()
    response = client.post("/conversations/new", data=log_data(world))
    assert response.status_code == 422
    assert "Bryn Llŷr: archived" in response.get_data(as_text=True)
    _nothing_written(app, world)


def test_archived_organisation_chosen_directly_is_refused(app, client, login_as, world):
    login_as("editor")
    with app.app_context():
        db.session.get(Organisation, world.cafe).archived = True
        db.session.commit()
    data = log_data(world, contact_ids=[str(world.ann)], organisation_ids=[str(world.cafe)])
    response = client.post("/conversations/new", data=data)
    assert response.status_code == 422
    assert "Wellbeing Cafe: archived" in response.get_data(as_text=True)
    _nothing_written(app, world)


def test_service_refuses_what_the_form_would_have_caught(app, world, users):
    """The service is the authority: callers that skip the form still get FieldErrors."""
    from crm.auth.models import User
    from crm.core.errors import FieldError
    from crm.logbook.services import log_conversation

    with app.app_context():
        actor = db.session.get(User, users["editor"])
        base = {
            "occurred_on": today_london(),
            "occurred_at": None,
            "channel": "call",
            "outcome": "reached",
            "summary": "",
            "contact_ids": [world.ann],
            "organisation_ids": [],
            "proposals": {},
        }
        for change, field in (
            ({"contact_ids": []}, "contact_ids"),
            ({"occurred_on": today_london() + timedelta(days=5)}, "occurred_on"),
            ({"channel": "pigeon"}, "channel"),
            ({"proposals": {world.proposal: "ecstatic"}}, "proposals"),
            ({"outcome": "no_answer", "proposals": {world.proposal: "supportive"}}, "proposals"),
        ):
            with pytest.raises(FieldError) as caught:
                log_conversation({**base, **change}, actor)
            assert caught.value.field == field
            db.session.rollback()
