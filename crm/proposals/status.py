"""The proposal lifecycle and status changes with their overrides (DESIGN.md 3.3).

Forward moves go one step at a time (idea -> consulting -> drafting -> in review ->
submitted -> decided); any status may step one back to correct a mistaken click; any
status but decided may be withdrawn; a withdrawn proposal reopens as an idea. The
readiness checks apply to forward moves only: stepping back from in review to drafting
is not starting to draft, and the earlier move was already checked and recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from crm.audit.services import record
from crm.checklists import rules
from crm.db import utcnow
from crm.errors_domain import FieldError
from crm.extensions import db
from crm.proposals.models import OVERRIDE_KINDS, STATUSES, Proposal, StatusChange
from crm.proposals.queries import naming_facts_for, stake_facts, stake_rows

LIFECYCLE = ("idea", "consulting", "drafting", "in_review", "submitted", "decided")
_ORDER = {status: index for index, status in enumerate(LIFECYCLE)}

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "idea": ("consulting", "withdrawn"),
    "consulting": ("drafting", "idea", "withdrawn"),
    "drafting": ("in_review", "consulting", "withdrawn"),
    "in_review": ("submitted", "drafting", "withdrawn"),
    "submitted": ("decided", "in_review", "withdrawn"),
    "decided": ("submitted",),
    "withdrawn": ("idea",),
}

_FORWARD_LABELS = {
    "consulting": "Start consulting",
    "drafting": "Start drafting",
    "in_review": "Send for review",
    "submitted": "Mark as submitted",
    "decided": "Mark as decided",
    "withdrawn": "Withdraw",
}
REASON_MAX = 2000


def allowed_moves(status: str) -> tuple[str, ...]:
    """The statuses a proposal in `status` may move to, forward first."""
    return TRANSITIONS.get(status, ())


def can_move(from_status: str, to_status: str) -> bool:
    """Whether the lifecycle allows this move."""
    return to_status in allowed_moves(from_status)


def is_forward(from_status: str, to_status: str) -> bool:
    """Whether the move goes forward along the lifecycle (withdrawing is not)."""
    return from_status in _ORDER and to_status in _ORDER and _ORDER[to_status] > _ORDER[from_status]


def move_label(from_status: str, to_status: str) -> str:
    """The button text for a move, e.g. 'Start drafting' or 'Back to consulting'."""
    if from_status == "withdrawn":
        return "Reopen as an idea"
    if is_forward(from_status, to_status) or to_status == "withdrawn":
        return _FORWARD_LABELS[to_status]
    return f"Back to {STATUSES[to_status].lower()}"


def _crosses(from_status: str, to_status: str, gate: str) -> bool:
    """Whether a forward move reaches `gate` from before it."""
    return (
        is_forward(from_status, to_status)
        and _ORDER[from_status] < _ORDER[gate] <= _ORDER[to_status]
    )


def override_needed(
    from_status: str, to_status: str, draft: rules.Readiness, submit: rules.Readiness
) -> tuple[str, rules.Readiness] | None:
    """(override kind, the unready Readiness) when the move needs a reason, else None."""
    if _crosses(from_status, to_status, "drafting") and not draft.ready:
        return "drafting", draft
    if _crosses(from_status, to_status, "submitted") and not submit.ready:
        return "submission", submit
    return None


class OverrideNeeded(FieldError):
    """A move that needs an override reason was asked for without one."""

    def __init__(
        self,
        kind: str,
        outstanding: tuple[rules.StakeFact, ...],
        naming: tuple[rules.NamingFact, ...] = (),
    ):
        if kind == "drafting":
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
