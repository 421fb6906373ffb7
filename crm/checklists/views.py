"""Checklist pages: the pre-drafting checklist and the call sheet (nested under proposals)."""

from __future__ import annotations

import re

from flask import Blueprint, abort, render_template
from flask_login import current_user

from crm.checklists import callsheet, queries
from crm.checklists import sections as _sections  # noqa: F401 - registers the page sections
from crm.core.access import allow
from crm.core.dates import today_london
from crm.core.errors import FieldError
from crm.core.extensions import db
from crm.logbook.fragments import success_fragment
from crm.proposals import stakes
from crm.proposals.forms import WaiveForm
from crm.proposals.models import Stake
from crm.proposals.queries import LABELS

bp = Blueprint("checklists", __name__, url_prefix="/proposals")

_ROW_TARGET = re.compile(r"^#row-(\d+)$")


@bp.route("/<int:proposal_id>/checklist")
@allow("viewer")
def show(proposal_id: int):
    proposal = queries.detail(proposal_id)
    checklist = queries.checklist(proposal, today_london())
    return render_template("checklists/show.html", checklist=checklist, labels=LABELS)


@bp.route("/<int:proposal_id>/checklist/summary")
@allow("viewer")
def summary(proposal_id: int):
    proposal = queries.detail(proposal_id)
    checklist = queries.checklist(proposal, today_london(), with_names=False)
    return render_template("checklists/_summary.html", checklist=checklist)


@bp.route("/<int:proposal_id>/call-sheet")
@allow("viewer")
def call_sheet(proposal_id: int):
    proposal = queries.detail(proposal_id)
    sheet = callsheet.call_sheet(proposal, today_london())
    texts = {entry.stake.id: callsheet.state_text(entry.item.row) for entry in sheet.entries}
    return render_template("checklists/call_sheet.html", sheet=sheet, state_texts=texts)


@success_fragment("checklist-row")
def checklist_row(conversation, form) -> str:
    """The checklist row of the stake named by the form's target (#row-<stake id>)."""
    match = _ROW_TARGET.match(form.target.data or "")
    stake = db.session.get(Stake, int(match.group(1))) if match else None
    if stake is None:
        abort(404)
    proposal = queries.detail(stake.proposal_id)
    checklist = queries.checklist(proposal, today_london())
    row = next(r for r in checklist.rows if r.row.stake.id == stake.id)
    return render_template("checklists/_row.html", item=row, checklist=checklist, labels=LABELS)


def _row(stake_id: int, **extra) -> str:
    """One checklist row, as the page shows it, for htmx to swap in place."""
    stake = db.session.get(Stake, stake_id)
    proposal = queries.detail(stake.proposal_id)
    checklist = queries.checklist(proposal, today_london())
    row = next(r for r in checklist.rows if r.row.stake.id == stake_id)
    return render_template(
        "checklists/_row.html", item=row, checklist=checklist, labels=LABELS, **extra
    )


def _stake(proposal_id: int, stake_id: int) -> Stake:
    return db.first_or_404(
        db.select(Stake).where(Stake.id == stake_id, Stake.proposal_id == proposal_id)
    )


# The summary (readiness, the drafting button) reloads itself on this event.
_CHANGED = {"HX-Trigger": "checklist-changed"}


@bp.route("/<int:proposal_id>/checklist/rows/<int:stake_id>/waive", methods=["POST"])
@allow("editor")
def waive_row(proposal_id: int, stake_id: int):
    """Waive from the checklist in place (htmx): the row stays where it is, with an undo."""
    stake = _stake(proposal_id, stake_id)
    form = WaiveForm()
    if form.validate_on_submit():
        try:
            stakes.waive_stake(stake, form.reason.data, current_user)
        except FieldError as error:
            db.session.rollback()
            form.reason.errors.append(error.message)
        else:
            db.session.commit()
            return _row(stake_id, just="waived"), 200, _CHANGED
    message = " ".join(form.reason.errors) or "Say why this organisation need not be consulted."
    return _row(stake_id, waive_error=message, waive_reason=form.reason.data or ""), 422


@bp.route("/<int:proposal_id>/checklist/rows/<int:stake_id>/unwaive", methods=["POST"])
@allow("editor")
def unwaive_row(proposal_id: int, stake_id: int):
    """Undo a waiver from the checklist in place: the partner is to be consulted again."""
    stake = _stake(proposal_id, stake_id)
    stakes.unwaive_stake(stake, current_user)
    db.session.commit()
    return _row(stake_id, just="unwaived"), 200, _CHANGED
