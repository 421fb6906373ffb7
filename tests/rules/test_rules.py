"""Tests for the rules of DESIGN.md section 3, called directly with plain values."""

from datetime import date

import pytest

from crm import rules
from crm.rules import (
    DEFAULT_ENGAGEMENT,
    MUST_CONSULT_LEVELS,
    SIGN_OFF_LEVELS,
    ConsultState,
    ConversationFact,
    StakeFact,
    attempt_summary,
    checklist_sort_key,
    consult_state,
    consultation_load,
    default_engagement,
    load_is_high,
    load_message,
    must_consult,
    needs_sign_off,
    readiness_line,
    ready_to_draft,
    ready_to_submit,
    stay_in_touch_overdue,
    stay_in_touch_sort_key,
    timing,
    workdays,
)
from crm.rules.vocabulary import ENGAGEMENT_LEVELS, STAKE_ROLES

START = date(2026, 11, 2)  # a Monday


def chat(day: date, outcome: str = "reached") -> ConversationFact:
    """Build a conversation fact."""
    return ConversationFact(day, outcome)


def stake(
    org_id: int,
    level: str = "consult",
    state: str = "not_yet",
    agreement: str = "not_asked",
) -> StakeFact:
    """Build a stake fact for organisation `org_id`."""
    return StakeFact(org_id, f"Org {org_id}", level, state, agreement)


def test_reexports_are_the_same_objects() -> None:
    assert rules.WorkCalendar is workdays.WorkCalendar
    assert rules.ClosurePeriod is workdays.ClosurePeriod
    assert rules.timeline is timing.timeline
    assert rules.Warning is timing.Warning


def test_constants_agree() -> None:
    assert set(DEFAULT_ENGAGEMENT) == set(STAKE_ROLES)
    assert set(DEFAULT_ENGAGEMENT.values()) <= set(ENGAGEMENT_LEVELS)
    assert SIGN_OFF_LEVELS <= MUST_CONSULT_LEVELS <= set(ENGAGEMENT_LEVELS)


# 3.1 Consulted


def test_no_conversations_is_not_yet() -> None:
    assert consult_state([], START, waived=False) == ConsultState("not_yet", None, 0, None, None)


def test_reached_before_the_start_does_not_count() -> None:
    result = consult_state([chat(date(2026, 10, 30))], START, waived=False)
    assert result == ConsultState("not_yet", None, 0, None, None)


def test_attempts_are_not_consulted() -> None:
    conversations = [
        chat(date(2026, 10, 29), "reached"),  # before the start
        chat(date(2026, 11, 3), "no_answer"),
        chat(date(2026, 11, 5), "left_message"),
    ]
    result = consult_state(conversations, START, waived=False)
    assert result == ConsultState(
        state="attempted",
        consulted_on=None,
        attempts=2,
        last_attempt_on=date(2026, 11, 5),
        last_conversation_on=date(2026, 11, 5),
    )


def test_reached_on_the_start_date_counts() -> None:
    result = consult_state([chat(START)], START, waived=False)
    assert result.state == "consulted"
    assert result.consulted_on == START


def test_consulted_on_is_the_first_reached() -> None:
    conversations = (
        chat(day, outcome)
        for day, outcome in [
            (date(2026, 11, 20), "reached"),
            (date(2026, 11, 3), "no_answer"),
            (date(2026, 11, 10), "reached"),
            (date(2026, 11, 25), "left_message"),
        ]
    )
    result = consult_state(conversations, START, waived=False)
    assert result == ConsultState(
        state="consulted",
        consulted_on=date(2026, 11, 10),
        attempts=2,
        last_attempt_on=date(2026, 11, 25),
        last_conversation_on=date(2026, 11, 25),
    )


def test_waived() -> None:
    result = consult_state([chat(date(2026, 11, 3), "no_answer")], START, waived=True)
    assert result.state == "waived"
    assert result.attempts == 1
    assert consult_state([], START, waived=True).state == "waived"


def test_real_consultation_beats_a_waiver() -> None:
    result = consult_state([chat(date(2026, 11, 3))], START, waived=True)
    assert result.state == "consulted"


def test_unknown_outcome_is_rejected() -> None:
    with pytest.raises(ValueError, match="outcome"):
        consult_state([chat(START, "emailed")], START, waived=False)


