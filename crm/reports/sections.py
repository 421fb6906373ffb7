"""Report buttons and charts on the proposal and organisation pages (crm.core.pages)."""

from __future__ import annotations

from crm.core.dates import today_london
from crm.core.pages import section
from crm.reports.stakeholder_map import map_description, map_items, unrated


@section("proposal", "reports/_proposal_section.html", order=80, uses=("stake_rows",))
def proposal_report(proposal, stake_rows=None) -> dict:
    """The download button and the stakeholder map with its text alternative."""
    from crm.reports.proposal_summary import map_points

    points = map_points(proposal, stake_rows)
    return {
        "proposal": proposal,
        "points": len(points),
        "description": map_description(points),
        "listing": map_items(points),
        "unrated": [point.label for point in unrated(points)],
    }


@section("organisation", "reports/_organisation_section.html", order=80)
def organisation_report(organisation) -> dict:
    """The download button and the contacts-per-month chart with its text alternative."""
    from crm.reports.organisation_summary import OrganisationReport, contacts_per_month

    months, series = contacts_per_month(organisation.id, today_london())
    described = OrganisationReport(organisation, [], [], [], False, months, series, [])
    return {"organisation": organisation, "description": described.chart_description}
