"""Consent to be named as pure rules: passage comparison, the word diff, the consent state,
and ready-to-submit with the organisations a draft names."""

from __future__ import annotations

from datetime import date

import pytest

from crm.coproduction.passages import compare, normalise, word_diff
from crm.coproduction.rules import Consent, naming_state
from crm.rules import NamingFact, StakeFact, ready_to_submit

SAW = ("Riverside will run the peer groups.", "Riverside's mentors will be paid the Living Wage.")


def consent(state="agreed", passages=SAW, wording=""):
    return Consent(state, 1, passages, wording, date(2026, 11, 20))


def test_spacing_quotes_and_dashes_are_not_changes():
    assert normalise("Riverside’s  mentors –\n paid") == "Riverside's mentors - paid"
    assert compare(SAW, ["Riverside will run the\npeer groups."]).intact


def test_a_reworded_passage_is_changed_and_a_new_one_added_a_dropped_one_does_not_matter():
    now = [
        "Riverside will run the peer groups.",
        "Riverside's mentors will be volunteers.",
        "Riverside leads the bid.",
    ]
    result = compare(SAW, now)
    assert result.unchanged == ("Riverside will run the peer groups.",)
    assert result.changed == ((SAW[1], now[1]),)
    assert result.added == ("Riverside leads the bid.",)
    assert not result.intact
    assert compare(SAW, [SAW[0]]).intact and compare(SAW, [SAW[0]]).removed == (SAW[1],)


def test_word_diff_marks_what_was_removed_and_added():
    assert word_diff(SAW[1], "Riverside's mentors will be volunteers.") == [
        ("same", "Riverside's mentors will be"),
        ("removed", "paid the Living Wage."),
        ("added", "volunteers."),
    ]


@pytest.mark.parametrize(
    ("given", "asked", "current", "state"),
    [
        (None, False, SAW, "not_asked"),
        (None, True, SAW, "asked"),
        (consent(), False, SAW, "agreed"),
        (consent(), False, (SAW[0],), "agreed"),  # named less: still fine
        (consent(), True, (SAW[0], "Riverside will lead."), "changed"),
        (consent("declined"), False, SAW, "declined"),
        (consent("agreed_with_changes", wording="Riverside will co-run the groups."), False,
         ("Riverside will co-run the groups.", SAW[1]), "agreed_with_changes"),
    ],
)  # fmt: skip
def test_naming_state(given, asked, current, state):
    assert naming_state(tuple(current), given, asked).state == state


def test_changed_state_keeps_the_comparison_for_the_diff():
    result = naming_state((SAW[0], "Riverside's mentors will be volunteers."), consent(), False)
    assert result.state == "changed" and not result.ok
    assert result.comparison.changed[0][0] == SAW[1]
    assert result.label == "Changed since they agreed: ask again"


def test_ready_to_submit_needs_every_named_organisation_to_have_agreed():
    stakes = [StakeFact(1, "Riverside", "collaborate", "consulted", "agreed")]
    agreed = NamingFact(1, "Riverside", "agreed", True)
    changed = NamingFact(2, "Hillview", "changed", False)
    assert ready_to_submit(stakes, [agreed]).ready
    result = ready_to_submit(stakes, [agreed, changed])
    assert not result.ready and result.outstanding == () and result.naming == (changed,)
    assert ready_to_submit(stakes).ready  # no draft: nothing named