@pytest.mark.parametrize(
    ("attempts", "expected"),
    [
        (0, None),
        (1, "Tried once, last Thu 5 Nov"),
        (2, "Tried twice, last Thu 5 Nov"),
        (3, "Tried 3 times, last Thu 5 Nov"),
    ],
)
def test_attempt_summary(attempts: int, expected: str | None) -> None:
    last = date(2026, 11, 5) if attempts else None
    state = ConsultState("attempted", None, attempts, last, last)
    assert attempt_summary(state) == expected


# 3.2 Must consult


@pytest.mark.parametrize(
    ("level", "consult", "sign_off"),
    [
        ("inform", False, False),
        ("consult", True, False),
        ("involve", True, False),
        ("collaborate", True, True),
        ("empower", True, True),
    ],
)
def test_levels(level: str, consult: bool, sign_off: bool) -> None:
    assert must_consult(level) is consult
    assert needs_sign_off(level) is sign_off


@pytest.mark.parametrize(
    ("role", "level"),
    [
        ("lead", "collaborate"),
        ("co_producer", "collaborate"),
        ("delivery_partner", "involve"),
        ("funder", "consult"),
        ("decision_maker", "consult"),
        ("affected", "consult"),
        ("informed", "inform"),
    ],
)
def test_default_engagement(role: str, level: str) -> None:
    assert default_engagement(role) == level


def test_unknown_level_and_role_are_rejected() -> None:
    with pytest.raises(ValueError, match="engagement level"):
        must_consult("partner")
    with pytest.raises(ValueError, match="engagement level"):
        needs_sign_off("Consult")
    with pytest.raises(ValueError, match="role"):
        default_engagement("sponsor")


# 3.3 Ready to draft, ready to submit


def test_ready_to_draft_with_blockers_in_input_order() -> None:
    stakes = [
        stake(1, "consult", "consulted"),
        stake(2, "involve", "waived"),
        stake(3, "collaborate", "attempted"),
        stake(4, "consult", "not_yet"),
        stake(5, "inform", "not_yet"),
    ]
    result = ready_to_draft(stakes)
    assert not result.ready
    assert result.outstanding == (stakes[2], stakes[3])


def test_ready_to_draft_when_done_and_inform_never_blocks() -> None:
    stakes = [
        stake(1, "empower", "consulted"),
        stake(2, "consult", "waived"),
        stake(3, "inform", "not_yet"),
    ]
    assert ready_to_draft(stakes) == rules.Readiness(True, ())


def test_a_proposal_with_no_stakes_is_not_ready_to_draft() -> None:
    """Nobody recorded is not everybody consulted (issue 14, point 8)."""
    readiness = ready_to_draft([])
    assert not readiness.ready and readiness.no_stakes and readiness.outstanding == ()
    assert readiness_line([]) == rules.NO_STAKES
    assert "add the organisations" in rules.NO_STAKES
    only_inform = ready_to_draft([stake(1, "inform", "not_yet")])
    assert only_inform.ready and not only_inform.no_stakes


def test_ready_to_submit_with_blockers() -> None:
    stakes = [
        stake(1, "collaborate", "consulted", "agreed"),
        stake(2, "empower", "consulted", "agreed_with_conditions"),
        stake(3, "collaborate", "consulted", "declined"),
        stake(4, "empower", "waived", "asked"),  # a waiver does not sign off
        stake(5, "involve", "consulted", "not_asked"),
        stake(6, "inform", "not_yet", "not_asked"),
    ]
    result = ready_to_submit(stakes)
    assert not result.ready
    assert result.outstanding == (stakes[2], stakes[3])


def test_ready_to_submit_without_blockers() -> None:
    stakes = [
        stake(1, "collaborate", agreement="agreed"),
        stake(2, "consult", agreement="declined"),
        stake(3, "inform"),
    ]
    assert ready_to_submit(stakes) == rules.Readiness(True, ())


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        (
            ["consulted"] * 9 + ["waived", "not_yet"],
            "9 of 11 partners consulted; 1 waived; 1 not yet",
        ),
        (
            ["consulted", "attempted", "attempted", "not_yet"],
            "1 of 4 partners consulted; 2 tried; 1 not yet",
        ),
        (["consulted", "consulted"], "2 of 2 partners consulted"),
        (["not_yet"], "0 of 1 partner consulted; 1 not yet"),
        ([], "No partners must be consulted"),  # an inform-only stake is still a stake
    ],
)
def test_readiness_line(states: list[str], expected: str) -> None:
    stakes = [stake(i, "consult", state) for i, state in enumerate(states)]
    stakes.append(stake(99, "inform", "not_yet"))  # never counted
    assert readiness_line(stakes) == expected


