"""The rules of DESIGN.md section 3, as pure functions over plain values."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from crm.checklists.timeline import Timeline, Warning, consult_by, timeline
from crm.checklists.workdays import (
    DEFAULT_CLOSURES,
    UK_NATIONS,
    ClosurePeriod,
    WorkCalendar,
    public_holidays,
)

# Every rule of section 3 can be imported from here, including the re-exports
# of the calendar and timeline modules.
__all__ = [
    "AGREED",
    "CONSULT_STATES",
    "DEFAULT_CLOSURES",
    "DEFAULT_ENGAGEMENT",
    "ENGAGEMENT_LEVELS",
    "LOAD_FLAG_THRESHOLD",
    "LOAD_WINDOW_DAYS",
    "NamingFact",
    "MUST_CONSULT_LEVELS",
    "OUTCOMES",
    "ROLES",
    "SIGN_OFF_LEVELS",
    "UK_NATIONS",
    "ClosurePeriod",
    "ConsultState",
    "ConversationFact",
    "Readiness",
    "StakeFact",
    "Timeline",
    "Warning",
    "WorkCalendar",
    "attempt_summary",
    "checklist_sort_key",
    "consult_by",
    "consult_state",
    "consultation_load",
    "default_engagement",
    "load_is_high",
    "load_message",
    "must_consult",
    "needs_sign_off",
    "public_holidays",
    "readiness_line",
    "ready_to_draft",
    "ready_to_submit",
    "stay_in_touch_overdue",
    "stay_in_touch_sort_key",
    "timeline",
]

ENGAGEMENT_LEVELS = ("inform", "consult", "involve", "collaborate", "empower")
MUST_CONSULT_LEVELS = frozenset({"consult", "involve", "collaborate", "empower"})
SIGN_OFF_LEVELS = frozenset({"collaborate", "empower"})
ROLES = (
    "lead",
    "co_producer",
    "delivery_partner",
    "funder",
    "decision_maker",
    "affected",
    "informed",
)
DEFAULT_ENGAGEMENT = {
    "lead": "collaborate",
    "co_producer": "collaborate",
    "delivery_partner": "involve",
    "funder": "consult",
    "decision_maker": "consult",
    "affected": "consult",
    "informed": "inform",
}
OUTCOMES = ("reached", "no_answer", "left_message")
AGREED = frozenset({"agreed", "agreed_with_conditions"})
CONSULT_STATES = ("consulted", "attempted", "not_yet", "waived")
LOAD_WINDOW_DAYS = 90
LOAD_FLAG_THRESHOLD = 3

_DONE_STATES = frozenset({"consulted", "waived"})
# Consulted and waived rows share the last place.
_STATE_ORDER = {"not_yet": 0, "attempted": 1}


# 3.1 Consulted


@dataclass(frozen=True)
class ConversationFact:
    """One conversation as seen for one (organisation, proposal)."""

    occurred_on: date
    outcome: str


@dataclass(frozen=True)
class ConsultState:
    """Whether an organisation has been consulted on a proposal, and the attempts."""

    state: str
    consulted_on: date | None
    attempts: int
    last_attempt_on: date | None
    last_conversation_on: date | None


def consult_state(
    conversations: Iterable[ConversationFact], consultation_start: date, waived: bool
) -> ConsultState:
    """Work out the consult state from conversations since the start (DESIGN 3.1)."""
    reached: list[date] = []
    attempted: list[date] = []
    for conversation in conversations:
        if conversation.outcome not in OUTCOMES:
            raise ValueError(f"Unknown outcome: {conversation.outcome!r}")
        if conversation.occurred_on < consultation_start:
            continue
        target = reached if conversation.outcome == "reached" else attempted
        target.append(conversation.occurred_on)
    if reached:
        state = "consulted"  # a real consultation beats a waiver
    elif waived:
        state = "waived"
    elif attempted:
        state = "attempted"
    else:
        state = "not_yet"
    return ConsultState(
        state=state,
        consulted_on=min(reached, default=None),
        attempts=len(attempted),
        last_attempt_on=max(attempted, default=None),
        last_conversation_on=max(reached + attempted, default=None),
    )


def attempt_summary(state: ConsultState) -> str | None:
    """Describe the attempts, e.g. 'Tried twice, last Tue 1 Dec'; None without any."""
    if state.attempts == 0 or state.last_attempt_on is None:
        return None
    times = {1: "once", 2: "twice"}.get(state.attempts, f"{state.attempts} times")
    last = state.last_attempt_on
    return f"Tried {times}, last {last:%a} {last.day} {last:%b}"


# 3.2 Must consult


def _check_level(engagement_level: str) -> None:
    """Raise ValueError for an engagement level that is not IAP2."""
    if engagement_level not in ENGAGEMENT_LEVELS:
        raise ValueError(f"Unknown engagement level: {engagement_level!r}")


def must_consult(engagement_level: str) -> bool:
    """Whether a stake at this level must be consulted before drafting."""
    _check_level(engagement_level)
    return engagement_level in MUST_CONSULT_LEVELS


def needs_sign_off(engagement_level: str) -> bool:
    """Whether a stake at this level must agree before submitting."""
    _check_level(engagement_level)
    return engagement_level in SIGN_OFF_LEVELS


def default_engagement(role: str) -> str:
    """Return the default engagement level for a stake's role."""
    if role not in DEFAULT_ENGAGEMENT:
        raise ValueError(f"Unknown role: {role!r}")
    return DEFAULT_ENGAGEMENT[role]


