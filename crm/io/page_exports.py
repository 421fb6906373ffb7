"""Exports of the conversations, proposals, follow-ups lists and a proposal's stakes.

Each frame holds what its page shows, with the page's filters but no pagination.
"""

from __future__ import annotations

import pandas as pd
from flask_login import current_user

from crm.conversations import queries as conversation_queries
from crm.core.dates import today_london
from crm.core.extensions import db
from crm.followups import queries as followup_queries
from crm.io.exports import Column, to_frame
from crm.proposals import queries as proposal_queries
from crm.rules.vocabulary import AGREEMENTS, ENGAGEMENT_LEVELS, STAKE_ROLES, STANCES


def _people(conversation) -> str:
    return ", ".join(
        p.contact.name if p.contact is not None else "erased contact"
        for p in conversation.participants
    )


CONVERSATION_COLUMNS = [
    Column("Date", lambda c: c.occurred_on),
    Column("Time", lambda c: c.occurred_at.strftime("%H:%M") if c.occurred_at else ""),
    Column("Channel", lambda c: c.channel_label),
    Column("Outcome", lambda c: c.outcome_label),
    Column("Organisations", lambda c: ", ".join(o.name for o in c.organisations)),
    Column("People", _people),
    Column("Proposals", lambda c: ", ".join(link.proposal.title for link in c.proposal_links)),
    Column("Summary", lambda c: c.summary),
    Column("Logged by", lambda c: c.logged_by.name if c.logged_by else ""),
]

PROPOSAL_COLUMNS = [
    Column("Title", lambda s: s.proposal.title),
    Column("Status", lambda s: s.proposal.status_label),
    Column("Decision body", lambda s: s.proposal.decision_body),
    Column("Author", lambda s: s.proposal.author.name if s.proposal.author else ""),
    Column("Consultation started", lambda s: s.proposal.consultation_start),
    Column("Submission deadline", lambda s: s.deadline),
    Column("Consult by", lambda s: s.consult_by),
    Column("Stakes", lambda s: s.stakes),
    Column("Ready to draft", lambda s: "Yes" if s.draft.ready else "No"),
    Column("Ready to submit", lambda s: "Yes" if s.submit.ready else "No"),
]

STAKE_COLUMNS = [
    Column("Organisation", lambda r: r.organisation.name),
    Column("Role", lambda r: STAKE_ROLES.get(r.stake.role, r.stake.role)),
    Column("Engagement level", lambda r: ENGAGEMENT_LEVELS.get(r.stake.engagement_level, "")),
    Column("Influence", lambda r: r.stake.influence),
    Column("Interest", lambda r: r.stake.interest),
    Column("Stance", lambda r: STANCES.get(r.stake.stance, r.stake.stance)),
    Column("Consulted", lambda r: r.state.replace("_", " ")),
    Column("First consulted on", lambda r: r.consult.consulted_on),
    Column("Agreement", lambda r: AGREEMENTS.get(r.stake.agreement, r.stake.agreement)),
    Column("Agreed on", lambda r: r.stake.agreement_date),
    Column("Conditions", lambda r: r.stake.agreement_conditions),
    Column("Key contact", lambda r: r.key_contact.name if r.key_contact else ""),
    Column("Waiver reason", lambda r: r.stake.waiver_reason or ""),
    Column("Notes", lambda r: r.stake.notes),
]

FOLLOW_UP_COLUMNS = [
    Column("Due", lambda f: f.due_on),
    Column("What", lambda f: f.description),
    Column("Owner", lambda f: f.owner.name if f.owner else ""),
    Column("Organisation", lambda f: f.organisation.name if f.organisation else ""),
    Column("Contact", lambda f: f.contact.name if f.contact else ""),
    Column("Proposal", lambda f: f.proposal.title if f.proposal else ""),
    Column("Done", lambda f: "Yes" if f.done else "No"),
]


def conversations_frame(filters: conversation_queries.ConversationFilters) -> pd.DataFrame:
    """Every conversation the list shows for these filters."""
    query = conversation_queries.list_query(filters)
    return to_frame(db.session.scalars(query).unique(), CONVERSATION_COLUMNS)


def proposals_frame() -> pd.DataFrame:
    """Every proposal as the list shows it, with readiness and consult by."""
    return to_frame(proposal_queries.proposal_summaries(today_london()), PROPOSAL_COLUMNS)


def stakes_frame(proposal_id: int) -> pd.DataFrame:
    """A proposal's stakes as its page shows them (404 when missing)."""
    proposal = proposal_queries.detail(proposal_id)
    return to_frame(proposal_queries.stake_rows(proposal), STAKE_COLUMNS)


def follow_ups_frame(filters: followup_queries.FollowUpFilters) -> pd.DataFrame:
    """The follow-ups page's list (mine or everyone's, to do or done)."""
    query = followup_queries.list_query(filters, current_user.id)
    return to_frame(db.session.scalars(query).unique(), FOLLOW_UP_COLUMNS)