def test_checklist_sort_key() -> None:
    rows = [
        ("consulted", 5, "Alpha"),
        ("waived", 4, "Beta"),
        ("attempted", 2, "Gamma"),
        ("not_yet", 3, "delta"),
        ("not_yet", 3, "Charlie"),
        ("not_yet", 5, "Zeta"),
        ("attempted", None, "Eta"),
    ]
    ordered = sorted(rows, key=lambda row: checklist_sort_key(*row))
    assert [name for _, _, name in ordered] == [
        "Zeta",
        "Charlie",
        "delta",
        "Gamma",
        "Eta",
        "Alpha",
        "Beta",
    ]


# 3.5 Stay in touch

TODAY = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("last_reached_on", "cadence", "expected"),
    [
        (date(2026, 5, 31), 30, None),  # exactly 30 days ago: not yet overdue
        (date(2026, 5, 30), 30, 1),
        (date(2026, 1, 1), 30, 150),
        (TODAY, 1, None),
        (date(2026, 6, 29), 1, None),
        (date(2026, 6, 28), 1, 1),
        (date(2026, 7, 3), 30, None),  # a future date is not overdue
        (None, 30, 30),  # never reached: overdue by one cadence
        (date(2026, 1, 1), None, None),  # no cadence
        (None, None, None),
    ],
)
def test_stay_in_touch_overdue(
    last_reached_on: date | None, cadence: int | None, expected: int | None
) -> None:
    assert stay_in_touch_overdue(last_reached_on, cadence, TODAY) == expected


def test_stay_in_touch_rejects_a_cadence_below_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        stay_in_touch_overdue(None, 0, TODAY)


def test_stay_in_touch_sort_key() -> None:
    rows = [(3, "b"), (40, "Zed"), (3, "A")]
    ordered = sorted(rows, key=lambda row: stay_in_touch_sort_key(*row))
    assert ordered == [(40, "Zed"), (3, "A"), (3, "b")]


# 3.6 Consultation load


def test_consultation_load_window_boundaries() -> None:
    asked = [
        (1, date(2026, 4, 1)),  # exactly 90 days ago: outside
        (2, date(2026, 4, 2)),  # 89 days ago: inside
        (2, date(2026, 5, 1)),  # the same proposal again
        (3, TODAY),
        (4, date(2026, 7, 1)),  # tomorrow: not yet
    ]
    assert consultation_load(asked, TODAY) == 2
    assert consultation_load([], TODAY) == 0


@pytest.mark.parametrize(("load", "high"), [(0, False), (2, False), (3, True), (7, True)])
def test_load_flag(load: int, high: bool) -> None:
    assert load_is_high(load) is high
    assert (load_message(load) is not None) is high


def test_load_message() -> None:
    assert load_message(3) == (
        "Asked about 3 proposals in 90 days: small groups get asked a lot. "
        "Can one conversation cover several?"
    )


def test_state_label_is_one_wording_for_every_page():
    start = date(2026, 11, 2)
    tried = rules.consult_state(
        [
            ConversationFact(date(2026, 11, 24), "no_answer"),
            ConversationFact(date(2026, 12, 1), "left_message"),
        ],
        start,
        waived=False,
    )
    assert rules.state_label(tried, must=True).text == "Tried twice, last Tue 1 Dec"
    none = rules.consult_state([], start, waived=False)
    assert rules.state_label(none, must=True).sentence == "Not yet contacted"
    # Inform-only stakes are sent the draft, never "not yet" (there is no call to make).
    assert rules.state_label(none, must=False).text == "Send the draft"
    waived = rules.consult_state([], start, waived=True)
    label = rules.state_label(
        waived, True, "Responds through the ICB", "Alex Morgan", date(2026, 11, 30)
    )
    assert label.sentence == "Waived: Responds through the ICB (Alex Morgan, Mon 30 Nov 2026)"
    reached = rules.consult_state([ConversationFact(date(2026, 11, 13), "reached")], start, False)
    assert rules.state_label(reached, must=False).sentence == "Consulted on Fri 13 Nov 2026"