# 3.3 Ready to draft, ready to submit


@dataclass(frozen=True)
class StakeFact:
    """What readiness needs to know about one stake."""

    organisation_id: int
    organisation_name: str
    engagement_level: str
    state: str
    agreement: str


@dataclass(frozen=True)
class NamingFact:
    """An organisation the latest draft names, and whether it agreed to be named there.

    `agreed` is True when it agreed on passages unchanged since (worked out by the
    co-production feature, crm/coproduction/rules.py); `state` says why not otherwise.
    """

    organisation_id: int
    organisation_name: str
    state: str
    agreed: bool
    label: str = ""  # the state in words ("Changed since they agreed: ask again")


@dataclass(frozen=True)
class Readiness:
    """Whether a proposal may move on, and the stakes (and named organisations) that block it."""

    ready: bool
    outstanding: tuple[StakeFact, ...]
    naming: tuple[NamingFact, ...] = ()


def ready_to_draft(stakes: Iterable[StakeFact]) -> Readiness:
    """Ready when every must-consult stake is consulted or waived."""
    outstanding = tuple(
        stake
        for stake in stakes
        if must_consult(stake.engagement_level) and stake.state not in _DONE_STATES
    )
    return Readiness(not outstanding, outstanding)


def ready_to_submit(stakes: Iterable[StakeFact], naming: Iterable[NamingFact] = ()) -> Readiness:
    """Ready when every collaborate or empower stake has agreed, and every organisation
    the latest draft names has agreed to be named on passages unchanged since."""
    outstanding = tuple(
        stake
        for stake in stakes
        if needs_sign_off(stake.engagement_level) and stake.agreement not in AGREED
    )
    unnamed = tuple(fact for fact in naming if not fact.agreed)
    return Readiness(not outstanding and not unnamed, outstanding, unnamed)


def readiness_line(stakes: Iterable[StakeFact]) -> str:
    """Summarise must-consult stakes, e.g. '9 of 11 partners consulted; 1 waived'."""
    states = Counter(stake.state for stake in stakes if must_consult(stake.engagement_level))
    total = sum(states.values())
    if total == 0:
        return "No partners must be consulted"
    noun = "partner" if total == 1 else "partners"
    parts = [f"{states['consulted']} of {total} {noun} consulted"]
    for state, label in (
        ("waived", "waived"),
        ("attempted", "tried"),
        ("not_yet", "not yet"),
    ):
        if states[state]:
            parts.append(f"{states[state]} {label}")
    return "; ".join(parts)


def checklist_sort_key(state: str, influence: int | None, name: str) -> tuple[int, int, str]:
    """Order checklist rows: not yet, then tried, then done; by influence, then name."""
    return (_STATE_ORDER.get(state, 2), -(influence or 0), name.casefold())


# 3.5 Stay in touch


def stay_in_touch_overdue(
    last_reached_on: date | None, cadence_days: int | None, today: date
) -> int | None:
    """Return how many days overdue an organisation is for contact, or None."""
    if cadence_days is None:
        return None
    if cadence_days < 1:
        raise ValueError(f"cadence_days must be at least 1, got {cadence_days}")
    if last_reached_on is None:
        # Never reached: overdue by a whole cadence, so it ranks with real lapses.
        return cadence_days
    overdue = (today - last_reached_on).days - cadence_days
    return overdue if overdue > 0 else None


def stay_in_touch_sort_key(days_overdue: int, name: str) -> tuple[int, str]:
    """Order overdue relationships longest first, then by name."""
    return (-days_overdue, name.casefold())


# 3.6 Consultation load


def consultation_load(asked: Iterable[tuple[int, date]], today: date) -> int:
    """Count distinct proposals an organisation was asked about in the last 90 days."""
    since = today - timedelta(days=LOAD_WINDOW_DAYS)
    return len({proposal_id for proposal_id, day in asked if since < day <= today})


def load_is_high(load: int) -> bool:
    """Whether the organisation is asked about enough proposals to flag."""
    return load >= LOAD_FLAG_THRESHOLD


def load_message(load: int) -> str | None:
    """Return the flag text for a high consultation load, or None."""
    if not load_is_high(load):
        return None
    return (
        f"Asked about {load} proposals in {LOAD_WINDOW_DAYS} days: "
        "small groups get asked a lot. Can one conversation cover several?"
    )
