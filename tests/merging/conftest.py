"""Two duplicate organisations with something of every kind that must move."""

from datetime import UTC, date, datetime

import pytest

from crm.coproduction.models import NamingConsent, ResponseAnswer, ResponseRequest
from crm.coproduction.tokens import token_hash
from crm.core.extensions import db
from crm.drafts.models import Draft
from crm.followups.models import FollowUp
from crm.mail.outbox import queue_mail
from tests import factories


@pytest.fixture
def twins(app):
    """Riverside (kept) and Riverside Peer Support (the duplicate), and their world.

    Returns a dict of ids. Both have a stake in `shared`; only the duplicate has one
    in `only_theirs`. The duplicate's contact Dafydd is in two conversations, one of
    which also names the kept organisation.
    """
    with app.app_context():
        actor = factories.user("editor", name="Alex Morgan")
        kept = factories.organisation(
            "Riverside", tags="peer support", aliases="RPS", website="https://riverside.example"
        )
        other = factories.organisation(
            "Riverside Peer Support",
            tags="peer support,mental health",
            phone="01632 960001",
            website="https://old.example",
            description="Peer-led groups.",
        )
        sian = factories.contact("Siân Jones", organisation=kept, phone="01632 960100")
        dafydd = factories.contact("Dafydd Rees", organisation=other, email="d@example.org")
        shared = factories.proposal("Social prescribing action plan")
        only_theirs = factories.proposal("Winter wellbeing")
        kept_stake = factories.stake(
            kept, shared, role="co_producer", influence=2, interest=4, stance="unknown",
            key_contact_id=sian.id, notes="Ours",
        )  # fmt: skip
        other_stake = factories.stake(
            other, shared, role="affected", engagement_level="empower", influence=5, interest=1,
            stance="supportive", agreement="agreed", agreement_date=date(2026, 11, 3),
            key_contact_id=dafydd.id, notes="Theirs",
            waiver_reason="Met at the forum", waived_at=datetime(2026, 11, 4, tzinfo=UTC),
        )  # fmt: skip
        moved_stake = factories.stake(other, only_theirs, key_contact_id=dafydd.id)
        both = factories.conversation([dafydd], organisations=[kept], occurred_on=date(2026, 11, 9))
        theirs = factories.conversation([dafydd], occurred_on=date(2026, 11, 20))
        follow_up = FollowUp(description="Send the plan", organisation_id=other.id,
                             contact_id=dafydd.id, due_on=date(2026, 12, 1))  # fmt: skip
        draft = Draft(proposal_id=shared.id, number=1, source="txt", filename="v1.txt",
                      content=b"Riverside Peer Support", text="Riverside Peer Support")  # fmt: skip
        db.session.add_all([follow_up, draft])
        db.session.flush()
        consent = NamingConsent(stake_id=other_stake.id, draft_id=draft.id, state="agreed",
                                decided_on=date(2026, 11, 5))  # fmt: skip
        request = ResponseRequest(stake_id=other_stake.id, contact_id=dafydd.id, draft_id=draft.id,
                                  respond_by=date(2026, 12, 11), token_hash=token_hash("t" * 40))  # fmt: skip
        db.session.add_all([consent, request])
        db.session.flush()
        answer = ResponseAnswer(request_id=request.id, responder_name="Dafydd", contact_id=dafydd.id,
                                stance="supportive", agreement="agree")  # fmt: skip
        db.session.add(answer)
        email = queue_mail(subject="The plan", text="Hello", to_contact=dafydd, kind="test")
        db.session.commit()
        return {
            "actor": actor.id, "kept": kept.id, "other": other.id, "sian": sian.id,
            "dafydd": dafydd.id, "shared": shared.id, "only_theirs": only_theirs.id,
            "kept_stake": kept_stake.id, "other_stake": other_stake.id,
            "moved_stake": moved_stake.id, "both": both.id, "theirs": theirs.id,
            "follow_up": follow_up.id, "consent": consent.id, "request": request.id,
            "answer": answer.id, "email": email.id,
        }  # fmt: skip
