"""Read side for the pre-drafting checklist: timeline, readiness and one row per stake.

`checklist(proposal, today)` runs a fixed number of statements whatever the number of
stakes: the two of `stake_rows`, the settings row for the calendar, one for the last
conversation about this proposal per organisation and one for the consultation load.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from crm import rules
from crm.conversations.models import Conversation, ConversationProposal, conversation_organisations
from crm.coproduction import queries as coproduction_queries
from crm.coproduction.governance import decision_notices
from crm.coproduction.sections import report_context
from crm.core.extensions import db
from crm.drafts import queries as draft_queries
from crm.proposals import queries as proposal_queries
from crm.proposals.models import Proposal
from crm.proposals.queries import StakeRow
from crm.proposals.timeline import submission_deadline, timeline_of
from crm.rules.vocabulary import OUTCOMES
from crm.settings.queries import work_calendar


@dataclass(frozen=True)
class LastConversation:
    """The latest conversation with an organisation about one proposal."""

    occurred_on: date
    outcome: str

    @property
    def outcome_label(self) -> str:
        return OUTCOMES.get(self.outcome, self.outcome)


@dataclass(frozen=True)
class ChecklistRow:
    """One stake on the checklist with what the row shows besides the stake."""

    row: StakeRow
    last: LastConversation | None
    load: int
    named: coproduction_queries.NamedPartner | None = None  # named in the latest draft
    requests: tuple = ()  # coproduction_queries.RequestRow: asked in writing, newest first
    decision: object | None = None  # a warning: no decision meeting before the date to answer

    @property
    def waiting_in_writing(self):
        """The newest request in writing still waiting for an answer, if any."""
        return next((r for r in self.requests if r.state in ("sent", "opened", "not_sent")), None)

    @property
    def load_message(self) -> str | None:
        return rules.load_message(self.load)

    @property
    def dom_id(self) -> str:
        return f"row-{self.row.stake.id}"


@dataclass(frozen=True)
class Checklist:
    """A proposal's pre-drafting checklist."""

    proposal: Proposal
    today: date
    timeline: rules.Timeline
    readiness: rules.Readiness
    readiness_line: str
    must: list[ChecklistRow]
    inform: list[ChecklistRow]
    names: dict | None = None  # the latest draft's names check (coproduction.sections)

    @property
    def rows(self) -> list[ChecklistRow]:
        return self.must + self.inform


def detail(proposal_id: int) -> Proposal:
    """The proposal with author and milestones (404 when missing)."""
    return proposal_queries.detail(proposal_id)


def last_conversations(
    proposal_id: int, organisation_ids: list[int]
) -> dict[int, LastConversation]:
    """{organisation_id: latest live conversation about the proposal} (one statement)."""
    if not organisation_ids:
        return {}
    org = conversation_organisations.c.organisation_id
    query = (
        select(org, Conversation.occurred_on, Conversation.outcome, Conversation.id)
        .join(Conversation, Conversation.id == conversation_organisations.c.conversation_id)
        .join(ConversationProposal, ConversationProposal.conversation_id == Conversation.id)
        .where(
            ConversationProposal.proposal_id == proposal_id,
            org.in_(organisation_ids),
            Conversation.deleted_at.is_(None),
        )
        .order_by(Conversation.occurred_on, Conversation.id)
    )
    found: dict[int, LastConversation] = {}
    for organisation_id, occurred_on, outcome, _id in db.session.execute(query):
        found[organisation_id] = LastConversation(occurred_on, outcome)  # later rows win
    return found


