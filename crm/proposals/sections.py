"""Proposal sections on other features' pages (registered when the proposals blueprint loads)."""

from __future__ import annotations

from crm.core.pages import section
from crm.proposals import queries


@section("organisation", "proposals/_org_stakes.html", order=40)
def organisation_stakes(organisation) -> dict:
    """The organisation's stakes in proposals, open proposals first."""
    stakes = queries.stakes_of_organisation(organisation.id)
    waivers = {stake.id: queries.waiver_line(stake) for stake in stakes if stake.waived}
    return {"stakes": stakes, "waivers": waivers, **queries.LABELS}
