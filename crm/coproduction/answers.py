"""What partners sent back, for the daily digest (DESIGN.md section 11): answers received
since each author's last digest, and requests whose response-by date is a given day.
Each reads for many authors at once, in a fixed number of statements."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import joinedload

from crm.coproduction.models import ResponseAnswer, ResponseRequest
from crm.core.extensions import db
from crm.organisations.models import Organisation
from crm.proposals.models import Proposal, Stake


@dataclass(frozen=True)
class ReceivedResponse:
    """A written answer received about a proposal the user authors."""

    proposal_id: int
    proposal_title: str
    organisation_name: str
    responder: str
    submitted_at: datetime
    agreement: str
    naming: str | None
    changed: bool


def responses_received_since(
    since: Mapping[int, datetime],
) -> dict[int, list[ReceivedResponse]]:
    """{author id: answers received since that author's time on the proposals they author,
    oldest first} for many authors at once (two statements)."""
    if not since:
        return {}
    rows = db.session.execute(
        select(ResponseAnswer, Proposal.author_id, Proposal.id, Proposal.title, Organisation.name)
        .join(ResponseRequest, ResponseRequest.id == ResponseAnswer.request_id)
        .join(Stake, Stake.id == ResponseRequest.stake_id)
        .join(Proposal, Proposal.id == Stake.proposal_id)
        .join(Organisation, Organisation.id == Stake.organisation_id)
        .where(Proposal.author_id.is_not(None), ResponseAnswer.submitted_at >= min(since.values()))
        .order_by(ResponseAnswer.submitted_at, ResponseAnswer.id)
    ).all()
    rows = [row for row in rows if row[1] in since and row[0].submitted_at >= since[row[1]]]
    earlier = _answered_before({answer.request_id for answer, *_ in rows}, min(since.values()))
    found: dict[int, list[ReceivedResponse]] = {}
    for answer, author_id, proposal_id, title, organisation in rows:
        changed = answer.request_id in earlier or any(
            other.request_id == answer.request_id and other.submitted_at < answer.submitted_at
            for other, *_ in rows
        )
        found.setdefault(author_id, []).append(
            ReceivedResponse(
                proposal_id,
                title,
                organisation,
                answer.responder,
                answer.submitted_at,
                answer.agreement,
                answer.naming,
                changed=changed,
            )
        )
    return found


def _answered_before(request_ids: set[int], since: datetime) -> set[int]:
    if not request_ids:
        return set()
    return set(
        db.session.scalars(
            select(ResponseAnswer.request_id).where(
                ResponseAnswer.request_id.in_(request_ids), ResponseAnswer.submitted_at < since
            )
        )
    )


@dataclass(frozen=True)
class ResponseDue:
    """A request whose response-by date is the given day, still without an answer."""

    request_id: int
    proposal_id: int
    proposal_title: str
    organisation_name: str
    contact_name: str
    respond_by: date


def response_by_dates_passing(day: date) -> dict[int, list[ResponseDue]]:
    """{author id: unanswered, unrevoked requests on their proposals whose response-by date
    is `day`} (one statement)."""
    answered = exists().where(ResponseAnswer.request_id == ResponseRequest.id)
    rows = db.session.execute(
        select(ResponseRequest, Proposal.author_id, Proposal.id, Proposal.title, Organisation.name)
        .join(Stake, Stake.id == ResponseRequest.stake_id)
        .join(Proposal, Proposal.id == Stake.proposal_id)
        .join(Organisation, Organisation.id == Stake.organisation_id)
        .where(
            Proposal.author_id.is_not(None),
            ResponseRequest.respond_by == day,
            ResponseRequest.revoked_at.is_(None),
            ~answered,
        )
        .options(joinedload(ResponseRequest.contact))
        .order_by(Organisation.name_key, ResponseRequest.id)
    ).all()
    found: dict[int, list[ResponseDue]] = {}
    for item, author_id, proposal_id, title, organisation in rows:
        found.setdefault(author_id, []).append(
            ResponseDue(
                item.id,
                proposal_id,
                title,
                organisation,
                item.contact.name if item.contact else "erased contact",
                item.respond_by,
            )
        )
    return found
