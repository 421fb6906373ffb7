"""Readiness badges follow the lifecycle and never contradict each other (issue 14, point 7)."""

import itertools

import pytest

from crm.rules import NamingFact, Readiness, StakeFact
from crm.rules.lifecycle import readiness_badges
from crm.rules.vocabulary import STATUSES

MIND = StakeFact(1, "Mind", "collaborate", "not_yet", "not_asked")
NAMED = NamingFact(1, "Mind", "not_asked", False)
DRAFTS = {
    "none": Readiness(False, (), no_stakes=True),
    "ready": Readiness(True, ()),
    "blocked": Readiness(False, (MIND,)),
}
SUBMITS = {
    "ready": Readiness(True, ()),
    "sign_off": Readiness(False, (MIND,)),
    "naming": Readiness(False, (), (NAMED,)),
    "both": Readiness(False, (MIND,), (NAMED,)),
}
DRAFT_CODES = {"no_stakes", "ready_to_draft", "to_consult"}
SUBMIT_CODES = {"ready_to_submit", "sign_off", "naming"}


def codes(status, draft, submit):
    return [badge.code for badge in readiness_badges(status, DRAFTS[draft], SUBMITS[submit])]


@pytest.mark.parametrize(
    ("status", "draft", "submit"), list(itertools.product(STATUSES, DRAFTS, SUBMITS))
)
def test_badges_never_contradict_each_other(status, draft, submit):
    found = set(codes(status, draft, submit))
    # One question at a time: a drafting badge never sits beside a submission one.
    assert not (found & DRAFT_CODES and found & SUBMIT_CODES)
    assert len(found & DRAFT_CODES) <= 1
    assert not ({"ready_to_submit"} & found and found - {"ready_to_submit"})
    texts = [b.text for b in readiness_badges(status, DRAFTS[draft], SUBMITS[submit])]
    assert not any(text.startswith("Not ready") for text in texts)


@pytest.mark.parametrize("status", ["idea", "consulting"])
def test_before_drafting_the_badge_answers_ready_to_draft(status):
    assert codes(status, "ready", "sign_off") == ["ready_to_draft"]
    assert codes(status, "blocked", "ready") == ["to_consult"]
    assert codes(status, "none", "ready") == ["no_stakes"]
    (badge,) = readiness_badges(status, DRAFTS["blocked"], SUBMITS["ready"])
    assert (badge.text, badge.tone) == ("1 partner to consult", "warning")


@pytest.mark.parametrize("status", ["drafting", "in_review"])
def test_once_drafting_started_only_ready_to_submit_is_asked(status):
    # Not "to consult" after drafting has started, whatever the consultation.
    assert codes(status, "blocked", "ready") == ["ready_to_submit"]
    assert codes(status, "none", "sign_off") == ["sign_off"]
    assert codes(status, "ready", "both") == ["sign_off", "naming"]
    texts = [b.text for b in readiness_badges(status, DRAFTS["ready"], SUBMITS["both"])]
    assert texts == ["1 sign-off needed", "1 named without consent"]


@pytest.mark.parametrize("status", ["submitted", "decided", "withdrawn"])
def test_no_readiness_badge_once_it_has_left_the_authors_hands(status):
    assert codes(status, "blocked", "sign_off") == []
