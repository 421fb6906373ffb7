"""Read side for proposals: stake rows with their consult state, the list and the detail page.

`stake_rows(proposal)` is the one place that turns stakes and logged conversations into
the rules' view of them (DESIGN.md 3.1 to 3.3); the proposal page, the status change
and the pre-drafting checklist all read it. It runs one statement whatever the number
of stakes or conversations: the stakes with their organisation, key contact and waiver
author; each stake keeps its consultation facts (crm/proposals/consultation.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from crm import rules
from crm.contacts.models import Contact
from crm.core.dates import LONDON
from crm.core.extensions import db
from crm.core.pages import provided
from crm.organisations.models import Organisation
from crm.proposals.consultation import kept_facts
from crm.proposals.models import Proposal, Stake, StatusChange
from crm.proposals.timeline import timelines_of
from crm.rules import lifecycle
from crm.rules.vocabulary import AGREEMENTS, ENGAGEMENT_LEVELS, STAKE_ROLES, STANCES

# Value -> label maps the stake tables show.
LABELS = {
    "roles": STAKE_ROLES,
    "levels": ENGAGEMENT_LEVELS,
    "stances": STANCES,
    "agreements": AGREEMENTS,
}


@dataclass(frozen=True)
class StakeRow:
    """One stake as the rules see it.

    `stake` has `organisation`, `key_contact` and `waived_by` loaded (the same objects
    as `organisation` and `key_contact` here). `consult` is rules.state_of the stake's kept
    facts (rules.consult_facts over the live conversations that concern this proposal and
    involve this organisation) and its waiver;
    `fact` is the rules.StakeFact that ready_to_draft and ready_to_submit take.
    """

    stake: Stake
    organisation: Organisation
    key_contact: Contact | None
    consult: rules.ConsultState
    fact: rules.StakeFact

    @property
    def state(self) -> str:
        """consulted, attempted, not_yet or waived."""
        return self.consult.state

    @property
    def must_consult(self) -> bool:
        """Whether this stake must be consulted before drafting (DESIGN.md 3.2)."""
        return rules.must_consult(self.stake.engagement_level)

    @property
    def to_call(self) -> bool:
        """Whether a partner still has to be called before drafting (not yet, or only tried)."""
        return self.must_consult and self.state in rules.TO_CALL

    @property
    def needs_sign_off(self) -> bool:
        """Whether this stake must agree before submitting (DESIGN.md 3.3)."""
        return rules.needs_sign_off(self.stake.engagement_level)

    @property
    def label(self) -> rules.StateLabel:
        """The consult state in words, as every page, sheet and PDF shows it."""
        waiver = self.stake if self.stake.waived else None
        return rules.state_label(
            self.consult,
            self.must_consult,
            waiver.waiver_reason if waiver else None,
            waiver.waived_by.name if waiver and waiver.waived_by else None,
            waiver.waived_at.astimezone(LONDON).date() if waiver and waiver.waived_at else None,
        )

    @property
    def attempts(self) -> str | None:
        """'Tried twice, last Tue 3 Nov' or None."""
        return rules.attempt_summary(self.consult)


def stake_rows_for(proposals: Sequence[Proposal]) -> dict[int, list[StakeRow]]:
    """{proposal_id: [StakeRow]} for several proposals, by organisation name (one statement:
    each stake keeps its consultation facts, crm/proposals/consultation.py)."""
    by_id = {proposal.id: proposal for proposal in proposals}
    rows: dict[int, list[StakeRow]] = {proposal_id: [] for proposal_id in by_id}
    if not by_id:
        return rows
    stakes = db.session.scalars(
        select(Stake)
        .join(Organisation, Organisation.id == Stake.organisation_id)
        .where(Stake.proposal_id.in_(by_id))
        .options(
            joinedload(Stake.organisation),
            joinedload(Stake.key_contact),
            joinedload(Stake.waived_by),
        )
        .order_by(Organisation.name_key, Stake.id)
    ).all()
    for stake in stakes:
        consult = rules.state_of(kept_facts(stake), stake.waived)
        fact = rules.StakeFact(
            organisation_id=stake.organisation_id,
            organisation_name=stake.organisation.name,
            engagement_level=stake.engagement_level,
            state=consult.state,
            agreement=stake.agreement,
        )
        rows[stake.proposal_id].append(
            StakeRow(stake, stake.organisation, stake.key_contact, consult, fact)
        )
    return rows


def stake_rows(proposal: Proposal) -> list[StakeRow]:
    """Every stake of one proposal with its consult state, by organisation name (one statement)."""
    return stake_rows_for([proposal])[proposal.id]


def naming_facts_for(
    proposals: Sequence[Proposal], rows: dict[int, list[StakeRow]] | None = None
) -> dict[int, list[rules.NamingFact]]:
    """{proposal_id: [NamingFact]}: who each proposal's latest draft names and whether they
    agreed, as the co-production feature reads them (crm.core.pages provider "naming_facts")."""
    found = provided("naming_facts", list(proposals), rows, default=None) or {}
    return {proposal.id: found.get(proposal.id, []) for proposal in proposals}


def stake_facts(rows: Iterable[StakeRow]) -> list[rules.StakeFact]:
    """The rules' facts of some stake rows, for ready_to_draft, ready_to_submit, readiness_line."""
    return [row.fact for row in rows]


