"""A small partnership for conversation tests: two organisations, people, a proposal."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from crm.core.extensions import db
from tests import factories


@dataclass
class World:
    """Ids of the records the tests talk about."""

    mind: int
    cafe: int
    ann: int  # at Mind
    bryn: int  # at the cafe
    ciara: int  # at Mind
    proposal: int
    other_proposal: int
    mind_stake: int
    cafe_stake: int


@pytest.fixture
def world(app, users) -> World:
    """Mind and the Wellbeing Cafe with a stake each in the social-prescribing proposal."""
    with app.app_context():
        mind = factories.organisation("Borough Mind")
        cafe = factories.organisation("Wellbeing Cafe")
        ann = factories.contact("Ann Jones", mind, phone="01632 960001")
        bryn = factories.contact("Bryn Llŷr", cafe)
        ciara = factories.contact("Ciara Ní Bhriain", mind)
        proposal = factories.proposal("Social prescribing and peer support", status="consulting")
        other = factories.proposal("Older proposal", status="submitted")
        mind_stake = factories.stake(mind, proposal, role="co_producer")
        cafe_stake = factories.stake(cafe, proposal, role="delivery_partner")
        db.session.commit()
        return World(
            mind.id,
            cafe.id,
            ann.id,
            bryn.id,
            ciara.id,
            proposal.id,
            other.id,
            mind_stake.id,
            cafe_stake.id,
        )


def log_data(world: World, **overrides) -> dict:
    """A valid log form post: a call with Ann and Bryn about the proposal."""
    data = {
        "occurred_on": "today",
        "occurred_at": "",
        "contact_ids": [str(world.ann), str(world.bryn)],
        "channel": "call",
        "outcome": "reached",
        "summary": "Both happy to co-produce the referral pathway.",
        "proposal_ids": [str(world.proposal)],
        f"stance-{world.proposal}": "supportive",
        "follow_up_description": "",
        "follow_up_owner_id": "",
        "follow_up_due_on": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
