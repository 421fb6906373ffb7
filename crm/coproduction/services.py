"""Use cases for consent to be named: record what a partner said, for one draft version."""

from __future__ import annotations

from typing import Any

from crm.audit.services import record
from crm.coproduction import names
from crm.coproduction.directory import directory
from crm.coproduction.models import NamingConsent
from crm.coproduction.rules import CONSENT_LABELS
from crm.core.dates import today_london
from crm.core.errors import FieldError
from crm.core.extensions import db
from crm.drafts.models import Draft
from crm.drafts.text import split
from crm.proposals.models import Stake

TEXT_MAX = 5000


def passages_naming(draft: Draft, organisation_id: int) -> tuple[str, ...]:
    """The passages of a draft version that name an organisation (empty when none do)."""
    mention = names.check(split(draft.text), directory()).get(organisation_id)
    return mention.passages if mention else ()


def record_consent(
    stake: Stake,
    draft: Draft,
    data: dict[str, Any],
    actor,
    passages: tuple[str, ...] | None = None,
) -> NamingConsent:
    """Record a partner's answer about being named in `draft`, with the passages they saw.

    Raises FieldError (state, wording, decided_on, note) and writes nothing then.
    """
    state = data.get("state")
    if state not in CONSENT_LABELS:
        raise FieldError("state", "Choose what they said about being named.")
    wording = (data.get("wording") or "").strip()
    if state == "agreed_with_changes" and not wording:
        raise FieldError("wording", "Give the wording they asked for.")
    decided_on = data.get("decided_on") or today_london()
    if decided_on > today_london():
        raise FieldError("decided_on", "The date cannot be in the future.")
    note = (data.get("note") or "").strip()
    if len(wording) > TEXT_MAX or len(note) > TEXT_MAX:
        raise FieldError("wording" if len(wording) > TEXT_MAX else "note", "Keep it shorter.")
    if draft.proposal_id != stake.proposal_id:
        raise ValueError("the draft belongs to another proposal")
    if passages is None:
        passages = passages_naming(draft, stake.organisation_id)
    if not passages:
        raise FieldError(
            "state",
            f"Version {draft.number} does not name this organisation, so there is nothing "
            "to agree to.",
        )
    consent = NamingConsent(
        stake_id=stake.id,
        draft_id=draft.id,
        state=state,
        passages=list(passages),
        wording=wording if state == "agreed_with_changes" else "",
        decided_on=decided_on,
        note=note,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(consent)
    record(
        "create",
        consent,
        actor,
        {
            "stake_id": (None, stake.id),
            "draft_id": (None, draft.id),
            "state": (None, state),
            "decided_on": (None, decided_on),
        },
        summary=f"Consent to be named recorded for draft version {draft.number}",
    )
    return consent
