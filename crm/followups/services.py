"""Use cases for follow-ups: create, edit, tick done, reopen."""

from __future__ import annotations

from typing import Any

from crm.audit.services import apply_changes, record
from crm.auth.models import User
from crm.contacts.models import Contact
from crm.core.db import utcnow
from crm.core.errors import FieldError, check_version
from crm.core.extensions import db
from crm.followups.models import FollowUp
from crm.organisations.models import Organisation
from crm.proposals.models import Proposal

FIELDS = ("description", "due_on", "owner_id", "organisation_id", "contact_id", "proposal_id")


def clean(data: dict[str, Any]) -> dict[str, Any]:
    """The follow-up fields from form data; 0 or "" means none."""
    values = {key: data.get(key) for key in FIELDS if key in data}
    for key in ("owner_id", "organisation_id", "contact_id", "proposal_id"):
        if key in values and values[key] in (0, "", None):
            values[key] = None
    if "description" in values:
        values["description"] = " ".join((values["description"] or "").split())
    return values


def check_links(values: dict[str, Any], current: FollowUp | None = None) -> None:
    """Refuse a missing description or owner, and links to missing or archived records.

    A link the follow-up already has is kept even if its record was archived since.
    """
    if "description" in values and not values["description"]:
        raise FieldError("description", "Say what needs doing.")
    owner_id = values.get("owner_id")
    if owner_id is not None and getattr(current, "owner_id", None) != owner_id:
        owner = db.session.get(User, owner_id)
        if owner is None or not owner.active:
            raise FieldError("owner_id", "Choose someone who can still log in.")
    for key, model, noun in (
        ("organisation_id", Organisation, "organisation"),
        ("contact_id", Contact, "person"),
        ("proposal_id", Proposal, "proposal"),
    ):
        wanted = values.get(key)
        if wanted is None or getattr(current, key, None) == wanted:
            continue
        found = db.session.get(model, wanted)
        if found is None or getattr(found, "archived", False):
            raise FieldError(key, f"That {noun} is not available any more. Choose another.")


def create_follow_up(data: dict[str, Any], actor, conversation_id: int | None = None) -> FollowUp:
    """Create a follow-up, optionally from a conversation."""
    values = clean(data)
    check_links(values)
    follow_up = FollowUp(
        created_by_id=getattr(actor, "id", None), conversation_id=conversation_id, **values
    )
    db.session.add(follow_up)
    changes = {k: (None, v) for k, v in values.items() if v not in ("", None)}
    if conversation_id:
        changes["conversation_id"] = (None, conversation_id)
    record("create", follow_up, actor, changes)
    return follow_up


def update_follow_up(follow_up: FollowUp, data: dict[str, Any], actor, version: int | None) -> dict:
    """Save edits made from a form built at `version`; refuses a stale form."""
    check_version(follow_up, version)
    values = clean(data)
    check_links(values, current=follow_up)
    changes = apply_changes(follow_up, values)
    if changes:
        record("update", follow_up, actor, changes)
    return changes


def mark_done(follow_up: FollowUp, actor) -> bool:
    """Tick a follow-up done; False when it already was."""
    if follow_up.done:
        return False
    follow_up.done = True
    follow_up.done_at = utcnow()
    record("update", follow_up, actor, {"done": (False, True)}, summary="Ticked done")
    return True


def reopen(follow_up: FollowUp, actor) -> bool:
    """Untick a follow-up; False when it was open."""
    if not follow_up.done:
        return False
    follow_up.done = False
    follow_up.done_at = None
    record("update", follow_up, actor, {"done": (True, False)}, summary="Reopened")
    return True
