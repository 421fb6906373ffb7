"""The organisation page's consultation load (rule 3.6), from the checklist's read side."""

from __future__ import annotations

from flask import url_for

from crm import rules
from crm.checklists.queries import proposals_asked
from crm.core.dates import today_london
from crm.core.pages import section


@section("organisation", "checklists/_organisation_load.html", order=12)
def organisation_load(organisation) -> dict:
    """How many proposals the organisation was asked about in the last 90 days, and which."""
    today = today_london()
    asked = proposals_asked(organisation.id, today)
    load = rules.consultation_load([(row.proposal_id, row.last_asked_on) for row in asked], today)
    return {
        "load": load,
        "message": rules.load_message(load),
        "window": rules.LOAD_WINDOW_DAYS,
        "asked": [
            (row.title, url_for("proposals.detail", proposal_id=row.proposal_id), row.last_asked_on)
            for row in asked
        ],
    }
