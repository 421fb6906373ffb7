"""The conversation timeline on organisation, contact and proposal pages (crm.core.pages)."""

from __future__ import annotations

from flask import url_for

from crm.conversations import queries
from crm.core.pages import section

DETAIL_ENDPOINTS = {
    "organisation": ("organisations.detail", "organisation_id"),
    "contact": ("contacts.detail", "contact_id"),
    "proposal": ("proposals.detail", "proposal_id"),
}


def detail_url(kind: str, record_id: int) -> str:
    """The page of an organisation, contact or proposal ('' if that page does not exist)."""
    endpoint, arg = DETAIL_ENDPOINTS[kind]
    return url_for(endpoint, **{arg: record_id})


def timeline_context(kind: str, record_id: int, offset: int = 0, can_log: bool = True) -> dict:
    """Everything the timeline templates need, loaded in a fixed number of statements."""
    items, has_more = queries.timeline(kind, record_id, offset=offset)
    return {
        "kind": kind,
        "record_id": record_id,
        "rows": items,
        "has_more": has_more,
        "offset": offset,
        "next_offset": offset + len(items),
        "prefill": {kind: record_id},
        "slot": f"log-{kind}-{record_id}",
        "next": detail_url(kind, record_id),
        "can_log": can_log,
    }


@section("organisation", "conversations/_timeline.html", order=40)
def organisation_timeline(organisation) -> dict:
    """Conversations involving the organisation."""
    return timeline_context("organisation", organisation.id, can_log=not organisation.archived)


@section("contact", "conversations/_timeline.html", order=40)
def contact_timeline(contact) -> dict:
    """Conversations the person was in."""
    return timeline_context("contact", contact.id, can_log=not contact.archived)


@section("proposal", "conversations/_timeline.html", order=40)
def proposal_timeline(proposal) -> dict:
    """Conversations that concern the proposal."""
    return timeline_context("proposal", proposal.id)