def consultation_loads(organisation_ids: list[int], today: date) -> dict[int, int]:
    """{organisation_id: proposals asked about in the last 90 days} (one statement)."""
    if not organisation_ids:
        return {}
    org = conversation_organisations.c.organisation_id
    since = today - timedelta(days=rules.LOAD_WINDOW_DAYS)
    query = (
        select(org, ConversationProposal.proposal_id, Conversation.occurred_on)
        .join(Conversation, Conversation.id == conversation_organisations.c.conversation_id)
        .join(ConversationProposal, ConversationProposal.conversation_id == Conversation.id)
        .where(
            org.in_(organisation_ids),
            Conversation.deleted_at.is_(None),
            Conversation.occurred_on > since,
            Conversation.occurred_on <= today,
            # Redundant with the join, but it makes SQLite start from the conversations
            # about proposals (a few percent) rather than every conversation of the last
            # 90 days: 5 ms instead of 90 on county data.
            Conversation.id.in_(select(ConversationProposal.conversation_id)),
        )
        .distinct()
    )
    asked: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for organisation_id, proposal_id, occurred_on in db.session.execute(query):
        asked[organisation_id].append((proposal_id, occurred_on))
    return {oid: rules.consultation_load(pairs, today) for oid, pairs in asked.items()}


@dataclass(frozen=True)
class ProposalAsked:
    """A proposal an organisation was asked about in the load window, and when last."""

    proposal_id: int
    title: str
    last_asked_on: date


def proposals_asked(organisation_id: int, today: date) -> list[ProposalAsked]:
    """The proposals one organisation was asked about in the last 90 days, most recent
    first (one statement): rule 3.6's input, for the organisation page."""
    org = conversation_organisations.c.organisation_id
    since = today - timedelta(days=rules.LOAD_WINDOW_DAYS)
    last_on = func.max(Conversation.occurred_on)
    query = (
        select(Proposal.id, Proposal.title, last_on)
        .join(ConversationProposal, ConversationProposal.proposal_id == Proposal.id)
        .join(Conversation, Conversation.id == ConversationProposal.conversation_id)
        .join(
            conversation_organisations,
            conversation_organisations.c.conversation_id == Conversation.id,
        )
        .where(
            org == organisation_id,
            Conversation.deleted_at.is_(None),
            Conversation.occurred_on > since,
            Conversation.occurred_on <= today,
        )
        .group_by(Proposal.id, Proposal.title)
        .order_by(last_on.desc(), Proposal.title)
    )
    return [ProposalAsked(*row) for row in db.session.execute(query)]


def checklist(proposal: Proposal, today: date, with_names: bool = True) -> Checklist:
    """The checklist of a proposal loaded by `detail` (seven statements, with the latest
    draft and the requests in writing; with a draft, those of its names check too)."""
    stake_rows = proposal_queries.stake_rows(proposal)
    draft = draft_queries.latest(proposal.id) if with_names else None
    report = coproduction_queries.names_report(proposal, draft, stake_rows) if draft else None
    named = {p.stake.id: p for p in report.named} if report else {}
    facts = proposal_queries.stake_facts(stake_rows)
    readiness = rules.ready_to_draft(facts)
    calendar = work_calendar()
    line = timeline_of(proposal, today, len(readiness.outstanding), calendar)
    ids = [row.organisation.id for row in stake_rows]
    last = last_conversations(proposal.id, ids)
    loads = consultation_loads(ids, today)
    asked = coproduction_queries.requests_by_stake(proposal.id, today)
    waiting = {
        stake_id: found[0].request.respond_by
        for stake_id, found in asked.items()
        if found[0].state in ("not_sent", "sent", "opened")
    }
    decisions = decision_notices(
        stake_rows,
        today,
        submission_deadline(proposal),
        proposal.min_window_days,
        calendar,
        waiting,
    )
    rows = [
        ChecklistRow(
            r,
            last.get(r.organisation.id),
            loads.get(r.organisation.id, 0),
            named.get(r.stake.id),
            tuple(asked.get(r.stake.id, ())),
            decisions.get(r.stake.id),
        )
        for r in stake_rows
    ]
    must = sorted(
        (r for r in rows if r.row.must_consult),
        key=lambda r: rules.checklist_sort_key(
            r.row.state, r.row.stake.influence, r.row.organisation.name
        ),
    )
    inform = [r for r in rows if not r.row.must_consult]
    return Checklist(
        proposal=proposal,
        today=today,
        timeline=line,
        readiness=readiness,
        readiness_line=rules.readiness_line(facts),
        must=must,
        inform=inform,
        names=report_context(report, proposal) if report else None,
    )
