"""A contact with everything that can link to them, marked with unique strings."""

from __future__ import annotations

from datetime import date

import pytest

from crm.contacts import services as contacts
from crm.core.extensions import db
from crm.followups.models import FollowUp
from tests import factories

MARK = {
    "name": "Gwenllian Ŵyn-Marker",
    "email": "gwen.marker.81723@example.org",
    "phone": "07700 981 723",
    "notes": "Notes-marker-81723 <b>&amp; friends",
}


@pytest.fixture
def subject(app):
    """Ids of the marked contact, a bystander, and what links to them."""
    with app.app_context():
        admin = factories.user("admin", name="Ada Admin")
        organisation = factories.organisation("Marker Community Group")
        contact = contacts.create_contact(
            {
                "name": MARK["name"],
                "email": MARK["email"],
                "phone": MARK["phone"],
                "notes": MARK["notes"],
                "organisation_id": organisation.id,
                "preferred_channel": "phone",
                "lawful_basis": "consent",
                "consent_date": date(2025, 5, 1),
            },
            admin,
        )
        bystander = factories.contact("Bystander Person", organisation=organisation)
        proposal = factories.proposal("Peer support proposal")
        conversation = factories.conversation(
            [contact, bystander],
            summary=f"Called {MARK['name']} ({MARK['phone']}); Gwenllian said yes. Bystander too.",
        )
        alone = factories.conversation([contact], summary="Left a message for Gwenllian.")
        follow_up = FollowUp(
            description=f"Email {MARK['email']} the draft",
            contact_id=contact.id,
            organisation_id=organisation.id,
        )
        db.session.add(follow_up)
        stake = factories.stake(
            organisation, proposal, key_contact_id=contact.id, notes="Ask Gwenllian first"
        )
        db.session.commit()
        return {
            "admin": admin.id,
            "contact": contact.id,
            "bystander": bystander.id,
            "organisation": organisation.id,
            "conversation": conversation.id,
            "alone": alone.id,
            "follow_up": follow_up.id,
            "stake": stake.id,
            "stake_version": stake.version,
        }
