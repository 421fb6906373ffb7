"""Read side for the dashboard: one function per panel, a fixed number of statements overall.

With the calendar (one statement), the panels run: calls to make 2, overdue relationships 1,
follow-ups due 1, milestones 1, recent conversations 2 (the conversation display loads),
the first-run path 1, however many proposals, organisations or conversations there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from crm import rules
from crm.auth.models import User
from crm.contacts.models import Contact
from crm.conversations.models import Conversation
from crm.conversations.queries import display_options, newest_first
from crm.coproduction.governance import decision_notices
from crm.core.extensions import db
from crm.followups.models import FollowUp
from crm.followups.queries import row_options
from crm.organisations.models import Organisation
from crm.proposals.models import Milestone, Proposal
from crm.proposals.queries import StakeRow, stake_facts, stake_rows_for
from crm.proposals.timeline import timelines_of
from crm.rules import lifecycle
from crm.settings.queries import work_calendar

FOLLOW_UP_DAYS = 14
MILESTONE_DAYS = 30
RECENT_LIMIT = 10
PANEL_LIMIT = 20


@dataclass(frozen=True)
class CallCard:
    """One active proposal on the dashboard: its timeline and the partners still to call."""

    proposal: Proposal
    timeline: rules.Timeline
    calls: list[StakeRow]
    readiness: str
    must_consult: int
    decisions: tuple = ()  # partners whose trustees or board cannot meet in time (section 10)
    no_stakes: bool = False  # no organisation has a stake yet (the readiness line says so)

    @property
    def consult_by(self) -> date | None:
        return self.timeline.consult_by


@dataclass(frozen=True)
class CallsPanel:
    """The calls to make: for my proposals, or everyone's when I author none."""

    mine: bool
    cards: list[CallCard]


def _card_order(card: CallCard) -> tuple:
    """Soonest consult-by first; proposals without a deadline last, then by title."""
    by = card.timeline.consult_by
    return (by is None, by or date.max, card.proposal.title.casefold(), card.proposal.id)


def calls_to_make(user_id: int, day: date) -> CallsPanel:
    """Must-consult stakes not yet consulted or waived, per proposal in preparation.

    Two statements and the calendar: the proposals with their deadlines, the stake rows
    (each stake keeps its consultation facts, so the conversation log is not read).
    """
    found = db.session.execute(
        select(Proposal, Milestone.due_on)
        .outerjoin(
            Milestone,
            and_(Milestone.proposal_id == Proposal.id, Milestone.is_submission_deadline.is_(True)),
        )
        .where(Proposal.status.in_(lifecycle.IN_PREPARATION))
        .options(joinedload(Proposal.author))
        .order_by(Proposal.title, Proposal.id)
    ).all()
    deadlines = {proposal.id: due_on for proposal, due_on in found if due_on}
    proposals = [proposal for proposal, _due_on in found]
    mine = [proposal for proposal in proposals if proposal.author_id == user_id]
    chosen = mine or proposals
    rows = stake_rows_for(chosen)
    calls = {
        proposal.id: sorted(
            (row for row in rows[proposal.id] if row.to_call),
            key=lambda row: rules.checklist_sort_key(
                row.state, row.stake.influence, row.organisation.name
            ),
        )
        for proposal in chosen
    }
    # The timelines and who cannot decide in time (section 10) share one calendar.
    calendar = work_calendar()
    timelines = timelines_of(
        chosen,
        day,
        {p_id: len(c) for p_id, c in calls.items()},
        deadlines=deadlines,
        calendar=calendar,
    )
    cards = [
        CallCard(
            proposal,
            timelines[proposal.id],
            calls[proposal.id],
            rules.readiness_line(stake_facts(rows[proposal.id])),
            must_consult=sum(row.must_consult for row in rows[proposal.id]),
            no_stakes=not rows[proposal.id],
            decisions=tuple(
                decision_notices(
                    rows[proposal.id],
                    day,
                    deadlines.get(proposal.id),
                    proposal.min_window_days,
                    calendar,
                ).values()
            ),
        )
        for proposal in chosen
    ]
    cards.sort(key=_card_order)
    return CallsPanel(mine=bool(mine), cards=cards)


