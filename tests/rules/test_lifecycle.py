"""The lifecycle table and the override gates, as pure functions."""

import pytest

from crm.rules import Readiness, StakeFact
from crm.rules import lifecycle as status
from crm.rules.vocabulary import STATUSES

READY = Readiness(True, ())
BLOCKED = Readiness(False, (StakeFact(1, "Mind", "consult", "not_yet", "not_asked"),))


def test_every_status_has_moves_and_they_are_real_statuses():
    assert set(status.TRANSITIONS) == set(STATUSES)
    for moves in status.TRANSITIONS.values():
        assert set(moves) <= set(STATUSES)


@pytest.mark.parametrize("from_status", [s for s in STATUSES if s not in ("decided", "withdrawn")])
def test_withdraw_from_any_status_but_decided(from_status):
    assert status.can_move(from_status, "withdrawn")


def test_decided_cannot_be_withdrawn_and_withdrawn_reopens_as_idea():
    assert not status.can_move("decided", "withdrawn")
    assert status.allowed_moves("withdrawn") == ("idea",)


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        ("idea", "consulting"),
        ("consulting", "drafting"),
        ("drafting", "in_review"),
        ("in_review", "submitted"),
        ("submitted", "decided"),
        ("consulting", "idea"),
        ("in_review", "drafting"),
        ("decided", "submitted"),
    ],
)
def test_one_step_forward_or_back(from_status, to_status):
    assert status.can_move(from_status, to_status)


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [("idea", "drafting"), ("consulting", "submitted"), ("drafting", "idea"), ("idea", "idea")],
)
def test_no_skipping_and_no_standing_still(from_status, to_status):
    assert not status.can_move(from_status, to_status)


def test_drafting_gate_only_on_the_way_forward():
    assert status.override_needed("consulting", "drafting", BLOCKED, READY)[0] == "drafting"
    assert status.override_needed("consulting", "drafting", READY, BLOCKED) is None
    # Stepping back from review is not starting to draft.
    assert status.override_needed("in_review", "drafting", BLOCKED, BLOCKED) is None
    # A skip past drafting (not offered, but the gate does not depend on it) is caught.
    assert status.override_needed("idea", "in_review", BLOCKED, READY)[0] == "drafting"


def test_submission_gate_only_on_the_way_forward():
    assert status.override_needed("in_review", "submitted", READY, BLOCKED)[0] == "submission"
    assert status.override_needed("in_review", "submitted", BLOCKED, READY) is None
    assert status.override_needed("decided", "submitted", READY, BLOCKED) is None
    assert status.override_needed("submitted", "decided", READY, BLOCKED) is None
    assert status.override_needed("drafting", "in_review", BLOCKED, BLOCKED) is None


def test_move_labels():
    assert status.move_label("consulting", "drafting") == "Start drafting"
    assert status.move_label("in_review", "drafting") == "Back to drafting"
    assert status.move_label("withdrawn", "idea") == "Reopen as an idea"
    assert status.move_label("idea", "withdrawn") == "Withdraw"
