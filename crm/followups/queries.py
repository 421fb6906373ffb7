"""Read side for follow-ups: the page of mine and everyone's, and the per-record lists."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import joinedload

from crm.contacts.models import Contact
from crm.core.extensions import db
from crm.followups.models import FollowUp

WHO = {"mine": "Mine", "everyone": "Everyone's"}
SHOW = {"open": "To do", "done": "Done"}
SECTION_LIMIT = 50


def row_options() -> tuple:
    """A follow-up row shows its owner and links: joined, so one statement per list."""
    return (
        joinedload(FollowUp.owner),
        joinedload(FollowUp.organisation),
        joinedload(FollowUp.contact),
        joinedload(FollowUp.proposal),
    )


def open_first(query: Select) -> Select:
    """Overdue and due soonest first; no due date last."""
    return query.order_by(FollowUp.due_on.asc().nulls_last(), FollowUp.id)


@dataclass
class FollowUpFilters:
    """Mine or everyone's; to do or done."""

    who: str = "mine"
    show: str = "open"

    def as_args(self) -> dict:
        """The filters as query-string arguments."""
        return {"who": self.who, "show": self.show}


def list_query(filters: FollowUpFilters, user_id: int) -> Select:
    """Follow-ups for the page, in the order people work through them."""
    query = select(FollowUp).options(*row_options())
    if filters.who == "mine":
        query = query.where(FollowUp.owner_id == user_id)
    if filters.show == "done":
        return query.where(FollowUp.done.is_(True)).order_by(
            FollowUp.done_at.desc(), FollowUp.id.desc()
        )
    return open_first(query.where(FollowUp.done.is_(False)))


def open_counts(user_id: int, today) -> dict[str, int]:
    """Open follow-ups: mine, everyone's, and my overdue ones (one statement)."""
    mine = FollowUp.owner_id == user_id
    row = db.session.execute(
        select(
            func.coalesce(func.sum(case((mine, 1), else_=0)), 0),
            func.count(),
            func.coalesce(func.sum(case(((mine & (FollowUp.due_on < today)), 1), else_=0)), 0),
        ).where(FollowUp.done.is_(False))
    ).one()
    return {"mine": int(row[0]), "everyone": int(row[1]), "overdue": int(row[2])}


def open_for(kind: str, record_id: int) -> list[FollowUp]:
    """Open follow-ups belonging to an organisation (or its people), a contact or a proposal."""
    if kind == "organisation":
        people = select(Contact.id).where(Contact.organisation_id == record_id)
        where = or_(FollowUp.organisation_id == record_id, FollowUp.contact_id.in_(people))
    elif kind == "contact":
        where = FollowUp.contact_id == record_id
    elif kind == "proposal":
        where = FollowUp.proposal_id == record_id
    else:
        raise ValueError(f"no follow-ups for {kind!r}")
    query = open_first(select(FollowUp).where(where, FollowUp.done.is_(False)))
    return list(db.session.scalars(query.options(*row_options()).limit(SECTION_LIMIT)))


def follow_up(follow_up_id: int) -> FollowUp:
    """One follow-up with its links (404 when missing)."""
    return db.first_or_404(
        select(FollowUp).where(FollowUp.id == follow_up_id).options(*row_options())
    )
