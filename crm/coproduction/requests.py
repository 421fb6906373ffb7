"""Use cases for asking in writing: make a request (and its secret link), mark it sent,
revoke it, make a new link (the partner's answer: crm/coproduction/answering.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.orm.attributes import set_committed_value

from crm.audit.services import record
from crm.contacts.models import Contact
from crm.coproduction.models import ResponseAnswer, ResponseRequest
from crm.coproduction.rules import (
    ANSWER_AGREEMENTS,
    ANSWER_NAMING,
    ANSWER_STANCES,
)
from crm.coproduction.tokens import new_token
from crm.core.db import utcnow
from crm.core.errors import FieldError
from crm.core.extensions import db
from crm.core.pages import provider
from crm.drafts.models import Draft
from crm.proposals.models import Stake

MESSAGE_MAX = 5000
LONGEST_WAIT = timedelta(days=366)
AGREEMENT_LABELS = dict(ANSWER_AGREEMENTS)
NAMING_LABELS = dict(ANSWER_NAMING)
STANCE_LABELS = dict(ANSWER_STANCES)


def askable_contacts(organisation_id: int) -> list[Contact]:
    """The organisation's people who may be asked: active and not marked do-not-contact."""
    return list(
        db.session.scalars(
            select(Contact)
            .where(
                Contact.organisation_id == organisation_id,
                Contact.archived.is_(False),
                Contact.do_not_contact.is_(False),
            )
            .order_by(Contact.name, Contact.id)
        )
    )


def create_request(
    stake: Stake, data: dict[str, Any], actor, today: date, draft: Draft | None
) -> tuple[ResponseRequest, str]:
    """A request to one contact of the stake, with a new secret link; returns (request, token).

    Raises FieldError (contact_id, respond_by, message) and writes nothing then.
    """
    contact = db.session.get(Contact, data.get("contact_id") or 0)
    if contact is None or contact.organisation_id != stake.organisation_id or contact.archived:
        raise FieldError("contact_id", "Choose someone at this organisation.")
    if contact.do_not_contact:
        raise FieldError(
            "contact_id", f"{contact.name} must not be contacted: choose someone else."
        )
    respond_by = data.get("respond_by")
    if respond_by is None:
        raise FieldError("respond_by", "Enter the date to answer by, for example 15/12/2026.")
    if respond_by <= today:
        raise FieldError("respond_by", "The date to answer by must be after today.")
    if respond_by > today + LONGEST_WAIT:
        raise FieldError("respond_by", "Choose a date within a year.")
    message = (data.get("message") or "").strip()
    if len(message) > MESSAGE_MAX:
        raise FieldError("message", f"Keep the message under {MESSAGE_MAX} characters.")
    token, hashed = new_token()
    request = ResponseRequest(
        stake_id=stake.id,
        contact_id=contact.id,
        draft_id=draft.id if draft else None,
        message=message,
        respond_by=respond_by,
        share_whole_draft=bool(data.get("share_whole_draft")) and draft is not None,
        token_hash=hashed,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(request)
    record(
        "create",
        request,
        actor,
        {
            "stake_id": (None, stake.id),
            "contact_id": (None, contact.id),
            "draft_id": (None, request.draft_id),
            "respond_by": (None, respond_by),
            "share_whole_draft": (None, request.share_whole_draft),
        },
        summary="Asked to answer in writing",
    )
    if stake.agreement == "not_asked":
        stake.agreement = "asked"
        record("update", stake, actor, {"agreement": ("not_asked", "asked")},
               summary="Asked in writing")  # fmt: skip
    return request, token


def mark_sent(request: ResponseRequest, via: str, actor) -> None:
    """Note that the request went out, by the app's mail or the officer's own."""
    if request.sent_at is not None:
        return
    request.sent_at, request.sent_via = utcnow(), via
    record("update", request, actor, {"sent_via": (None, via)}, summary="Request sent")


def revoke(request: ResponseRequest, actor) -> None:
    """Stop the link working; answers already given are kept."""
    if request.revoked_at is not None:
        return
    request.revoked_at, request.revoked_by_id = utcnow(), getattr(actor, "id", None)
    record(
        "update", request, actor, {"revoked_at": (None, request.revoked_at)}, summary="Link revoked"
    )


def new_link(request: ResponseRequest, actor) -> str:
    """A new secret link for the request (the old one stops working); returns the token."""
    if request.revoked_at is not None:
        raise FieldError("request", "This request was revoked: ask again instead.")
    token, request.token_hash = new_token()
    request.sent_at, request.sent_via = None, None
    record("update", request, actor, {"token_hash": ("(old link)", "(new link)")},
           summary="New link made; the old one no longer works")  # fmt: skip
    return token


def mark_opened(request: ResponseRequest) -> None:
    """The first time the partner opens the page (no audit entry and no new updated_at:
    nobody changed the request)."""
    if request.opened_at is None:
        now = utcnow()
        db.session.execute(
            update(ResponseRequest)
            .where(ResponseRequest.id == request.id, ResponseRequest.opened_at.is_(None))
            .values(opened_at=now, updated_at=ResponseRequest.updated_at)
        )
        set_committed_value(request, "opened_at", now)


@provider("asked_in_writing")
def asked_in_writing(stake_ids: list[int], today: date | None = None) -> set[int]:
    """Stakes with a request still waiting for an answer: not revoked, not answered, not past."""
    from crm.core.dates import today_london

    if not stake_ids:
        return set()
    today = today or today_london()
    answered = exists().where(ResponseAnswer.request_id == ResponseRequest.id)
    return set(
        db.session.scalars(
            select(ResponseRequest.stake_id).where(
                ResponseRequest.stake_id.in_(stake_ids),
                ResponseRequest.revoked_at.is_(None),
                ResponseRequest.respond_by >= today,
                ~answered,
            )
        )
    )
