"""Exports of the conversations, proposals, follow-ups lists and a proposal's stakes.

Each frame holds what its page shows, with the page's filters but no pagination.
"""

from __future__ import annotations

import pandas as pd
from flask_login import current_user

from crm.auth.queries import user_choices
from crm.contacts import queries as contact_queries
from crm.conversations import queries as conversation_queries
from crm.core.dates import today_london
from crm.core.extensions import db
from crm.core.urls import parse_id
from crm.followups import queries as followup_queries
from crm.io.exports import Column, to_frame
from crm.logbook.forms import ConversationFilterForm
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


def conversation_filters(args) -> conversation_queries.ConversationFilters:
    """The list page's filters read the same way the page reads them (invalid dates ignored)."""
    form = ConversationFilterForm(formdata=args)
    form.organisation.choices = [(0, "Any organisation")] + (
        conversation_queries.all_active_organisations()
    )
    form.contact.choices = [(0, "Anyone")] + contact_queries.contact_choices()
    form.logged_by.choices = [(0, "Anyone")] + user_choices()
    form.validate()
    return conversation_queries.ConversationFilters(
        q=(form.q.data or "")[:200],
        organisation=form.organisation.data or 0,
        contact=form.contact.data or 0,
        channel=form.channel.data or "",
        outcome=form.outcome.data or "",
        date_from=form.date_from.data if not form.date_from.errors else None,
        date_to=form.date_to.data if not form.date_to.errors else None,
        logged_by=form.logged_by.data or 0,
        proposal=parse_id(args.get("proposal")) or 0,
    )


def conversations_frame(args) -> pd.DataFrame:
    """Every conversation the list shows for these filters."""
    query = conversation_queries.list_query(conversation_filters(args))
    return to_frame(db.session.scalars(query).unique(), CONVERSATION_COLUMNS)


def proposals_frame() -> pd.DataFrame:
    """Every proposal as the list shows it, with readiness and consult by."""
    return to_frame(proposal_queries.proposal_summaries(today_london()), PROPOSAL_COLUMNS)


def stakes_frame(proposal_id: int) -> pd.DataFrame:
    """A proposal's stakes as its page shows them (404 when missing)."""
    proposal = proposal_queries.detail(proposal_id)
    return to_frame(proposal_queries.stake_rows(proposal), STAKE_COLUMNS)


def follow_ups_frame(args) -> pd.DataFrame:
    """The follow-ups page's list (mine or everyone's, to do or done)."""
    filters = followup_queries.FollowUpFilters.from_args(args)
    query = followup_queries.list_query(filters, current_user.id)
    return to_frame(db.session.scalars(query).unique(), FOLLOW_UP_COLUMNS)
