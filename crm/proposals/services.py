"""Use cases for proposals and their milestones (stakes: stakes.py; status: status.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from crm.audit.services import apply_changes, record
from crm.auth.models import User
from crm.core.dates import today_london
from crm.core.errors import FieldError, check_version
from crm.core.extensions import db
from crm.proposals.consultation import refresh_consultation
from crm.proposals.models import Milestone, Proposal
from crm.settings.queries import current_settings

FIELDS = ("title", "summary", "decision_body", "consultation_start", "min_window_days", "author_id")
MILESTONE_FIELDS = ("name", "due_on", "is_submission_deadline")
# The name of the milestone the proposal form makes when it is given a deadline.
DEADLINE_NAME = "Submission deadline"


def clean(data: dict[str, Any]) -> dict[str, Any]:
    """The proposal fields from form data, normalised."""
    values = {key: data[key] for key in FIELDS if key in data}
    for key in ("summary", "decision_body"):
        if key in values and values[key] is None:
            values[key] = ""
    if "title" in values:
        values["title"] = " ".join((values["title"] or "").split())
    if values.get("author_id") in (0, ""):
        values["author_id"] = None
    return values


def _check(values: dict[str, Any]) -> None:
    """Database checks a form cannot make: the author must be an active user."""
    if not values.get("title"):
        raise FieldError("title", "Enter a title.")
    author_id = values.get("author_id")
    if author_id is not None:
        author = db.session.get(User, author_id)
        if author is None or not author.active:
            raise FieldError("author_id", "Choose an active user as the author.")


def create_proposal(data: dict[str, Any], actor) -> Proposal:
    """Create a proposal; the start defaults to today, the window to the settings' default."""
    values = clean(data)
    if values.get("consultation_start") is None:
        values["consultation_start"] = today_london()
    if values.get("min_window_days") is None:
        values["min_window_days"] = current_settings().default_min_window
    values.setdefault("author_id", getattr(actor, "id", None))
    _check(values)
    proposal = Proposal(created_by_id=getattr(actor, "id", None), status="idea", **values)
    db.session.add(proposal)
    record(
        "create",
        proposal,
        actor,
        {k: (None, v) for k, v in values.items() if v not in ("", None)},
    )
    if data.get("deadline") is not None:
        db.session.flush()  # the milestone needs the proposal's id
        set_submission_deadline(proposal, data["deadline"], actor)
    return proposal


def update_proposal(proposal: Proposal, data: dict[str, Any], actor, version: int | None) -> dict:
    """Save edits made from a form built at `version`; refuses a stale form."""
    check_version(proposal, version)
    values = clean(data)
    if values.get("consultation_start") is None:
        values.pop("consultation_start", None)
    if values.get("min_window_days") is None:
        values.pop("min_window_days", None)
    checked = {"title": values.get("title", proposal.title)}
    if values.get("author_id") != proposal.author_id:
        # Only a new author must be active: a proposal by someone who left stays editable.
        checked["author_id"] = values.get("author_id")
    _check(checked)
    changes = apply_changes(proposal, values)
    if changes:
        record("update", proposal, actor, changes)
    if "consultation_start" in changes:
        refresh_consultation([proposal.id])
    if "deadline" in data:
        old = current_deadline(proposal)
        if set_submission_deadline(proposal, data["deadline"], actor):
            changes["deadline"] = (old.due_on if old else None, data["deadline"])
    return changes


def current_deadline(proposal: Proposal) -> Milestone | None:
    """The proposal's submission-deadline milestone, if it has one (one statement)."""
    return db.session.scalars(
        select(Milestone).where(
            Milestone.proposal_id == proposal.id, Milestone.is_submission_deadline.is_(True)
        )
    ).first()


def set_submission_deadline(proposal: Proposal, due_on, actor) -> bool:
    """Set the proposal's submission deadline from its form; returns whether it changed.

    A date moves the milestone marked as the deadline, or adds one named "Submission
    deadline"; no date unmarks it (and removes it when it is the one the form made, so a
    named milestone such as "Draft to steering group" stays as a milestone).
    """
    milestone = current_deadline(proposal)
    if due_on is None:
        if milestone is None:
            return False
        if milestone.name == DEADLINE_NAME:
            remove_milestone(milestone, actor)
        else:
            milestone.is_submission_deadline = False
            record("update", milestone, actor, {"is_submission_deadline": (True, False)})
        return True
    if milestone is None:
        milestone = Milestone(
            proposal_id=proposal.id,
            created_by_id=getattr(actor, "id", None),
            name=DEADLINE_NAME,
            due_on=due_on,
            is_submission_deadline=True,
        )
        db.session.add(milestone)
        record(
            "create",
            milestone,
            actor,
            {
                "name": (None, DEADLINE_NAME),
                "due_on": (None, due_on),
                "is_submission_deadline": (None, True),
            },
        )
        return True
    if milestone.due_on == due_on:
        return False
    record("update", milestone, actor, {"due_on": (milestone.due_on, due_on)})
    milestone.due_on = due_on
    return True


def _clear_other_deadlines(milestone: Milestone, actor) -> None:
    """Unset the proposal's other submission deadline, so only one remains (DESIGN.md 2)."""
    others = db.session.scalars(
        select(Milestone).where(
            Milestone.proposal_id == milestone.proposal_id,
            Milestone.is_submission_deadline.is_(True),
            Milestone.id != (milestone.id or -1),
        )
    ).all()
    for other in others:
        other.is_submission_deadline = False
        record("update", other, actor, {"is_submission_deadline": (True, False)})
    # Flushed before the new deadline is set: the unique index allows one at a time.
    db.session.flush()


def _milestone_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {key: data[key] for key in MILESTONE_FIELDS if key in data}
    values["name"] = " ".join((values.get("name") or "").split())
    values["is_submission_deadline"] = bool(values.get("is_submission_deadline"))
    if not values["name"]:
        raise FieldError("name", "Enter a name, e.g. Health and Wellbeing Board.")
    if values.get("due_on") is None:
        raise FieldError("due_on", "Enter a date, for example 15/12/2026.")
    return values


def add_milestone(proposal: Proposal, data: dict[str, Any], actor) -> Milestone:
    """Add a milestone; marking it the submission deadline unmarks the previous one."""
    values = _milestone_values(data)
    milestone = Milestone(proposal_id=proposal.id, created_by_id=getattr(actor, "id", None))
    milestone.name, milestone.due_on = values["name"], values["due_on"]
    if values["is_submission_deadline"]:
        _clear_other_deadlines(milestone, actor)
    milestone.is_submission_deadline = values["is_submission_deadline"]
    db.session.add(milestone)
    record("create", milestone, actor, {k: (None, v) for k, v in values.items()})
    return milestone


def update_milestone(
    milestone: Milestone, data: dict[str, Any], actor, version: int | None
) -> dict:
    """Edit a milestone from a form built at `version` (refused when stale); marking it
    the submission deadline unmarks the previous one."""
    check_version(milestone, version)
    values = _milestone_values(data)
    if values["is_submission_deadline"] and not milestone.is_submission_deadline:
        _clear_other_deadlines(milestone, actor)
    changes = apply_changes(milestone, values)
    if changes:
        record("update", milestone, actor, changes)
    return changes


def remove_milestone(milestone: Milestone, actor) -> None:
    """Delete a milestone (the audit entry keeps what it was)."""
    record(
        "delete",
        milestone,
        actor,
        {
            "name": (milestone.name, None),
            "due_on": (milestone.due_on, None),
            "is_submission_deadline": (milestone.is_submission_deadline, None),
        },
    )
    db.session.delete(milestone)
