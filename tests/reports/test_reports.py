"""The three reports on the demo partnership: what a board reads, in fonts that render every name."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from crm.conversations.models import Conversation, ConversationContact
from crm.core.extensions import db
from crm.demo import earlier
from crm.demo.loader import load_demo
from crm.organisations.models import Organisation
from crm.proposals.models import Proposal
from crm.reports.organisation_summary import build_organisation_summary
from crm.reports.overview import build_overview, channel_months, report_data
from crm.reports.proposal_summary import build_proposal_summary
from tests.reports.helpers import pdf_fonts, pdf_text

TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
DEJAVU = {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"}


@pytest.fixture
def demo(ctx):
    load_demo(today=TODAY)
    db.session.commit()
    return ctx


def _proposal(title: str) -> Proposal:
    return db.session.scalar(select(Proposal).where(Proposal.title == title))


def _organisation(fragment: str) -> Organisation:
    return db.session.scalar(select(Organisation).where(Organisation.name.contains(fragment)))


def _flat(text: str) -> str:
    """PDF text with line breaks folded, so wrapped sentences can be found."""
    return " ".join(text.split())


def test_proposal_summary_shows_the_override_under_its_heading(demo):
    outline = _proposal(earlier.OUTLINE_TITLE)
    pdf = build_proposal_summary(outline.id, TODAY, NOW)
    text = _flat(pdf_text(pdf))
    drafted = text.index("Drafted before consulting")
    submitted = text.index("Submitted without agreement")
    reason = _flat(earlier.OVERRIDE_REASON)
    assert drafted < text.index(reason[:60]) < submitted
    assert "Outstanding at the time:" in text
    for heading in (
        "Readiness:",
        "Stakeholder map",
        "Stakeholders",
        "Co-production sign-off",
        "Conversation log",
        "Open follow-ups",
        "Consult by",
    ):
        assert heading in text
    assert pdf_fonts(pdf) <= DEJAVU
    assert "Page 1 of" in text


def test_every_demo_proposal_report_renders_names_exactly(demo):
    texts = [
        pdf_text(build_proposal_summary(p.id, TODAY, NOW))
        for p in db.session.scalars(select(Proposal))
    ]
    joined = "\n".join(texts)
    assert "Siân Llŷr" in joined
    assert "Łukasz Żak" in joined


def test_proposal_report_readiness_line_matches_the_rules(demo):
    from crm.proposals.queries import stake_facts, stake_rows
    from crm.rules import readiness_line

    proposal = db.session.scalars(select(Proposal).order_by(Proposal.id)).first()
    line = readiness_line(stake_facts(stake_rows(proposal)))
    assert line in _flat(pdf_text(build_proposal_summary(proposal.id, TODAY, NOW)))


def test_erased_participants_are_shown_as_erased(demo):
    proposal = db.session.scalars(select(Proposal).order_by(Proposal.id)).first()
    from crm.conversations.models import ConversationProposal

    conversation_id = db.session.scalar(
        select(ConversationProposal.conversation_id).where(
            ConversationProposal.proposal_id == proposal.id
        )
    )
    for part in db.session.scalars(
        select(ConversationContact).where(ConversationContact.conversation_id == conversation_id)
    ):
        part.contact_id = None
    db.session.commit()
    assert "erased contact" in pdf_text(build_proposal_summary(proposal.id, TODAY, NOW))


def test_organisation_summary(demo):
    canolfan = _organisation("Canolfan")
    pdf = build_organisation_summary(canolfan.id, TODAY, NOW)
    text = _flat(pdf_text(pdf))
    assert canolfan.name in text
    assert "Siân Llŷr" in text
    for heading in (
        "Contacts",
        "Stakes in proposals",
        "Conversations per month",
        "Conversation history",
        "Open follow-ups",
    ):
        assert heading in text
    assert pdf_fonts(pdf) <= DEJAVU


def test_overview_lists_active_proposals_and_organisations_by_kind(demo):
    pdf = build_overview(TODAY, NOW)
    text = _flat(pdf_text(pdf))
    data = report_data(TODAY)
    assert data.proposals
    assert all(row["proposal"].status not in ("decided", "withdrawn") for row in data.proposals)
    for row in data.proposals:
        assert row["readiness"] in text
    assert "Organisations by kind" in text
    assert _organisation("Canolfan").name in text
    assert pdf_fonts(pdf) <= DEJAVU


def test_channel_months_counts_every_live_conversation_in_the_window(demo):
    months, series = channel_months(TODAY)
    assert len(months) == 12 and months[-1] == "Nov 2026"
    live = db.session.scalars(
        select(Conversation.id).where(
            Conversation.deleted_at.is_(None), Conversation.occurred_on >= date(2025, 12, 1)
        )
    ).all()
    assert sum(sum(values) for values in series.values()) == len(live)
