"""Milestone pages: add, edit, remove (nested under the proposals blueprint)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from crm.core import editlock
from crm.core.access import allow
from crm.core.errors import FieldError
from crm.core.extensions import db
from crm.core.forms import form_status
from crm.core.storage import reads_until_saved
from crm.proposals import services
from crm.proposals.forms import MilestoneForm
from crm.proposals.models import Milestone, Proposal
from crm.rules.timing import deadline_day_warning
from crm.settings.queries import work_calendar

bp = Blueprint("milestones", __name__, url_prefix="/<int:proposal_id>/milestones")


def _load(proposal_id: int, milestone_id: int) -> tuple[Proposal, Milestone]:
    """The proposal and its milestone; 404 unless the milestone belongs to it."""
    proposal = db.get_or_404(Proposal, proposal_id)
    milestone = db.get_or_404(Milestone, milestone_id)
    if milestone.proposal_id != proposal.id:
        abort(404)
    return proposal, milestone


def flash_deadline_warning(deadline) -> None:
    """Say when a deadline just set falls on a weekend, a bank holiday or in a closure."""
    warning = deadline_day_warning(deadline, work_calendar())
    if warning is not None:
        flash(warning.message, "warning")


def _back(proposal_id: int):
    return redirect(url_for("proposals.detail", proposal_id=proposal_id, _anchor="milestones"))


def _page(form, proposal, milestone, outcome=None):
    return render_template(
        "proposals/milestone_form.html",
        form=form,
        proposal=proposal,
        milestone=milestone,
        stale=outcome.stale if outcome else None,
    ), (outcome.status(form) if outcome else form_status(form))


@bp.route("/new", methods=["GET", "POST"])
@allow("editor")
def add(proposal_id: int):
    proposal = db.get_or_404(Proposal, proposal_id)
    form = MilestoneForm()
    if form.validate_on_submit():
        try:
            milestone = services.add_milestone(proposal, form.data, current_user)
        except FieldError as error:
            db.session.rollback()
            getattr(form, error.field).errors.append(error.message)
        else:
            db.session.commit()
            flash(f"Added the milestone “{milestone.name}”.", "success")
            if milestone.is_submission_deadline:
                flash_deadline_warning(milestone.due_on)
            return _back(proposal.id)
    return _page(form, proposal, None)


@bp.route("/<int:milestone_id>/edit", methods=["GET", "POST"])
@reads_until_saved
@allow("editor")
def edit(proposal_id: int, milestone_id: int):
    proposal, milestone = _load(proposal_id, milestone_id)
    form = MilestoneForm(obj=milestone)
    outcome = editlock.save_edit(
        form,
        milestone,
        lambda version: services.update_milestone(milestone, form.data, current_user, version),
    )
    if outcome.saved:
        flash(f"Saved the milestone “{milestone.name}”.", "success")
        if milestone.is_submission_deadline:
            flash_deadline_warning(milestone.due_on)
        return _back(proposal.id)
    return _page(form, proposal, milestone, outcome)


@bp.route("/<int:milestone_id>/remove", methods=["POST"])
@allow("editor")
def remove(proposal_id: int, milestone_id: int):
    proposal, milestone = _load(proposal_id, milestone_id)
    name = milestone.name
    services.remove_milestone(milestone, current_user)
    db.session.commit()
    flash(f"Removed the milestone “{name}”.", "success")
    return _back(proposal.id)
