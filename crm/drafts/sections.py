"""The drafts list on the proposal page (crm.hooks)."""

from __future__ import annotations

from crm.core.pages import section
from crm.drafts import queries


@section("proposal", "drafts/_proposal_drafts.html", order=20)
def proposal_drafts(proposal) -> dict:
    """The proposal's draft versions, newest first."""
    return {"proposal": proposal, "drafts": queries.versions(proposal.id)}
