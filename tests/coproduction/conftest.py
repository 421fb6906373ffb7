"""A proposal with partners and a first draft that names some of them (and a stranger)."""

from __future__ import annotations

from datetime import date

import pytest

from crm.core.extensions import db
from crm.drafts.models import Draft
from crm.proposals.models import Stake
from tests import factories
from tests.proposals.builders import milestone

V1 = (
    "Social prescribing action plan\n\n"
    "Riverside Peer Support Network will run the peer groups, and Riverside's mentors will be "
    "paid the real Living Wage.\n\n"
    "Hillview Wellbeing Café will host the shared-learning sessions.\n\n"
    "The Vale Men's Shed has offered a workshop space."
)
V2 = V1.replace("paid the real Living Wage", "volunteers")


@pytest.fixture
def story(app):
    """ids of the proposal, its stakes and organisations, and draft version 1."""
    with app.app_context():
        author = factories.user("editor", name="Alex Morgan", email="alex@example.org")
        proposal = factories.proposal(
            "Action plan", status="in_review", author_id=author.id, summary="We propose to join up."
        )
        milestone(proposal, "Steering group", date(2027, 1, 5), deadline=True)
        riverside = factories.organisation("Riverside Peer Support Network", aliases="Riverside")
        hillview = factories.organisation("Hillview Wellbeing Café")
        shed = factories.organisation("Vale Men's Shed")
        mind = factories.organisation("Mind in Eastbrook")
        gwen = factories.contact("Gwenllian Price", riverside, email="gwen@riverside.example.org")
        dnc = factories.contact(
            "Dai Do-Not", riverside, email="dai@riverside.example.org", do_not_contact=True
        )
        dermot = factories.contact("Dermot Byrne", hillview, email="dermot@hillview.example.org")
        r = factories.stake(riverside, proposal, role="co_producer", agreement="agreed",
                            agreement_date=date(2026, 11, 2), key_contact_id=gwen.id)  # fmt: skip
        h = factories.stake(hillview, proposal, role="co_producer", key_contact_id=dermot.id)
        m = factories.stake(mind, proposal, role="affected")
        draft = Draft(proposal_id=proposal.id, number=1, source="pasted", text=_paragraphs(V1),
                      created_by_id=author.id)  # fmt: skip
        db.session.add(draft)
        db.session.commit()
        return {
            "proposal": proposal.id,
            "author": author.id,
            "riverside": riverside.id,
            "hillview": hillview.id,
            "shed": shed.id,
            "mind": mind.id,
            "riverside_stake": r.id,
            "hillview_stake": h.id,
            "mind_stake": m.id,
            "gwen": gwen.id,
            "dnc": dnc.id,
            "dermot": dermot.id,
            "draft": draft.id,
        }


def _paragraphs(text: str) -> str:
    from crm.drafts.extract import from_raw

    return from_raw(text).text


def stake(stake_id: int) -> Stake:
    return db.session.get(Stake, stake_id)