@dataclass(frozen=True)
class OverdueOrganisation:
    """What the overdue panel shows of an organisation (plain values, not a loaded record)."""

    id: int
    name: str
    stay_in_touch_days: int
    owner_name: str | None


@dataclass(frozen=True)
class OverdueRelationship:
    """An organisation we have not reached for longer than its stay-in-touch cadence."""

    organisation: OverdueOrganisation
    last_reached_on: date | None
    days_overdue: int


def overdue_relationships(day: date) -> list[OverdueRelationship]:
    """Organisations past their cadence, longest overdue first (one statement).

    Reads each organisation's kept last-reached date, so the dashboard never rescans
    the conversation log however many years of it there are; and only the five values
    the panel shows, as plain rows: building a record (and its owner) for each of a
    county's 600 organisations with a cadence was most of the dashboard's time.
    """
    query = (
        select(
            Organisation.id,
            Organisation.name,
            Organisation.stay_in_touch_days,
            Organisation.last_reached_on,
            User.name,
        )
        .outerjoin(User, User.id == Organisation.owner_id)
        .where(Organisation.archived.is_(False), Organisation.stay_in_touch_days.is_not(None))
    )
    found = []
    for org_id, name, cadence, last_on, owner in db.session.execute(query):
        overdue = rules.stay_in_touch_overdue(last_on, cadence, day)
        if overdue is not None:
            found.append(
                OverdueRelationship(
                    OverdueOrganisation(org_id, name, cadence, owner), last_on, overdue
                )
            )
    found.sort(
        key=lambda row: rules.stay_in_touch_sort_key(row.days_overdue, row.organisation.name)
    )
    return found[:PANEL_LIMIT]


def follow_ups_due(user_id: int, day: date) -> list[FollowUp]:
    """My open follow-ups, overdue first, then due in the next fortnight (one statement)."""
    query = (
        select(FollowUp)
        .where(
            FollowUp.owner_id == user_id,
            FollowUp.done.is_(False),
            FollowUp.due_on <= day + timedelta(days=FOLLOW_UP_DAYS),
        )
        .options(*row_options())
        .order_by(FollowUp.due_on, FollowUp.id)
        .limit(PANEL_LIMIT)
    )
    return list(db.session.scalars(query))


def upcoming_milestones(day: date) -> list[Milestone]:
    """Milestones of open proposals in the next 30 days, soonest first (one statement)."""
    query = (
        select(Milestone)
        .join(Proposal, Proposal.id == Milestone.proposal_id)
        .where(
            and_(
                Proposal.status.in_(lifecycle.OPEN),
                Milestone.due_on >= day,
                Milestone.due_on <= day + timedelta(days=MILESTONE_DAYS),
            )
        )
        .options(joinedload(Milestone.proposal))
        .order_by(Milestone.due_on, Proposal.title, Milestone.id)
        .limit(PANEL_LIMIT)
    )
    return list(db.session.scalars(query))


def recent_conversations(limit: int = RECENT_LIMIT) -> list[Conversation]:
    """The latest live conversations with who, which organisations and proposals."""
    query = newest_first(
        select(Conversation).where(Conversation.deleted_at.is_(None)).options(*display_options())
    )
    return list(db.session.scalars(query.limit(limit)).unique())


@dataclass(frozen=True)
class FirstRun:
    """How far a new team has got: organisations, then contacts, then a proposal."""

    organisations: int
    contacts: int
    proposals: int

    @property
    def done(self) -> bool:
        """Every first step taken: the dashboard no longer shows the path."""
        return bool(self.organisations and self.contacts and self.proposals)


def first_run() -> FirstRun:
    """Counts of active organisations, contacts and proposals (one statement)."""

    def count(model, *where):
        return select(func.count()).select_from(model).where(*where).scalar_subquery()

    row = db.session.execute(
        select(
            count(Organisation, Organisation.archived.is_(False)),
            count(Contact, Contact.archived.is_(False)),
            count(Proposal),
        )
    ).one()
    return FirstRun(*row)
