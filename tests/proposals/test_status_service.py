"""DESIGN.md 3.3 through services.change_status: ready to draft, ready to submit, overrides."""

from datetime import date

import pytest
from sqlalchemy import select

from crm.audit.models import AuditEntry
from crm.core.db import utcnow
from crm.core.errors import FieldError
from crm.core.extensions import db
from crm.proposals import status
from crm.proposals.models import StatusChange
from crm.proposals.status import MoveNotAllowed, OverrideNeeded
from tests import factories
from tests.proposals.builders import actor, talk


def _changes(proposal):
    return db.session.scalars(
        select(StatusChange).where(StatusChange.proposal_id == proposal.id)
    ).all()


def _actions(proposal):
    return [
        entry.action
        for entry in db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_type == "proposals", AuditEntry.entity_id == proposal.id)
            .order_by(AuditEntry.id)
        )
    ]


@pytest.fixture
def editor(ctx, users):
    return actor(users)


def test_unconsulted_must_consult_stake_needs_a_reason(editor):
    proposal = factories.proposal(status="consulting")
    mind = factories.organisation("Mind")
    cafe = factories.organisation("Wellbeing Café")
    factories.stake(mind, proposal, role="affected")  # consult
    factories.stake(cafe, proposal, role="co_producer")  # collaborate
    talk(cafe, proposal)
    with pytest.raises(OverrideNeeded) as raised:
        status.change_status(proposal, "drafting", "  ", editor)
    assert raised.value.field == "reason"
    assert raised.value.kind == "drafting"
    assert [fact.organisation_name for fact in raised.value.outstanding] == ["Mind"]
    assert proposal.status == "consulting"
    assert _changes(proposal) == []


def test_override_is_recorded_with_the_organisations_outstanding(editor):
    proposal = factories.proposal(status="consulting")
    mind = factories.organisation("Mind")
    peer = factories.organisation("Peer Network")
    factories.stake(mind, proposal, role="affected")
    factories.stake(peer, proposal, role="lead")
    talk(peer, proposal, "no_answer")
    change = status.change_status(proposal, "drafting", "Board date moved forward", editor)
    db.session.flush()
    assert proposal.status == "drafting"
    assert change.override_kind == "drafting"
    assert change.override_reason == "Board date moved forward"
    assert change.changed_by_id == editor.id
    assert [(o["id"], o["name"], o["state"]) for o in change.outstanding] == [
        (mind.id, "Mind", "not_yet"),
        (peer.id, "Peer Network", "attempted"),
    ]
    assert _actions(proposal) == ["status_change", "override"]
    override = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "override"))
    # The reason is free text: kept on the StatusChange, not in the audit log.
    assert override.changes["override_reason"] == [None, "(personal data, not kept)"]
    assert override.changes["outstanding"] == [None, "(personal data, not kept)"]
    assert override.summary == "Drafted before consulting (2 outstanding)"


def test_ready_to_draft_needs_no_reason_and_records_no_override(editor):
    proposal = factories.proposal(status="consulting")
    org = factories.organisation()
    factories.stake(org, proposal, role="funder")
    talk(org, proposal)
    change = status.change_status(proposal, "drafting", "not needed", editor)
    assert change.override_kind is None and change.override_reason is None
    assert change.outstanding == []
    assert _actions(proposal) == ["status_change"]


def test_attempts_do_not_count_as_consulted(editor):
    proposal = factories.proposal(status="consulting")
    org = factories.organisation()
    factories.stake(org, proposal)
    talk(org, proposal, "left_message")
    with pytest.raises(OverrideNeeded):
        status.change_status(proposal, "drafting", None, editor)


def test_inform_stakes_never_block(editor):
    proposal = factories.proposal(status="consulting")
    factories.stake(factories.organisation(), proposal, role="informed")
    factories.stake(factories.organisation(), proposal, role="lead", engagement_level="inform")
    status.change_status(proposal, "drafting", None, editor)
    status.change_status(proposal, "in_review", None, editor)
    change = status.change_status(proposal, "submitted", None, editor)
    assert change.override_kind is None
    assert proposal.status == "submitted"


