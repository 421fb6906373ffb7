"""What goes in a user's calendar feed, in a fixed number of statements."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from crm.auth.models import User
from crm.core.dates import today_london
from crm.core.extensions import db
from crm.feeds.ics import FeedItem
from crm.followups.models import FollowUp
from crm.proposals.models import Proposal
from crm.proposals.timeline import timeline_of
from crm.rules import lifecycle
from crm.settings.queries import work_calendar


def feed_items(user: User, domain: str, url_for_proposal, url_for_followups) -> list[FeedItem]:
    """Milestones and consult-by dates of active proposals, and the user's open follow-ups."""
    proposals = db.session.scalars(
        select(Proposal)
        .where(Proposal.status.in_(lifecycle.IN_PREPARATION))
        .options(selectinload(Proposal.milestones))
        .order_by(Proposal.id)
    ).all()
    calendar = work_calendar()
    items: list[FeedItem] = []
    for proposal in proposals:
        link = url_for_proposal(proposal.id)
        for milestone in proposal.milestones:
            items.append(
                FeedItem(
                    uid=f"milestone-{milestone.id}@{domain}",
                    day=milestone.due_on,
                    summary=f"{milestone.name}: {proposal.title}",
                    description=(
                        "Submission deadline for the draft."
                        if milestone.is_submission_deadline
                        else ""
                    ),
                    url=link,
                )
            )
        # The timeline's today does not matter for the consult-by date itself.
        by = timeline_of(proposal, today_london(), calendar=calendar).consult_by
        if by is not None and proposal.status in lifecycle.BEFORE_DRAFTING:
            items.append(
                FeedItem(
                    uid=f"consult-by-{proposal.id}@{domain}",
                    day=by,
                    summary=f"Consult partners by today: {proposal.title}",
                    description=(
                        f"Last day to ask partners and still give them {proposal.min_window_days} "
                        "working days before the submission deadline."
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
