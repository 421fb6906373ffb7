"""Taking a partner's written answer from the partner page: checked, stored, recorded as
a conversation, and the stake's agreement and consent to be named set from it."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import exists, select

from crm.audit.services import apply_changes, record
from crm.contacts.models import Contact
from crm.coproduction import services as consent_services
from crm.coproduction.models import ResponseAnswer, ResponseRequest
from crm.coproduction.requests import (
    AGREEMENT_LABELS,
    MESSAGE_MAX,
    NAMING_LABELS,
    STANCE_LABELS,
    mark_opened,
)
from crm.coproduction.rules import (
    NAMING_CONSENT,
    STAKE_AGREEMENT,
    may_answer,
)
from crm.core.errors import FieldError
from crm.core.extensions import db
from crm.drafts.models import Draft
from crm.logbook import services as conversations
from crm.proposals.models import Stake


def _clean_answer(data: dict[str, Any], naming_asked: bool) -> dict[str, Any]:
    values = {
        key: (data.get(key) or "").strip()
        for key in (
            "responder_name", "responder_role", "stance", "stance_comments", "agreement",
            "agreement_detail", "naming", "naming_wording",
        )
    }  # fmt: skip
    if not values["responder_name"]:
        raise FieldError("responder_name", "Enter your name.")
    for key in ("responder_name", "responder_role"):
        if len(values[key]) > 200:
            raise FieldError(key, "Keep it under 200 characters.")
    for key in ("stance_comments", "agreement_detail", "naming_wording"):
        if len(values[key]) > MESSAGE_MAX:
            raise FieldError(key, f"Keep it under {MESSAGE_MAX} characters.")
    if values["stance"] not in STANCE_LABELS:
        raise FieldError("stance", "Choose what you think of the proposal.")
    if values["agreement"] not in AGREEMENT_LABELS:
        raise FieldError("agreement", "Choose whether you agree.")
    if values["agreement"] == "agree_with_conditions" and not values["agreement_detail"]:
        raise FieldError("agreement_detail", "Say what your conditions are.")
    if values["agreement"] == "need_more_time" and not values["agreement_detail"]:
        raise FieldError("agreement_detail", "Say how much more time you need, and why.")
    if not naming_asked:
        values["naming"], values["naming_wording"] = None, ""
    elif values["naming"] not in NAMING_LABELS:
        raise FieldError("naming", "Choose whether we may name you.")
    elif values["naming"] == "yes_with_wording" and not values["naming_wording"]:
        raise FieldError("naming_wording", "Give the wording you would like.")
    elif values["naming"] != "yes_with_wording":
        values["naming_wording"] = ""
    return values


def summary_of(values: dict[str, Any]) -> str:
    """The conversation's summary: what they answered, in words."""
    who = values["responder_name"] + (
        f" ({values['responder_role']})" if values["responder_role"] else ""
    )
    parts = [f"Written response from {who} through the partner page."]
    view = STANCE_LABELS[values["stance"]]
    parts.append(
        f"View: {view}" + (f": {values['stance_comments']}" if values["stance_comments"] else ".")
    )
    agreement = AGREEMENT_LABELS[values["agreement"]]
    parts.append(
        f"Agreement: {agreement}"
        + (f": {values['agreement_detail']}" if values["agreement_detail"] else ".")
    )
    if values["naming"]:
        naming = NAMING_LABELS[values["naming"]]
        parts.append(
            f"Being named: {naming}"
            + (f": “{values['naming_wording']}”" if values["naming_wording"] else ".")
        )
    return "\n".join(parts)


def submit_answer(
    request: ResponseRequest,
    stake: Stake,
    draft: Draft | None,
    passages: tuple[str, ...],
    data: dict[str, Any],
    today: date,
) -> ResponseAnswer:
    """Take an answer from the partner page: keep it, log it as a written response, set the
    stake's stance, agreement and naming consent. Raises FieldError; nothing written then."""
    answered = bool(
        db.session.scalar(select(exists().where(ResponseAnswer.request_id == request.id)))
    )
    if not may_answer(request.respond_by, today, answered):
        raise FieldError(
            "responder_name", "The date to answer by has passed, so the answer cannot be changed."
        )
    values = _clean_answer(data, naming_asked=bool(passages))
    contact = db.session.get(Contact, request.contact_id) if request.contact_id else None
    conversation = conversations.log_conversation(
        {
            "occurred_on": today,
            "occurred_at": None,
            "channel": "written_response",
            "outcome": "reached",
            "summary": summary_of(values),
            "contact_ids": [contact.id] if contact is not None and not contact.archived else [],
            "organisation_ids": [stake.organisation_id],
            "proposals": {stake.proposal_id: values["stance"]},
        },
        None,
    )
    answer = ResponseAnswer(
        request_id=request.id,
        contact_id=request.contact_id,
        conversation_id=conversation.id,
        late=today > request.respond_by,
        **values,
    )
    db.session.add(answer)
    mark_opened(request)
    record(
        "create",
        answer,
        None,
        {
            "request_id": (None, request.id),
            "agreement": (None, values["agreement"]),
            "naming": (None, values["naming"]),
        },
        summary="Written response received on the partner page",
    )
    _set_agreement(stake, values, today)
    if values["naming"] and draft is not None:
        consent = consent_services.record_consent(
            stake,
            draft,
            {
                "state": NAMING_CONSENT[values["naming"]],
                "wording": values["naming_wording"],
                "decided_on": today,
                "note": "Answered on the partner page",
            },
            None,
            passages=passages,
        )
        consent.answer_id = answer.id
    return answer


def _set_agreement(stake: Stake, values: dict[str, Any], today: date) -> None:
    agreement = STAKE_AGREEMENT[values["agreement"]]
    changes = apply_changes(
        stake,
        {
            "agreement": agreement,
            "agreement_date": None if agreement == "asked" else today,
            "agreement_conditions": values["agreement_detail"]
            if agreement == "agreed_with_conditions"
            else "",
        },
    )
    if changes:
        record("update", stake, None, changes, summary="Agreement from a written response")
