"""What goes in a user's calendar feed, in a fixed number of statements."""

from __future__ import annotations

from sqlalchemy import select

from crm.auth.models import User
from crm.core.extensions import db
from crm.feeds.ics import ACTIVE_STATUSES, FeedItem
from crm.followups.models import FollowUp
from crm.proposals.models import Milestone, Proposal
from crm.rules.timing import consult_by
from crm.settings.queries import work_calendar


def feed_items(user: User, domain: str, url_for_proposal, url_for_followups) -> list[FeedItem]:
    """Milestones and consult-by dates of active proposals, and the user's open follow-ups."""
    rows = db.session.execute(
        select(Milestone, Proposal)
        .join(Proposal, Milestone.proposal_id == Proposal.id)
        .where(Proposal.status.in_(ACTIVE_STATUSES))
        .order_by(Milestone.due_on)
    ).all()
    calendar = work_calendar()
    items: list[FeedItem] = []
    for milestone, proposal in rows:
        link = url_for_proposal(proposal.id)
        items.append(
            FeedItem(
                uid=f"milestone-{milestone.id}@{domain}",
                day=milestone.due_on,
                summary=f"{milestone.name}: {proposal.title}",
                description=(
                    "Submission deadline for the draft." if milestone.is_submission_deadline else ""
                ),
                url=link,
            )
        )
        if milestone.is_submission_deadline and proposal.status in ("idea", "consulting"):
            by = consult_by(milestone.due_on, proposal.min_window_days, calendar)
            items.append(
                FeedItem(
                    uid=f"consult-by-{proposal.id}@{domain}",
                    day=by,
                    summary=f"Consult partners by today: {proposal.title}",
                    description=(
                        f"Last day to ask partners and still give them {proposal.min_window_days} "
                        f"working days before the deadline ({milestone.name})."
                    ),
                    url=link,
                )
            )
    follow_ups = db.session.scalars(
        select(FollowUp)
        .where(FollowUp.owner_id == user.id, FollowUp.done.is_(False), FollowUp.due_on.is_not(None))
        .order_by(FollowUp.due_on)
    ).all()
    for follow_up in follow_ups:
        items.append(
            FeedItem(
                uid=f"follow-up-{follow_up.id}@{domain}",
                day=follow_up.due_on,
                summary=f"Follow-up: {follow_up.description[:120]}",
                url=url_for_followups(),
            )
        )
    return items
