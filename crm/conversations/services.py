"""What conversations keep up to date elsewhere: each organisation's last contact dates."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select, update

from crm.conversations.models import Conversation, conversation_organisations
from crm.core.extensions import db
from crm.organisations.models import Organisation

_ORGS = Organisation.__table__


def _latest(reached_only: bool):
    """The newest live conversation with the organisation being updated, as a scalar."""
    query = (
        select(func.max(Conversation.occurred_on))
        .join(
            conversation_organisations,
            conversation_organisations.c.conversation_id == Conversation.id,
        )
        .where(
            conversation_organisations.c.organisation_id == _ORGS.c.id,
            Conversation.deleted_at.is_(None),
        )
    )
    if reached_only:
        query = query.where(Conversation.outcome == "reached")
    return query.scalar_subquery()


def refresh_contact_dates(organisation_ids: Iterable[int] | None) -> None:
    """Recompute last contact (any outcome) and last reached for these organisations.

    Call it in the same transaction as any change to a conversation's date, outcome,
    organisations or deletion; None recomputes every organisation (bulk loads, repairs).
    It is a plain UPDATE: it neither bumps the organisation's version (someone editing
    the organisation is not told it changed) nor its updated_at, and writes no audit
    entry, because nothing a person typed changed.
    """
    ids = None if organisation_ids is None else sorted(set(organisation_ids))
    if ids == []:
        return
    db.session.flush()
    statement = update(_ORGS).values(
        last_contact_on=_latest(reached_only=False),
        last_reached_on=_latest(reached_only=True),
        updated_at=_ORGS.c.updated_at,
    )
    if ids is not None:
        statement = statement.where(_ORGS.c.id.in_(ids))
    db.session.execute(statement)
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Organisation) and (ids is None or obj.id in ids):
            db.session.expire(obj, ["last_contact_on", "last_reached_on"])
