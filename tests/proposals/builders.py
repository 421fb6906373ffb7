"""Builders for proposal tests: conversations about a proposal, milestones, the actor."""

from __future__ import annotations

from datetime import UTC, date, datetime

from crm.auth.models import User
from crm.conversations.models import ConversationProposal
from crm.core.extensions import db
from crm.organisations.models import Organisation
from crm.proposals.models import Milestone, Proposal
from tests import factories

START = date(2026, 10, 1)  # factories.proposal's consultation start


def talk(
    organisation: Organisation,
    proposal: Proposal,
    outcome: str = "reached",
    on: date = date(2026, 11, 2),
    deleted: bool = False,
):
    """A conversation with an organisation about a proposal."""
    return factories.conversation(
        organisations=[organisation],
        occurred_on=on,
        outcome=outcome,
        proposal_links=[ConversationProposal(proposal_id=proposal.id)],
        deleted_at=datetime(2026, 11, 3, tzinfo=UTC) if deleted else None,
    )


def milestone(proposal: Proposal, name: str, due_on: date, deadline: bool = False) -> Milestone:
    obj = Milestone(
        proposal_id=proposal.id, name=name, due_on=due_on, is_submission_deadline=deadline
    )
    db.session.add(obj)
    db.session.flush()
    return obj


def actor(users: dict[str, int], role: str = "editor") -> User:
    return db.session.get(User, users[role])
