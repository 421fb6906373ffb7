"""Sentences composed from what people typed (issue 14, point 6)."""

import pytest

from crm.rules.wording import best_times, contact_preference, mid_sentence


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Best after 2pm", "Prefers phone; best times: after 2pm"),
        ("best times: after 2pm.", "Prefers phone; best times: after 2pm"),
        ("Fridays are clinic-free", "Prefers phone; best times: Fridays are clinic-free"),
        ("Mornings before 10", "Prefers phone; best times: mornings before 10"),
        ("Tue and Thu", "Prefers phone; best times: Tue and Thu"),
        ("Best", "Prefers phone; best times: Best"),
        ("", "Prefers phone"),
        (None, "Prefers phone"),
    ],
)
def test_contact_preference_reads_as_one_sentence(note, expected):
    assert contact_preference("Phone", note) == expected
    assert "best Best" not in contact_preference("Phone", note)


def test_best_times_alone_and_without_a_channel():
    assert best_times("  Best   time to call: evenings ") == "evenings"
    assert contact_preference("", "Best after 2pm") == "Best times: after 2pm"


def test_mid_sentence_lowers_a_capitalised_start_only():
    assert mid_sentence("Tried twice, last Fri 20 Nov") == "tried twice, last Fri 20 Nov"
    assert mid_sentence("NHS board") == "NHS board"
    assert mid_sentence("McDonald") == "McDonald"
    assert mid_sentence("") == ""
