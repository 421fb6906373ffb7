"""Read side for drafts: a proposal's versions, one version, the latest."""

from __future__ import annotations

from collections.abc import Iterable

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, undefer

from crm.core.extensions import db
from crm.drafts.models import Draft


def versions(proposal_id: int) -> list[Draft]:
    """Every version of a proposal's draft, newest first, with who uploaded it (one statement)."""
    return list(
        db.session.scalars(
            select(Draft)
            .where(Draft.proposal_id == proposal_id)
            .options(joinedload(Draft.created_by))
            .order_by(Draft.number.desc())
        )
    )


def version(proposal_id: int, number: int, with_file: bool = False) -> Draft:
    """One version (404 when missing); the file's bytes only when asked for."""
    query = (
        select(Draft)
        .where(Draft.proposal_id == proposal_id, Draft.number == number)
        .options(joinedload(Draft.created_by))
    )
    if with_file:
        query = query.options(undefer(Draft.content))
    draft = db.session.scalars(query).first()
    if draft is None:
        abort(404)
    return draft


def latest_for(proposal_ids: Iterable[int]) -> dict[int, Draft]:
    """{proposal_id: its latest draft} for proposals that have one (one statement)."""
    ids = list(proposal_ids)
    if not ids:
        return {}
    newest = (
        select(Draft.proposal_id, func.max(Draft.number).label("number"))
        .where(Draft.proposal_id.in_(ids))
        .group_by(Draft.proposal_id)
        .subquery()
    )
    drafts = db.session.scalars(
        select(Draft).join(
            newest,
            (newest.c.proposal_id == Draft.proposal_id) & (newest.c.number == Draft.number),
        )
    )
    return {draft.proposal_id: draft for draft in drafts}


def latest(proposal_id: int) -> Draft | None:
    """The proposal's latest draft, if any."""
    return latest_for([proposal_id]).get(proposal_id)