def test_waived_counts_for_drafting_but_not_for_submission(editor):
    proposal = factories.proposal(status="consulting")
    org = factories.organisation("Lead Org")
    factories.stake(org, proposal, role="lead", waiver_reason="Away", waived_at=utcnow())
    assert status.change_status(proposal, "drafting", None, editor).override_kind is None
    status.change_status(proposal, "in_review", None, editor)
    with pytest.raises(OverrideNeeded) as raised:
        status.change_status(proposal, "submitted", "", editor)
    assert raised.value.kind == "submission"
    change = status.change_status(proposal, "submitted", "Chair agreed by email", editor)
    assert change.override_kind == "submission"
    assert change.outstanding[0]["name"] == "Lead Org"
    assert change.outstanding[0]["agreement"] == "not_asked"
    assert change.outstanding[0]["state"] == "waived"


@pytest.mark.parametrize(
    ("level", "agreement", "blocks"),
    [
        ("collaborate", "not_asked", True),
        ("collaborate", "asked", True),
        ("empower", "declined", True),
        ("collaborate", "agreed", False),
        ("empower", "agreed_with_conditions", False),
        ("involve", "not_asked", False),
        ("consult", "declined", False),
    ],
)
def test_submission_needs_collaborate_and_empower_agreement(editor, level, agreement, blocks):
    proposal = factories.proposal(status="in_review")
    org = factories.organisation()
    factories.stake(
        org,
        proposal,
        role="lead",
        engagement_level=level,
        agreement=agreement,
        agreement_date=date(2026, 11, 1) if agreement.startswith("agreed") else None,
    )
    talk(org, proposal)
    if blocks:
        with pytest.raises(OverrideNeeded):
            status.change_status(proposal, "submitted", None, editor)
        assert proposal.status == "in_review"
    else:
        assert status.change_status(proposal, "submitted", None, editor).override_kind is None


def test_stepping_back_needs_no_reason(editor):
    proposal = factories.proposal(status="in_review")
    factories.stake(factories.organisation(), proposal, role="affected")
    change = status.change_status(proposal, "drafting", None, editor)
    assert change.override_kind is None
    assert change.from_status == "in_review"


def test_a_proposal_without_stakes_is_not_ready(editor):
    """Nobody recorded is not everybody consulted: drafting needs a reason (issue 14, point 8)."""
    proposal = factories.proposal(status="consulting")
    with pytest.raises(OverrideNeeded) as raised:
        status.change_status(proposal, "drafting", None, editor)
    assert "before any organisation with a stake is recorded" in raised.value.message
    change = status.change_status(proposal, "drafting", "Scoping only", editor)
    assert change.override_kind == "drafting" and change.outstanding == []


def test_moves_the_lifecycle_does_not_allow(editor):
    proposal = factories.proposal(status="decided")
    with pytest.raises(MoveNotAllowed):
        status.change_status(proposal, "withdrawn", "x", editor)
    with pytest.raises(MoveNotAllowed):
        status.change_status(proposal, "nonsense", "x", editor)
    assert _changes(proposal) == []


def test_withdraw_and_reopen_are_recorded(editor):
    proposal = factories.proposal(status="drafting")
    status.change_status(proposal, "withdrawn", None, editor)
    status.change_status(proposal, "idea", None, editor)
    db.session.flush()
    moves = [(c.from_status, c.to_status) for c in _changes(proposal)]
    assert moves == [("drafting", "withdrawn"), ("withdrawn", "idea")]
    assert _actions(proposal) == ["status_change", "status_change"]


def test_an_overlong_reason_is_refused(editor):
    proposal = factories.proposal(status="consulting")
    factories.stake(factories.organisation(), proposal)
    with pytest.raises(FieldError) as raised:
        status.change_status(proposal, "drafting", "x" * 2001, editor)
    assert "2000" in raised.value.message
