"""Milestones: one submission deadline per proposal, the forms and their bad input."""

from datetime import date

import pytest
from sqlalchemy import func, select

from crm.audit.models import AuditEntry
from crm.core.errors import FieldError
from crm.core.extensions import db
from crm.proposals import services
from crm.proposals.models import Milestone, Proposal
from tests import factories
from tests.proposals.builders import actor, milestone


def _deadlines(proposal_id):
    return db.session.scalars(
        select(Milestone.name).where(
            Milestone.proposal_id == proposal_id, Milestone.is_submission_deadline.is_(True)
        )
    ).all()


def test_adding_a_new_deadline_unsets_the_old_one(ctx, users):
    editor = actor(users)
    proposal = factories.proposal()
    other = factories.proposal()
    milestone(other, "Other proposal's deadline", date(2026, 12, 1), deadline=True)
    services.add_milestone(
        proposal,
        {"name": "Board", "due_on": date(2026, 12, 15), "is_submission_deadline": True},
        editor,
    )
    services.add_milestone(
        proposal,
        {"name": "Steering group", "due_on": date(2026, 12, 1), "is_submission_deadline": True},
        editor,
    )
    db.session.flush()
    assert _deadlines(proposal.id) == ["Steering group"]
    assert _deadlines(other.id) == ["Other proposal's deadline"]
    updates = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.entity_type == "milestones", AuditEntry.action == "update"
        )
    ).all()
    assert [entry.changes for entry in updates] == [{"is_submission_deadline": [True, False]}]


def test_marking_an_earlier_milestone_moves_the_deadline(ctx, users):
    editor = actor(users)
    proposal = factories.proposal()
    first = milestone(proposal, "Steering group", date(2026, 12, 1))
    milestone(proposal, "Board", date(2026, 12, 15), deadline=True)
    services.update_milestone(
        first,
        {"name": "Steering group", "due_on": date(2026, 12, 2), "is_submission_deadline": True},
        editor,
        first.version,
    )
    db.session.flush()
    assert _deadlines(proposal.id) == ["Steering group"]
    assert first.due_on == date(2026, 12, 2)


def test_milestone_service_checks(ctx, users):
    proposal = factories.proposal()
    with pytest.raises(FieldError) as raised:
        services.add_milestone(proposal, {"name": " ", "due_on": date(2026, 12, 1)}, actor(users))
    assert raised.value.field == "name"
    with pytest.raises(FieldError) as raised:
        services.add_milestone(proposal, {"name": "Board", "due_on": None}, actor(users))
    assert raised.value.field == "due_on"


def _setup(app):
    with app.app_context():
        proposal = factories.proposal()
        db.session.commit()
        return proposal.id


def _count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Milestone))


def test_add_edit_remove_through_the_pages(app, client, login_as):
    proposal_id = _setup(app)
    login_as("editor")
    response = client.post(
        f"/proposals/{proposal_id}/milestones/new",
        data={
            "name": "Health and Wellbeing Board",
            "due_on": "15 Dec 2026",
            "is_submission_deadline": "y",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "Health and Wellbeing Board" in page and "Submission deadline" in page
    with app.app_context():
        milestone_id = db.session.scalar(select(Milestone.id))
    response = client.post(
        f"/proposals/{proposal_id}/milestones/{milestone_id}/edit",
        data={"name": "Board", "due_on": "16/12/2026", "version": "1"},
    )
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(Milestone, milestone_id)
        assert (saved.name, saved.due_on, saved.is_submission_deadline) == (
            "Board",
            date(2026, 12, 16),
            False,
        )
    assert (
        client.post(f"/proposals/{proposal_id}/milestones/{milestone_id}/remove").status_code == 302
    )
    assert _count(app) == 0
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity_type == "milestones")
        ).all()
        assert actions == ["create", "update", "delete"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "due_on": "15/12/2026"}, "Enter a name"),
        ({"name": "Board", "due_on": ""}, "Enter a date"),
        ({"name": "Board", "due_on": "next week-ish"}, "is not a date we recognise"),
        ({"name": "B" * 201, "due_on": "15/12/2026"}, "200"),
    ],
)
def test_bad_milestone_input(app, client, login_as, data, message):
    proposal_id = _setup(app)
    login_as("editor")
    response = client.post(f"/proposals/{proposal_id}/milestones/new", data=data)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert message in text
    for value in data.values():
        if value:
            assert f'value="{value}"' in text
    assert _count(app) == 0


def test_bad_edit_keeps_the_old_values(app, client, login_as):
    proposal_id = _setup(app)
    with app.app_context():
        milestone_id = milestone(
            db.session.get(Proposal, proposal_id), "Board", date(2026, 12, 1)
        ).id
        db.session.commit()
    login_as("editor")
    response = client.post(
        f"/proposals/{proposal_id}/milestones/{milestone_id}/edit",
        data={"name": "Board", "due_on": "32/13/2026", "version": "1"},
    )
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(Milestone, milestone_id).due_on == date(2026, 12, 1)
