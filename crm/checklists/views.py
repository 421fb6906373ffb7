"""Checklist pages: the pre-drafting checklist and the call sheet (nested under proposals)."""

from __future__ import annotations

import re

from flask import Blueprint, abort, render_template

from crm.checklists import callsheet, queries
from crm.checklists import sections as _sections  # noqa: F401 - registers the page sections
from crm.core.access import allow
from crm.core.dates import today_london
from crm.core.extensions import db
from crm.logbook.fragments import success_fragment
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
