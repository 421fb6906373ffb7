"""Status changes with their overrides (DESIGN.md 3.3); the lifecycle is crm/rules/lifecycle.py."""

from __future__ import annotations

from dataclasses import dataclass

from crm import rules
from crm.audit.services import record
from crm.core.db import utcnow
from crm.core.errors import FieldError
from crm.core.extensions import db
from crm.proposals.models import Proposal, StatusChange
from crm.proposals.queries import naming_facts_for, stake_facts, stake_rows
from crm.rules.lifecycle import can_move, override_needed
from crm.rules.vocabulary import OVERRIDE_KINDS, STATUSES

REASON_MAX = 2000


class OverrideNeeded(FieldError):
    """A move that needs an override reason was asked for without one."""

    def __init__(
        self,
        kind: str,
        outstanding: tuple[rules.StakeFact, ...],
        naming: tuple[rules.NamingFact, ...] = (),
    ):
        if kind == "drafting" and not outstanding:
            message = "Say why drafting starts before any organisation with a stake is recorded."
        elif kind == "drafting":
            message = "Say why drafting starts before these partners are consulted."
        elif outstanding:
            message = "Say why this is submitted before these partners have agreed."
        else:
            message = (
                "Say why this is submitted before the organisations the draft names have "
                "agreed to be named."
            )
        super().__init__("reason", message)
        self.kind = kind
        self.outstanding = outstanding
        self.naming = naming


class MoveNotAllowed(ValueError):
    """The lifecycle does not allow this move (e.g. someone else moved the proposal first)."""


@dataclass(frozen=True)
class Check:
    """What a status move would need: the override kind and outstanding stakes, if any."""

    kind: str | None
    outstanding: tuple[rules.StakeFact, ...]
    naming: tuple[rules.NamingFact, ...] = ()


def check_move(
    proposal: Proposal,
    to_status: str,
    facts: list[rules.StakeFact],
    naming: list[rules.NamingFact] | tuple = (),
) -> Check:
    """Whether moving `proposal` to `to_status` needs an override, given its stake facts
    and who its latest draft names (naming facts, from `queries.naming_facts_for`)."""
    needed = override_needed(
        proposal.status,
        to_status,
        rules.ready_to_draft(facts),
        rules.ready_to_submit(facts, naming),
    )
    if needed is None:
        return Check(None, ())
    kind, readiness = needed
    return Check(kind, readiness.outstanding, readiness.naming)


def _outstanding_json(check: Check) -> list[dict]:
    """The organisations outstanding at this moment, as stored on the StatusChange;
    those named in the draft without consent carry "naming" (their consent state)."""
    entries = [
        {
            "id": fact.organisation_id,
            "name": fact.organisation_name,
            "state": fact.state,
            "agreement": fact.agreement,
        }
        for fact in check.outstanding
    ]
    for fact in check.naming:
        entry = next((e for e in entries if e["id"] == fact.organisation_id), None)
        if entry is None:
            entry = {"id": fact.organisation_id, "name": fact.organisation_name}
            entries.append(entry)
        entry["naming"] = fact.state
    return entries


def change_status(proposal: Proposal, to_status: str, reason: str | None, actor) -> StatusChange:
    """Move a proposal along its lifecycle, recording the change and any override.

    Raises MoveNotAllowed for a move the lifecycle does not allow and OverrideNeeded
    (a FieldError on "reason") when the move needs an override reason and none is given.
    """
    if to_status not in STATUSES or not can_move(proposal.status, to_status):
        raise MoveNotAllowed(
            f"A proposal that is {proposal.status_label.lower()} cannot move to "
            f"{STATUSES.get(to_status, to_status).lower()}."
        )
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise FieldError("reason", f"Keep the reason under {REASON_MAX} characters.")
    rows = stake_rows(proposal)
    naming = naming_facts_for([proposal], {proposal.id: rows})[proposal.id]
    check = check_move(proposal, to_status, stake_facts(rows), naming)
    if check.kind and not reason:
        raise OverrideNeeded(check.kind, check.outstanding, check.naming)
    from_status = proposal.status
    change = StatusChange(
        proposal_id=proposal.id,
        from_status=from_status,
        to_status=to_status,
        changed_by_id=getattr(actor, "id", None),
        changed_at=utcnow(),
        override_kind=check.kind,
        override_reason=reason if check.kind else None,
        outstanding=_outstanding_json(check),
    )
    db.session.add(change)
    proposal.status = to_status
    record(
        "status_change",
        proposal,
        actor,
        {"status": (from_status, to_status)},
        summary=f"{STATUSES[from_status]} to {STATUSES[to_status]}",
    )
    if check.kind:
        names = list(
            dict.fromkeys(
                [fact.organisation_name for fact in check.outstanding]
                + [fact.organisation_name for fact in check.naming]
            )
        )
        record(
            "override",
            proposal,
            actor,
            {
                "override_kind": (None, check.kind),
                "override_reason": (None, reason),
                "outstanding": (None, names),
            },
            # The reason is free text that may name people: it stays on the StatusChange.
            summary=f"{OVERRIDE_KINDS[check.kind]} ({len(names)} outstanding)",
        )
    return change
