"""The merge rules: two duplicates' stakes combined into one, two contacts into one."""

from datetime import UTC, date, datetime

import pytest

from crm.rules.merging import (
    ORGANISATION_FILL,
    StakeFacts,
    combine_contacts,
    combine_stakes,
    fill_blanks,
    join_notes,
)

WHEN = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def stake(**values) -> StakeFacts:
    values.setdefault("role", "affected")
    values.setdefault("engagement_level", "consult")
    return StakeFacts(**values)


def test_the_kept_role_stays_and_the_higher_engagement_level_wins():
    kept = stake(role="funder", engagement_level="consult")
    other = stake(role="co_producer", engagement_level="collaborate")
    combined = combine_stakes(kept, other)
    assert combined.role == "funder"
    assert combined.engagement_level == "collaborate"
    assert combine_stakes(other, kept).engagement_level == "collaborate"


def test_inform_and_consult_combine_to_consult():
    assert combine_stakes(stake(engagement_level="inform"), stake()).engagement_level == "consult"


def test_the_higher_influence_and_interest_each_win():
    combined = combine_stakes(stake(influence=2, interest=5), stake(influence=4, interest=1))
    assert (combined.influence, combined.interest) == (4, 5)


def test_a_rating_beats_none_when_one_stake_is_unrated():
    combined = combine_stakes(stake(influence=None, interest=2), stake(influence=3, interest=None))
    assert (combined.influence, combined.interest) == (3, 2)
    unrated = combine_stakes(stake(influence=None), stake(influence=None))
    assert unrated.influence is None


@pytest.mark.parametrize(
    ("kept", "other", "expected"),
    [
        ("unknown", "supportive", "supportive"),
        ("concerned", "supportive", "concerned"),
        ("neutral", "unknown", "neutral"),
        ("unknown", "unknown", "unknown"),
    ],
)
def test_a_known_stance_beats_unknown_and_the_kept_one_wins_otherwise(kept, other, expected):
    assert combine_stakes(stake(stance=kept), stake(stance=other)).stance == expected


def test_the_more_advanced_agreement_wins_with_its_date_and_conditions():
    kept = stake(agreement="asked")
    other = stake(
        agreement="agreed_with_conditions",
        agreement_date=date(2026, 11, 3),
        agreement_conditions="Named as a partner, not a lead",
    )
    combined = combine_stakes(kept, other)
    assert combined.agreement == "agreed_with_conditions"
    assert combined.agreement_date == date(2026, 11, 3)
    assert combined.agreement_conditions == "Named as a partner, not a lead"
    assert combine_stakes(stake(agreement="asked"), stake()).agreement == "asked"


def test_between_two_answers_the_later_one_wins_and_a_tie_keeps_the_kept_one():
    agreed = stake(agreement="agreed", agreement_date=date(2026, 11, 3))
    declined = stake(agreement="declined", agreement_date=date(2026, 11, 10))
    assert combine_stakes(agreed, declined).agreement == "declined"
    assert combine_stakes(declined, agreed).agreement == "declined"
    same_day = stake(agreement="declined", agreement_date=date(2026, 11, 3))
    assert combine_stakes(agreed, same_day).agreement == "agreed"
    undated = stake(agreement="declined")
    assert combine_stakes(agreed, undated).agreement == "agreed"


def test_a_waiver_on_either_stays_and_the_kept_one_wins():
    waived = stake(
        waiver_reason="They asked to be kept informed only", waived_by_id=7, waived_at=WHEN
    )
    combined = combine_stakes(stake(), waived)
    assert (combined.waiver_reason, combined.waived_by_id, combined.waived_at) == (
        "They asked to be kept informed only",
        7,
        WHEN,
    )
    kept_waiver = stake(waiver_reason="Kept reason", waived_by_id=1, waived_at=WHEN)
    assert combine_stakes(kept_waiver, waived).waiver_reason == "Kept reason"
    assert combine_stakes(stake(), stake()).waived_at is None


def test_the_kept_key_contact_stays_unless_there_is_none():
    assert combine_stakes(stake(key_contact_id=1), stake(key_contact_id=2)).key_contact_id == 1
    assert combine_stakes(stake(), stake(key_contact_id=2)).key_contact_id == 2
    assert combine_stakes(stake(), stake()).key_contact_id is None


def test_notes_are_joined_kept_first_and_the_same_text_once():
    assert combine_stakes(stake(notes="Ours"), stake(notes="Theirs")).notes == "Ours\n\nTheirs"
    assert join_notes("Same", " Same ") == "Same"
    assert join_notes("", "Theirs") == "Theirs"
    assert join_notes("Ours", "") == "Ours"


def test_a_contact_takes_only_the_details_it_lacks():
    kept = {"email": "sian@example.org", "phone": "", "job_title": "Coordinator", "notes": ""}
    other = {"email": "old@example.org", "phone": "01632 960001", "job_title": "Volunteer"}
    assert combine_contacts(kept, other) == {"phone": "01632 960001"}


def test_a_second_phone_number_becomes_the_other_phone():
    kept = {"phone": "01632 960001", "phone_other": ""}
    assert combine_contacts(kept, {"phone": "07700 900123"}) == {"phone_other": "07700 900123"}
    assert combine_contacts(kept, {"phone": "01632 960001"}) == {}


def test_do_not_contact_and_consent_carry_over_from_the_other():
    kept = {"lawful_basis": "legitimate_interests", "do_not_contact": False, "notes": "A"}
    other = {
        "lawful_basis": "consent",
        "consent_date": date(2026, 5, 1),
        "lawful_basis_note": "Form at the AGM",
        "do_not_contact": True,
        "notes": "B",
    }
    assert combine_contacts(kept, other) == {
        "do_not_contact": True,
        "lawful_basis": "consent",
        "consent_date": date(2026, 5, 1),
        "lawful_basis_note": "Form at the AGM",
        "notes": "A\n\nB",
    }
    consented = {**kept, "lawful_basis": "consent", "consent_date": date(2025, 1, 1)}
    assert "lawful_basis" not in combine_contacts(consented, other)


def test_an_organisation_fills_only_its_blanks():
    kept = {"website": "https://a.example", "phone": "", "owner_id": None}
    other = {"website": "https://b.example", "phone": "01632 960002", "owner_id": 3}
    assert fill_blanks(kept, other, ORGANISATION_FILL) == {"phone": "01632 960002", "owner_id": 3}
