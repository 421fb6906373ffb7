"""Arbitrary text in every user field never breaks a report, and is shown as typed."""

import itertools
from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm.core.extensions import db
from crm.followups.models import FollowUp
from crm.proposals.models import StatusChange
from crm.reports.organisation_summary import build_organisation_summary
from crm.reports.overview import build_overview
from crm.reports.proposal_summary import build_proposal_summary
from tests import factories
from tests.reports.helpers import pdf_text

_UNIQUE = itertools.count(1)
TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
# Any printable text, markup-like characters included; no NUL (databases refuse it).
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("<>&\"'/\n"),
    min_size=1,
    max_size=120,
).filter(lambda s: s.strip())


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=TEXT, summary=TEXT, reason=TEXT, said=TEXT, todo=TEXT, title=TEXT)
def test_arbitrary_text_never_breaks_a_report(ctx, name, summary, reason, said, todo, title):
    organisation = factories.organisation(f"{name[:150]} {next(_UNIQUE)}")
    organisation.description = summary
    person = factories.contact(name=name[:150], organisation=organisation)
    proposal = factories.proposal(title[:250], summary=summary, decision_body=name[:150])
    factories.stake(
        organisation, proposal, role="co_producer", agreement_conditions=said, notes=summary
    )
    conversation = factories.conversation(contacts=[person], summary=said)
    from crm.conversations.models import ConversationProposal

    db.session.add(ConversationProposal(conversation_id=conversation.id, proposal_id=proposal.id))
    db.session.add(
        StatusChange(
            proposal_id=proposal.id,
            from_status="consulting",
            to_status="drafting",
            changed_at=NOW,
            override_kind="drafting",
            override_reason=reason,
            outstanding=[{"id": organisation.id, "name": name}],
        )
    )
    db.session.add(
        FollowUp(description=todo, proposal_id=proposal.id, organisation_id=organisation.id)
    )
    db.session.flush()
    for pdf in (
        build_proposal_summary(proposal.id, TODAY, NOW),
        build_organisation_summary(organisation.id, TODAY, NOW),
        build_overview(TODAY, NOW),
    ):
        assert pdf.startswith(b"%PDF")
        assert "Page 1 of" in pdf_text(pdf)
    db.session.rollback()
