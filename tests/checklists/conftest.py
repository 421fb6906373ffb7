"""The demo partnership loaded for a pinned today, with every checklist page seeing that day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from crm.core.extensions import db
from crm.demo.loader import load_demo
from crm.demo.story import TITLE
from crm.organisations.models import Organisation
from crm.proposals.models import Proposal, Stake

TODAY = date(2026, 11, 28)


@dataclass
class Demo:
    """Ids the checklist tests talk about."""

    proposal: int
    stakes: dict[str, int]  # organisation name -> stake id
    organisations: dict[str, int]


@pytest.fixture
def demo(app, users, monkeypatch) -> Demo:
    """The demo as of Sat 28 Nov 2026: the social-prescribing proposal mid-consultation."""
    for module in ("crm.checklists.views", "crm.checklists.commands", "crm.reports.call_sheet"):
        monkeypatch.setattr(f"{module}.today_london", lambda: TODAY)
    with app.app_context():
        load_demo(today=TODAY)
        db.session.commit()
        proposal = db.session.scalars(select(Proposal).where(Proposal.title == TITLE)).one()
        rows = db.session.execute(
            select(Organisation.name, Stake.id, Organisation.id)
            .join(Stake, Stake.organisation_id == Organisation.id)
            .where(Stake.proposal_id == proposal.id)
        ).all()
        return Demo(
            proposal.id,
            {name: stake_id for name, stake_id, _ in rows},
            {name: org_id for name, _, org_id in rows},
        )
