"""Use cases for stakes: add several at once, edit, waive, un-waive, remove."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from crm import rules
from crm.audit.services import apply_changes, record
from crm.contacts.models import Contact
from crm.core.dates import today_london
from crm.core.db import utcnow
from crm.core.errors import FieldError, check_version
from crm.core.extensions import db
from crm.organisations.models import Organisation
from crm.proposals.choices import key_contact_choices
from crm.proposals.consultation import refresh_consultation
from crm.proposals.models import Proposal, Stake
from crm.rules.vocabulary import AGREEMENTS, ENGAGEMENT_LEVELS, STAKE_ROLES, STANCES

DEFAULT = "default"  # the engagement choice that means "whatever the role implies"
REASON_MAX = 2000


def engagement_for(role: str, choice: str | None) -> str:
    """The engagement level to store: the role's default unless one was chosen (DESIGN.md 3.2)."""
    if role not in STAKE_ROLES:
        raise FieldError("role", "Choose a role from the list.")
    if choice in (None, "", DEFAULT):
        return rules.default_engagement(role)
    if choice not in ENGAGEMENT_LEVELS:
        raise FieldError("engagement_level", "Choose an engagement level from the list.")
    return choice


def _names(organisations) -> str:
    return ", ".join(organisation.name for organisation in organisations)


RATINGS = (1, 2, 3, 4, 5)


def _rating(value, name: str, organisation: Organisation) -> int | None:
    """A 1-5 score, or None for "not yet rated"."""
    if value in (None, "", 0, "0"):
        return None
    try:
        score = int(value)
    except (TypeError, ValueError):
        score = 0
    if score not in RATINGS:
        raise FieldError(
            "organisation_ids", f"Choose {name} for {organisation.name} from 1 (low) to 5 (high)."
        )
    return score


def add_stakes(
    proposal: Proposal,
    organisation_ids: list[int],
    role: str,
    engagement_level: str | None,
    actor,
    ratings: Mapping[int, tuple[Any, Any]] | None = None,
    key_contacts: Mapping[int, int | None] | None = None,
) -> list[Stake]:
    """Give several organisations a stake at once, with one role and engagement level.

    `ratings` holds each organisation's (influence, interest), None or missing for "not
    yet rated". `key_contacts` holds a chosen key contact (None: nobody yet); without a
    choice a stake gets the organisation's only or main contact (rules.default_key_contact).
    """
    ratings = ratings or {}
    key_contacts = key_contacts or {}
    ids = list(dict.fromkeys(organisation_ids or []))
    if not ids:
        raise FieldError("organisation_ids", "Choose at least one organisation.")
    level = engagement_for(role, engagement_level)
    organisations = db.session.scalars(select(Organisation).where(Organisation.id.in_(ids))).all()
    if len(organisations) != len(ids):
        raise FieldError("organisation_ids", "One of those organisations no longer exists.")
    archived = [organisation for organisation in organisations if organisation.archived]
    if archived:
        raise FieldError("organisation_ids", f"Archived, so not added: {_names(archived)}.")
    taken = set(
        db.session.scalars(
            select(Stake.organisation_id).where(
                Stake.proposal_id == proposal.id, Stake.organisation_id.in_(ids)
            )
        )
    )
    if taken:
        already = [organisation for organisation in organisations if organisation.id in taken]
        raise FieldError("organisation_ids", f"Already in this proposal: {_names(already)}.")
    order = {organisation_id: index for index, organisation_id in enumerate(ids)}
    contacts = key_contact_choices(ids)
    stakes = []
    for organisation in sorted(organisations, key=lambda o: order[o.id]):
        influence, interest = ratings.get(organisation.id, (None, None))
        influence = _rating(influence, "the influence", organisation)
        interest = _rating(interest, "the interest", organisation)
        offered = contacts[organisation.id]
        if organisation.id in key_contacts:
            key_contact_id = key_contacts[organisation.id] or None
            if key_contact_id not in {None, *(c for c, _label in offered.choices)}:
                raise FieldError(
                    "organisation_ids",
                    f"Choose a current contact at {organisation.name} as the key contact.",
                )
        else:
            key_contact_id = offered.default
        stake = Stake(
            proposal_id=proposal.id,
            organisation_id=organisation.id,
            role=role,
            engagement_level=level,
            influence=influence,
            interest=interest,
            key_contact_id=key_contact_id,
            created_by_id=getattr(actor, "id", None),
        )
        db.session.add(stake)
        record(
            "create",
            stake,
            actor,
            {
                "organisation_id": (None, organisation.id),
                "proposal_id": (None, proposal.id),
                "role": (None, role),
                "engagement_level": (None, level),
                "influence": (None, influence),
                "interest": (None, interest),
                "key_contact_id": (None, key_contact_id),
            },
            summary=f"{organisation.name} added to {proposal.title}",
        )
        stakes.append(stake)
    refresh_consultation([proposal.id], [stake.organisation_id for stake in stakes])
    return stakes