@dataclass(frozen=True)
class ProposalSummary:
    """A proposal on the list page with its timeline and readiness."""

    proposal: Proposal
    timeline: rules.Timeline
    stakes: int
    draft: rules.Readiness
    submit: rules.Readiness

    @property
    def deadline(self) -> date | None:
        return self.timeline.deadline

    @property
    def consult_by(self) -> date | None:
        return self.timeline.consult_by


def proposal_summaries(today: date) -> list[ProposalSummary]:
    """Every proposal with its timeline and readiness, in five statements."""
    proposals = db.session.scalars(
        select(Proposal).options(joinedload(Proposal.author)).order_by(Proposal.title, Proposal.id)
    ).all()
    rows = stake_rows_for(proposals)
    drafts = {p.id: rules.ready_to_draft(stake_facts(rows[p.id])) for p in proposals}
    naming = naming_facts_for(proposals, rows)
    timelines = timelines_of(
        proposals, today, unconsulted={p_id: len(d.outstanding) for p_id, d in drafts.items()}
    )
    return [
        ProposalSummary(
            proposal=proposal,
            timeline=timelines[proposal.id],
            stakes=len(rows[proposal.id]),
            draft=drafts[proposal.id],
            submit=rules.ready_to_submit(stake_facts(rows[proposal.id]), naming[proposal.id]),
        )
        for proposal in proposals
    ]


def detail(proposal_id: int) -> Proposal:
    """One proposal with its author and milestones loaded, in one statement (404 when missing)."""
    proposal = (
        db.session.scalars(
            select(Proposal)
            .where(Proposal.id == proposal_id)
            .options(joinedload(Proposal.author), joinedload(Proposal.milestones))
        )
        .unique()
        .first()
    )
    if proposal is None:
        abort(404)
    return proposal


def status_history(proposal: Proposal) -> list[StatusChange]:
    """The proposal's status changes, newest first, with who made them."""
    return list(
        db.session.scalars(
            select(StatusChange)
            .where(StatusChange.proposal_id == proposal.id)
            .options(joinedload(StatusChange.changed_by))
            .order_by(StatusChange.changed_at.desc(), StatusChange.id.desc())
        )
    )


def stakes_of_organisation(organisation_id: int) -> list[Stake]:
    """An organisation's stakes with their proposals, open proposals first (one statement)."""
    stakes = db.session.scalars(
        select(Stake)
        .join(Proposal, Proposal.id == Stake.proposal_id)
        .where(Stake.organisation_id == organisation_id)
        .options(joinedload(Stake.proposal), joinedload(Stake.waived_by))
        .order_by(Proposal.title, Proposal.id)
    ).all()
    return sorted(stakes, key=lambda stake: stake.proposal.status in lifecycle.CLOSED)


def waiver_line(stake: Stake) -> str:
    """A waived stake's reason, who waived it and when (as the checklist says it)."""
    return rules.waiver_detail(
        stake.waiver_reason,
        stake.waived_by.name if stake.waived_by else None,
        stake.waived_at.astimezone(LONDON).date() if stake.waived_at else None,
    )
