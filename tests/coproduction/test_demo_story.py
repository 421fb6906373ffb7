"""The demo's first draft tells the story: it names the three organisations, one of which has
never seen it, and the partners decide in different ways."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from crm.core.extensions import db
from crm.demo.loader import load_demo
from crm.organisations.models import Organisation
from crm.proposals.models import Proposal
from crm.proposals.queries import naming_facts_for


@pytest.mark.parametrize("today", [date(2026, 11, 28), date(2027, 3, 10), date(2026, 12, 20)])
def test_version_1_names_the_three_and_one_has_never_seen_it(ctx, today):
    load_demo(today=today)
    db.session.commit()
    plan = db.session.scalar(select(Proposal).where(Proposal.title.like("Social prescribing%")))
    facts = {fact.organisation_name: fact.state for fact in naming_facts_for([plan])[plan.id]}
    assert facts == {
        "Riverside Peer Support Network": "asked",
        "Northgate Social Prescribing": "agreed",
        "Hillview Wellbeing Café": "not_asked",
    }
    arrangements = {org.decides_by for org in db.session.scalars(select(Organisation))}
    assert {"trustees", "manager", "none", "unknown"} <= arrangements
    riverside = db.session.scalar(select(Organisation).where(Organisation.name.like("Riverside%")))
    assert riverside.kind in ("charity", "peer_support") and riverside.meeting_rule_label == (
        "second Tuesday of each month"
    )


def test_the_checklist_shows_the_problem(app, client, login_as):
    with app.app_context():
        load_demo(today=date(2026, 11, 28))
        db.session.commit()
        plan_id = db.session.scalar(
            select(Proposal.id).where(Proposal.title.like("Social prescribing%"))
        )
    login_as("viewer")
    page = client.get(f"/proposals/{plan_id}/checklist").get_data(as_text=True)
    assert "Named in the draft (version 1)" in page
    assert "The draft names 2 organisations that have not agreed to be named as it stands." in page
    assert (
        'Hillview Wellbeing Café</a> <span class="badge text-bg-danger naming-state" data-state="not_asked">'
        in page
    )
