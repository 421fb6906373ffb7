"""Rules 3.1 to 3.3 of DESIGN.md: consulted, must consult, ready to draft and to submit."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from crm.rules.vocabulary import ENGAGEMENT_LEVELS, OUTCOMES, STAKE_ROLES

MUST_CONSULT_LEVELS = frozenset({"consult", "involve", "collaborate", "empower"})
SIGN_OFF_LEVELS = frozenset({"collaborate", "empower"})
# Rule 3.2: a stake's engagement level unless the user changes it, for every role.
DEFAULT_ENGAGEMENT = {
    "lead": "collaborate",
    "co_producer": "collaborate",
    "delivery_partner": "involve",
    "funder": "consult",
    "decision_maker": "consult",
    "affected": "consult",
    "informed": "inform",
}
AGREED = frozenset({"agreed", "agreed_with_conditions"})

# States of a must-consult stake that still needs a call.
TO_CALL = frozenset({"not_yet", "attempted"})
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


@dataclass(frozen=True)
class ConsultFacts:
    """What the conversations since the consultation start say of one stake, before any
    waiver: what each stake keeps (crm/proposals/consultation.py) so no page rereads them."""

    consulted_on: date | None = None
    attempts: int = 0
    last_attempt_on: date | None = None
    last_conversation_on: date | None = None


def consult_facts(
    conversations: Iterable[ConversationFact], consultation_start: date
) -> ConsultFacts:
    """The first reached day, the attempts and the latest days since the start (DESIGN 3.1)."""
    reached: list[date] = []
    attempted: list[date] = []
    for conversation in conversations:
        OUTCOMES.check(conversation.outcome)
        if conversation.occurred_on < consultation_start:
            continue
        target = reached if conversation.outcome == "reached" else attempted
        target.append(conversation.occurred_on)
    return ConsultFacts(
        consulted_on=min(reached, default=None),
        attempts=len(attempted),
        last_attempt_on=max(attempted, default=None),
        last_conversation_on=max(reached + attempted, default=None),
    )


def state_of(facts: ConsultFacts, waived: bool) -> ConsultState:
    """The consult state from a stake's facts and whether it is waived."""
    if facts.consulted_on is not None:
        state = "consulted"  # a real consultation beats a waiver
    elif waived:
        state = "waived"
    elif facts.attempts:
        state = "attempted"
    else:
        state = "not_yet"
    return ConsultState(
        state=state,
        consulted_on=facts.consulted_on,
        attempts=facts.attempts,
        last_attempt_on=facts.last_attempt_on,
        last_conversation_on=facts.last_conversation_on,
    )


def consult_state(
    conversations: Iterable[ConversationFact], consultation_start: date, waived: bool
) -> ConsultState:
    """Work out the consult state from conversations since the start (DESIGN 3.1)."""
    return state_of(consult_facts(conversations, consultation_start), waived)


def attempt_summary(state: ConsultState) -> str | None:
    """Describe the attempts, e.g. 'Tried twice, last Tue 1 Dec'; None without any."""
    if state.attempts == 0 or state.last_attempt_on is None:
        return None
    times = {1: "once", 2: "twice"}.get(state.attempts, f"{state.attempts} times")
    last = state.last_attempt_on
    return f"Tried {times}, last {last:%a} {last.day} {last:%b}"


@dataclass(frozen=True)
class StateLabel:
    """How a stake's consult state reads, the same on every page, sheet and PDF.

    `text` is the badge ("Tried twice, last Tue 1 Dec"), `detail` what follows it
    (the date consulted, the waiver's reason, who waived and when), `sentence` the
    whole in one line for call sheets and reports, and `tone` the badge's colour
    (success, warning, danger, info or light).
    """

    code: str
    text: str
    detail: str
    tone: str
    sentence: str


def _day(value: date | None) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}" if value else ""


def waiver_detail(reason: str | None, waived_by: str | None, waived_on: date | None) -> str:
    """'Dr Jenkins asked ... (Alex Morgan, Fri 20 Nov 2026)': the reason, who and when."""
    who = ", ".join(part for part in (waived_by, _day(waived_on)) if part)
    return (reason or "").strip() + (f" ({who})" if who else "")


def state_label(
    state: ConsultState,
    must: bool,
    waiver_reason: str | None = None,
    waived_by: str | None = None,
    waived_on: date | None = None,
) -> StateLabel:
    """The words for a stake's consult state; inform-only stakes are to be sent the draft."""
    if state.state == "consulted":
        on = _day(state.consulted_on)
        return StateLabel("consulted", "Consulted", on, "success", f"Consulted on {on}")
    if not must:
        return StateLabel(
            "inform", "Send the draft", "", "light", "Send the draft (inform only, no call needed)"
        )
    if state.state == "waived":
        detail = waiver_detail(waiver_reason, waived_by, waived_on)
        return StateLabel("waived", "Waived", detail, "info", f"Waived: {detail}")
    if state.state == "attempted":
        tried = attempt_summary(state) or "Tried"
        return StateLabel("attempted", tried, "", "warning", tried)
    return StateLabel("not_yet", "Not yet", "", "danger", "Not yet contacted")


# 3.2 Must consult


def _check_level(engagement_level: str) -> None:
    """Raise ValueError for an engagement level that is not IAP2."""
    ENGAGEMENT_LEVELS.check(engagement_level)


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
    return DEFAULT_ENGAGEMENT[STAKE_ROLES.check(role)]


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
    """Whether a proposal may move on, and the stakes (and named organisations) that block it.

    `no_stakes` is set when no organisation has a stake at all: there is nobody to consult
    yet, which is not the same as having consulted everyone (see NO_STAKES).
    """

    ready: bool
    outstanding: tuple[StakeFact, ...]
    naming: tuple[NamingFact, ...] = ()
    no_stakes: bool = False


# What every page says of a proposal with no stakes at all: what is missing and what to do.
NO_STAKES = "No partners yet: add the organisations with a stake in this proposal"


def ready_to_draft(stakes: Iterable[StakeFact]) -> Readiness:
    """Ready when every must-consult stake is consulted or waived; a proposal with no
    stakes at all is not ready (nobody has been asked because nobody is recorded)."""
    stakes = list(stakes)
    if not stakes:
        return Readiness(False, (), no_stakes=True)
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
    stakes = list(stakes)
    if not stakes:
        return NO_STAKES
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
