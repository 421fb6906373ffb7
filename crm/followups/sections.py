"""Open follow-ups on organisation, contact and proposal pages (crm.core.pages)."""

from __future__ import annotations

from flask import url_for

from crm.core.dates import today_london
from crm.core.pages import section
from crm.followups import queries

DETAIL_ENDPOINTS = {
    "organisation": ("organisations.detail", "organisation_id"),
    "contact": ("contacts.detail", "contact_id"),
    "proposal": ("proposals.detail", "proposal_id"),
}


def section_context(kind: str, record_id: int) -> dict:
    """The open follow-ups of one record, for the section and its reloads."""
    endpoint, arg = DETAIL_ENDPOINTS[kind]
    return {
        "kind": kind,
        "record_id": record_id,
        "rows": queries.open_for(kind, record_id),
        "today": today_london(),
        "prefill": {kind: record_id},
        "next": url_for(endpoint, **{arg: record_id}),
    }


@section("organisation", "followups/_section.html", order=30)
def organisation_follow_ups(organisation) -> dict:
    """Open follow-ups for the organisation and its people."""
    return section_context("organisation", organisation.id)


@section("contact", "followups/_section.html", order=30)
def contact_follow_ups(contact) -> dict:
    """Open follow-ups for the person."""
    return section_context("contact", contact.id)


@section("proposal", "followups/_section.html", order=30)
def proposal_follow_ups(proposal) -> dict:
    """Open follow-ups for the proposal."""
    return section_context("proposal", proposal.id)
