"""Guessing which column is which, and matching written values to our choices."""

import pytest

from crm.io.mapping import guess_mapping, mapping_problems, match_basis, match_channel, match_kind


def test_organisation_headers_as_people_write_them():
    headers = ["Organisation", "Type", "Website", "Main phone", "E-mail", "Area", "Tags", "Misc"]
    assert guess_mapping(headers, "organisations") == [
        "name", "kind", "website", "phone", "email", "area_served", "tags", "",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Org name", "organisation"),
        ("Organization", "organisation"),
        ("Organisation", "organisation"),
        ("E-mail", "email"),
        ("Email address", "email"),
        ("Tel", "phone"),
        ("Main phone", "phone"),
        ("Mobile", "phone"),
        ("Job title", "job_title"),
        ("Role", "job_title"),
        ("Preferred contact", "preferred_channel"),
        ("Surname", "last_name"),
        ("First name", "first_name"),
        ("Consent date", "consent_date"),
        ("Do not contact", "do_not_contact"),
    ],
)
def test_contact_header_guesses(header, field):
    assert guess_mapping([header], "contacts") == [field]


def test_a_second_phone_column_becomes_other_phone_and_repeats_are_left_out():
    guesses = guess_mapping(["Name", "Phone", "Mobile", "Email", "E-mail"], "contacts")
    assert guesses == ["name", "phone", "phone_other", "email", ""]


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("Peer-support group", "peer_support"),
        ("Voluntary / community group", "community_group"),
        ("Voluntary or community group", "community_group"),
        ("NHS body", "nhs"),
        ("local authority", "local_authority"),
        ("GP or primary care", "primary_care"),
        ("Faith group", "faith_group"),
        ("charity", "charity"),
        ("Faith / community", None),
    ],
)
def test_kind_values(written, kind):
    assert match_kind(written) == kind


def test_channel_and_basis_values():
    assert [match_channel(v) for v in ("Phone", "Email", "In person", "Video", "Text")] == [
        "phone", "email", "in_person", "video", "text",
    ]  # fmt: skip
    assert match_channel("Carrier pigeon") is None
    assert match_basis("Legitimate interests") == "legitimate_interests"
    assert match_basis("consent") == "consent"
    assert match_basis("because") is None


def test_mapping_problems():
    headers = ["A", "B", "C"]
    assert mapping_problems(["name", "email", ""], headers, "contacts") == []
    assert mapping_problems(["first_name", "last_name", ""], headers, "contacts") == []
    twice = mapping_problems(["name", "email", "email"], headers, "contacts")
    assert twice == ["Email is chosen for two columns, “B” and “C”. Choose it for one only."]
    assert mapping_problems(["email", "", ""], headers, "contacts") == []
    assert mapping_problems(["job_title", "", ""], headers, "contacts") == [
        "Choose the column that holds the name (or first name and last name)."
    ]
    assert mapping_problems(["first_name", "", ""], headers, "organisations")[-1] == (
        "Choose the column that holds the name."
    )