def _check_key_contact(stake: Stake, contact_id: int | None) -> None:
    """The key contact must be a person at the stake's organisation."""
    if contact_id is None:
        return
    contact = db.session.get(Contact, contact_id)
    if contact is None or contact.organisation_id != stake.organisation_id:
        raise FieldError("key_contact_id", "Choose a contact at this organisation.")
    if contact.archived and contact.id != stake.key_contact_id:
        raise FieldError("key_contact_id", "That contact is archived: choose someone current.")


def clean_stake(stake: Stake, data: dict[str, Any]) -> dict[str, Any]:
    """Stake fields from form data, validated against the rules of agreement and contact."""
    role = data.get("role", stake.role)
    values: dict[str, Any] = {
        "role": role,
        "engagement_level": engagement_for(role, data.get("engagement_level")),
        "influence": data.get("influence", stake.influence),
        "interest": data.get("interest", stake.interest),
        "stance": data.get("stance", stake.stance),
        "agreement": data.get("agreement", stake.agreement),
        "agreement_date": data.get("agreement_date"),
        "agreement_conditions": data.get("agreement_conditions") or "",
        "key_contact_id": data.get("key_contact_id") or None,
        "notes": (data.get("notes") or "").strip(),
    }
    for field in ("influence", "interest"):
        if values[field] in (0, ""):
            values[field] = None  # "not yet rated"
        if values[field] not in (None, *RATINGS):
            raise FieldError(field, "Choose from 1 (low) to 5 (high), or not yet rated.")
    if values["stance"] not in STANCES:
        raise FieldError("stance", "Choose a stance from the list.")
    if values["agreement"] not in AGREEMENTS:
        raise FieldError("agreement", "Choose an agreement from the list.")
    agreement, agreed_on = values["agreement"], values["agreement_date"]
    if agreement in rules.AGREED and agreed_on is None:
        raise FieldError("agreement_date", "Enter the date they agreed.")
    if agreed_on is not None and agreed_on > today_london():
        raise FieldError("agreement_date", "The date cannot be in the future.")
    conditions = values["agreement_conditions"].strip()
    if agreement == "agreed_with_conditions" and not conditions:
        raise FieldError("agreement_conditions", "Say what the conditions are.")
    # Conditions belong to a conditional agreement only; the audit keeps any old text.
    values["agreement_conditions"] = conditions if agreement == "agreed_with_conditions" else ""
    if agreement == "not_asked":
        values["agreement_date"] = None
    _check_key_contact(stake, values["key_contact_id"])
    return values


def update_stake(stake: Stake, data: dict[str, Any], actor, version: int | None) -> dict:
    """Save a stake edited from a form built at `version`; refuses a stale form."""
    check_version(stake, version)
    changes = apply_changes(stake, clean_stake(stake, data))
    if changes:
        record("update", stake, actor, changes)
    return changes


def waive_stake(stake: Stake, reason: str | None, actor) -> None:
    """Waive consulting this organisation: a reason is required; who and when are kept."""
    reason = (reason or "").strip()
    if not reason:
        raise FieldError("reason", "Say why this organisation need not be consulted.")
    if len(reason) > REASON_MAX:
        raise FieldError("reason", f"Keep the reason under {REASON_MAX} characters.")
    old = stake.waiver_reason
    stake.waiver_reason = reason
    stake.waived_by_id = getattr(actor, "id", None)
    stake.waived_at = utcnow()
    record("waive", stake, actor, {"waiver_reason": (old, reason)})


def unwaive_stake(stake: Stake, actor) -> None:
    """Withdraw a waiver: the organisation must be consulted again."""
    if not stake.waived:
        return
    old = stake.waiver_reason
    stake.waiver_reason = None
    stake.waived_by_id = None
    stake.waived_at = None
    record("update", stake, actor, {"waiver_reason": (old, None)}, summary="Waiver withdrawn")


def remove_stake(stake: Stake, actor) -> None:
    """Delete a stake (the audit entry keeps what it was)."""
    record(
        "delete",
        stake,
        actor,
        {
            "organisation_id": (stake.organisation_id, None),
            "proposal_id": (stake.proposal_id, None),
            "role": (stake.role, None),
            "engagement_level": (stake.engagement_level, None),
            "agreement": (stake.agreement, None),
        },
    )
    db.session.delete(stake)
