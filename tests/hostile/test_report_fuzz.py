"""Every PDF renders every value the forms accept: the longest value in every field at once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crm.conversations.models import ConversationProposal
from crm.core.extensions import db
from crm.followups.models import FollowUp
from crm.proposals.models import Milestone, StatusChange
from tests import factories


def _text(style: str, length: int, seed: str = "") -> str:
    """`length` characters of prose, of one unbroken word, or of short lines."""
    if style == "prose":
        base = f"{seed}Ffion said the peer-support network would co-produce the plan. "
    elif style == "unbroken":
        base = f"{seed}https://example.org/a-very-long-link-pasted-from-an-email/"
    else:
        base = f"{seed}point\n"
    return (base * (length // len(base) + 1))[:length]


@pytest.fixture(params=["prose", "unbroken", "lines"])
def longest(request, app, users):
    style = request.param

    def t(n: int, seed: str = "") -> str:
        return _text(style, n, seed)

    with app.app_context():
        when = datetime(2026, 11, 20, 10, tzinfo=UTC)
        orgs = [
            factories.organisation(
                t(200, f"Org{i} "),
                description=t(5000),
                address=t(1000),
                area_served=t(200),
                tags=t(500),
                website="https://example.org/" + "w" * 270,
                phone="0" * 40,
                email=("e" * 300) + f"{i}@example.org",
                kind="charity",
            )
            for i in range(3)
        ]
        people = [
            factories.contact(
                t(200, f"Person{i} "),
                organisation=org,
                job_title=t(200),
                email=("p" * 300) + f"{i}@example.org",
                phone="0" * 40,
                phone_other="1" * 40,
                best_times=t(200),
                notes=t(5000),
                lawful_basis_note=t(300),
            )
            for i, org in enumerate(orgs)
        ]
        proposal = factories.proposal(
            t(300, "Plan "),
            summary=t(10000),
            decision_body=t(200),
            status="drafting",
            author_id=users["editor"],
        )
        for i, org in enumerate(orgs):
            factories.stake(
                org,
                proposal,
                role="co_producer",
                notes=t(5000),
                agreement="agreed_with_conditions",
                agreement_date=date(2026, 11, 2),
                agreement_conditions=t(5000),
                key_contact_id=people[i].id,
                waiver_reason=t(2000) if i == 2 else None,
                waived_at=when if i == 2 else None,
            )
        for i in range(4):
            conversation = factories.conversation(
                people, occurred_on=date(2026, 11, 3 + i), summary=t(5000)
            )
            db.session.add(
                ConversationProposal(conversation_id=conversation.id, proposal_id=proposal.id)
            )
            db.session.add(
                FollowUp(
                    description=t(1000),
                    due_on=date(2026, 12, 1),
                    owner_id=users["editor"],
                    contact_id=people[0].id,
                    organisation_id=orgs[0].id,
                    proposal_id=proposal.id,
                    conversation_id=conversation.id,
                )
            )
        for i in range(3):
            db.session.add(
                Milestone(
                    proposal_id=proposal.id,
                    name=t(200),
                    due_on=date(2027, 1, 10 + i),
                    is_submission_deadline=i == 2,
                )
            )
        db.session.add(
            StatusChange(
                proposal_id=proposal.id,
                from_status="consulting",
                to_status="drafting",
                changed_at=when,
                override_kind="drafting",
                override_reason=t(2000),
                outstanding=[{"id": orgs[0].id, "name": orgs[0].name}],
            )
        )
        db.session.commit()
        return {"proposal": proposal.id, "organisation": orgs[0].id, "contact": people[0].id}


def test_every_report_renders_the_longest_values(client, login_as, longest):
    login_as("admin")
    for path in (
        f"/proposals/{longest['proposal']}/report.pdf",
        f"/proposals/{longest['proposal']}/call-sheet.pdf",
        f"/organisations/{longest['organisation']}/report.pdf",
        "/reports/overview.pdf",
        f"/privacy/contacts/{longest['contact']}/export.pdf",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.data.startswith(b"%PDF")
