"""Consent to be named (DESIGN.md section 10), as pure functions over plain values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from crm.coproduction.passages import Comparison, compare
from crm.drafts.text import paragraphs

# What a partner said about being named (stored on NamingConsent).
CONSENT_CHOICES = (
    ("agreed", "Yes, name us"),
    ("agreed_with_changes", "Yes, with this wording"),
    ("declined", "No, do not name us"),
)
# The state of a named partner's consent on the latest draft (worked out, never stored).
NAMING_STATES = (
    ("not_asked", "Not asked"),
    ("asked", "Asked"),
    ("agreed", "Agreed"),
    ("agreed_with_changes", "Agreed with changes"),
    ("declined", "Declined: do not name us"),
    ("changed", "Changed since they agreed: ask again"),
    ("not_partner", "Named, but has no stake in this proposal"),
)
NAMING_LABELS = dict(NAMING_STATES)
CONSENT_LABELS = dict(CONSENT_CHOICES)
NAMING_OK = frozenset({"agreed", "agreed_with_changes"})


@dataclass(frozen=True)
class Consent:
    """A recorded answer about being named: on which version, which passages, what wording."""

    state: str
    draft_number: int
    passages: tuple[str, ...]
    wording: str
    decided_on: date


@dataclass(frozen=True)
class NamingState:
    """A named partner's consent on the latest draft, and how its passages have moved."""

    state: str
    consent: Consent | None
    comparison: Comparison | None
    asked: bool

    @property
    def label(self) -> str:
        return NAMING_LABELS[self.state]

    @property
    def ok(self) -> bool:
        """Whether this consent lets the proposal be submitted (rule 3.3 as grown)."""
        return self.state in NAMING_OK


def naming_state(current: tuple[str, ...], consent: Consent | None, asked: bool) -> NamingState:
    """The consent state for passages naming a partner now, given their latest answer.

    Consent given on any version holds while every passage naming them now is one they
    saw or the wording they asked for; otherwise it is "changed since they agreed".
    """
    if consent is None:
        return NamingState("asked" if asked else "not_asked", None, None, asked)
    if consent.state not in CONSENT_LABELS:
        raise ValueError(f"Unknown consent: {consent.state!r}")
    if consent.state == "declined":
        return NamingState("declined", consent, None, asked)
    agreed = consent.passages + tuple(paragraphs(consent.wording))
    comparison = compare(agreed, current)
    state = consent.state if comparison.intact else "changed"
    return NamingState(state, consent, comparison, asked)
