"""The digest's own sections: consult-by dates close with partners to call, and follow-ups due.

Both read for all users at once, in a fixed number of statements, from the same
rules and read-side functions as the dashboard and the checklist.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import select

from crm import rules
from crm.coproduction.answers import response_by_dates_passing, responses_received_since
from crm.core.dates import uk_date, utcnow
from crm.core.extensions import db
from crm.followups.models import FollowUp
from crm.followups.queries import row_options
from crm.mail.digest import DigestItem, DigestRequest, DigestSection, digest_section
from crm.proposals.models import Proposal
from crm.proposals.queries import StakeRow, stake_facts, stake_rows_for
from crm.proposals.timeline import submission_deadlines, timelines_of
from crm.reminders.rules import consult_soon, days_phrase
from crm.rules.lifecycle import BEFORE_DRAFTING
from crm.rules.vocabulary import ANSWER_AGREEMENTS, ANSWER_NAMING

STATE_WORDS = {"not_yet": "not yet", "attempted": "tried"}


def _call_line(row: StakeRow) -> str:
    """'Riverside Peer Support Network: Gwenllian ap Rhys, 07700 900124 (prefers email); tried'."""
    contact = row.key_contact
    if contact is None:
        who = "no key contact set"
    else:
        number = contact.phone or contact.phone_other or "no number on file"
        who = f"{contact.name}, {number} (prefers {contact.channel_label.lower()})"
        if contact.do_not_contact:
            who = f"{contact.name} (asked not to be contacted)"
    state = row.attempts or STATE_WORDS.get(row.state, row.state)
    return f"{row.organisation.name}: {who}; {state[0].lower() + state[1:]}"


@digest_section(order=10)
def consult_by_soon(request: DigestRequest) -> dict[int, DigestSection]:
    """Authors' proposals with a consult-by date within five working days (four statements):
    the timelines are the checklist's (crm/proposals/timeline.py)."""
    ids = set(request.user_ids)
    proposals = [
        proposal
        for proposal in db.session.scalars(
            select(Proposal)
            .where(Proposal.status.in_(BEFORE_DRAFTING), Proposal.author_id.is_not(None))
            .order_by(Proposal.title, Proposal.id)
        )
        if proposal.author_id in ids
    ]
    deadlines = submission_deadlines(p.id for p in proposals)
    lines = timelines_of(proposals, request.today, deadlines=deadlines, calendar=request.calendar)
    # Only proposals whose consult-by date is near (were anyone still to call) need their
    # stakes read.
    near = [p for p in proposals if consult_soon(lines[p.id], request.today, still_to_call=1)]
    near.sort(key=lambda p: (deadlines[p.id], p.title, p.id))
    rows = stake_rows_for(near)
    calls = {proposal.id: _still_to_call(rows[proposal.id]) for proposal in near}
    lines = timelines_of(
        near,
        request.today,
        unconsulted={pid: len(still) for pid, still in calls.items()},
        deadlines=deadlines,
        calendar=request.calendar,
    )
    items: dict[int, list[DigestItem]] = defaultdict(list)
    for proposal in near:
        line, still = lines[proposal.id], calls[proposal.id]
        if not consult_soon(line, request.today, len(still)):
            continue
        must = sum(row.must_consult for row in rows[proposal.id])
        items[proposal.author_id].append(
            DigestItem(
                text=(
                    f"{proposal.title}: consult partners by {uk_date(line.consult_by)} "
                    f"({days_phrase(line, request.today)}). "
                    f"{len(still)} of {must} still to consult:"
                ),
                details=tuple(_call_line(row) for row in still),
                url=request.link("checklists.show", proposal_id=proposal.id),
                url_label="Open the checklist",
            )
        )
    return {
        user_id: DigestSection("Partners to consult soon", entries, order=10)
        for user_id, entries in items.items()
    }


def _still_to_call(rows: list[StakeRow]) -> list[StakeRow]:
    """The partners that keep the proposal from being ready to draft, in checklist order."""
    outstanding = {
        fact.organisation_id for fact in rules.ready_to_draft(stake_facts(rows)).outstanding
    }
    calls = [row for row in rows if row.organisation.id in outstanding]
    calls.sort(
        key=lambda r: rules.checklist_sort_key(r.state, r.stake.influence, r.organisation.name)
    )
    return calls


@digest_section(order=20)
def follow_ups_due(request: DigestRequest) -> dict[int, DigestSection]:
    """Each user's open follow-ups due today or overdue (one statement)."""
    follow_ups = db.session.scalars(
        select(FollowUp)
        .where(
            FollowUp.owner_id.in_(request.user_ids),
            FollowUp.done.is_(False),
            FollowUp.due_on <= request.today,
        )
        .options(*row_options())
        .order_by(FollowUp.due_on, FollowUp.id)
    ).all()
    items: dict[int, list[DigestItem]] = defaultdict(list)
    link = request.link("followups.index")
    for follow_up in follow_ups:
        when = (
            "Due today"
            if follow_up.due_on == request.today
            else f"Overdue since {uk_date(follow_up.due_on)}"
        )
        about = [
            record.name if hasattr(record, "name") else record.title
            for record in (follow_up.organisation, follow_up.contact, follow_up.proposal)
            if record is not None
        ]
        details = (f"About: {', '.join(about)}",) if about else ()
        items[follow_up.owner_id].append(
            DigestItem(f"{when}: {follow_up.description}", details, link, "Your follow-ups")
        )
    return {
        user_id: DigestSection("Follow-ups due", entries, order=20)
        for user_id, entries in items.items()
    }


@digest_section(order=30)
def written_responses(request: DigestRequest) -> dict[int, DigestSection]:
    """Authors: the partners' written answers since their last digest (two statements)."""
    first = utcnow() - timedelta(days=1)  # a user's first digest looks back one day
    since = {user_id: request.since.get(user_id) or first for user_id in request.user_ids}
    return {
        author_id: DigestSection(
            "Written responses received",
            [
                DigestItem(
                    text=(
                        f"{answer.organisation_name} answered about {answer.proposal_title}"
                        f"{' (a changed answer)' if answer.changed else ''}: "
                        f"{ANSWER_AGREEMENTS[answer.agreement].lower()}"
                        + (f"; {ANSWER_NAMING[answer.naming].lower()}" if answer.naming else "")
                        + f". From {answer.responder}."
                    ),
                    url=request.link("proposals.detail", proposal_id=answer.proposal_id),
                    url_label="Open the proposal",
                )
                for answer in answers
            ],
            order=30,
        )
        for author_id, answers in responses_received_since(since).items()
    }


@digest_section(order=40)
def responses_due_today(request: DigestRequest) -> dict[int, DigestSection]:
    """Authors: requests whose response-by date is today, still unanswered (one statement)."""
    users = set(request.user_ids)
    return {
        author_id: DigestSection(
            "Written responses due today",
            [
                DigestItem(
                    text=(
                        f"{due.organisation_name} ({due.contact_name}) has not yet answered "
                        f"about {due.proposal_title}; the response-by date is today."
                    ),
                    url=request.link("checklists.show", proposal_id=due.proposal_id),
                    url_label="Open the checklist",
                )
                for due in items
            ],
            order=40,
        )
        for author_id, items in response_by_dates_passing(request.today).items()
        if author_id in users
    }
