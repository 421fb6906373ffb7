"""The proposal lifecycle (DESIGN.md 3.3): moves, their labels, status groups, overrides.

Forward moves go one step at a time (idea -> consulting -> drafting -> in review ->
submitted -> decided); any status may step one back to correct a mistaken click; any
status but decided may be withdrawn; a withdrawn proposal reopens as an idea. The
readiness checks apply to forward moves only: stepping back from in review to drafting
is not starting to draft, and the earlier move was already checked and recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from crm.rules.consultation import Readiness
from crm.rules.vocabulary import STATUSES

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
    from_status: str, to_status: str, draft: Readiness, submit: Readiness
) -> tuple[str, Readiness] | None:
    """(override kind, the unready Readiness) when the move needs a reason, else None."""
    if _crosses(from_status, to_status, "drafting") and not draft.ready:
        return "drafting", draft
    if _crosses(from_status, to_status, "submitted") and not submit.ready:
        return "submission", submit
    return None


# Status groups: each named for what it is used for, defined here only.
# Decided or withdrawn: nothing more will happen to the proposal.
CLOSED = frozenset({"decided", "withdrawn"})
# Everything else: listed as a proposal in play (milestones, the log form's choices).
OPEN = frozenset(STATUSES) - CLOSED
# Still in the author's hands: partners to call, consult-by dates to meet, reminders.
IN_PREPARATION = frozenset({"idea", "consulting", "drafting", "in_review"})
# Before drafting starts: "ready to draft" is the question (after it, "ready to submit").
BEFORE_DRAFTING = frozenset({"idea", "consulting"})
# Drafting, before it leaves the author's hands: "ready to submit" is the question.
BEFORE_SUBMISSION = frozenset({"drafting", "in_review"})


def readiness_question(status: str) -> str | None:
    """Which readiness a proposal's badge answers now: "draft", "submit", or None after."""
    if status in BEFORE_DRAFTING:
        return "draft"
    if status in BEFORE_SUBMISSION:
        return "submit"
    return None


@dataclass(frozen=True)
class Badge:
    """A readiness badge: `text` in words, `tone` its colour (success, warning)."""

    code: str
    text: str
    tone: str


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def readiness_badges(status: str, draft: Readiness, submit: Readiness) -> tuple[Badge, ...]:
    """The badges a proposal in `status` shows, the same on every page.

    They answer only the question its status asks (readiness_question): before drafting,
    ready to draft or not (and a proposal with no stakes is not); while drafting and in
    review, ready to submit or not; after that, none. So a proposal never shows a drafting
    badge beside a submission one, nor "to consult" once drafting has started.
    """
    question = readiness_question(status)
    if question == "draft":
        if draft.no_stakes:
            return (Badge("no_stakes", "No partners yet", "warning"),)
        if draft.ready:
            return (Badge("ready_to_draft", "Ready to draft", "success"),)
        n = len(draft.outstanding)
        return (
            Badge("to_consult", _count(n, "partner to consult", "partners to consult"), "warning"),
        )
    if question == "submit":
        if submit.ready:
            return (Badge("ready_to_submit", "Ready to submit", "success"),)
        badges = []
        if submit.outstanding:
            n = len(submit.outstanding)
            badges.append(
                Badge("sign_off", _count(n, "sign-off needed", "sign-offs needed"), "warning")
            )
        if submit.naming:
            n = len(submit.naming)
            badges.append(Badge("naming", f"{n} named without consent", "warning"))
        return tuple(badges)
    return ()
