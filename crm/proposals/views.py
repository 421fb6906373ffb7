"""Proposal pages: list, detail, create, edit, status changes, milestones (stakes: stake_views)."""

from collections import defaultdict

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from crm import rules
from crm.auth.queries import user_choices
from crm.core import editlock
from crm.core.access import allow
from crm.core.dates import today_london
from crm.core.errors import FieldError
from crm.core.extensions import db
from crm.core.forms import form_status, save_new
from crm.core.pages import sections_for
from crm.core.storage import reads_until_saved
from crm.core.urls import is_htmx
from crm.proposals import milestone_views, queries, services, stake_views, status
from crm.proposals import sections as _sections  # noqa: F401 - registers page sections
from crm.proposals.forms import MilestoneForm, ProposalForm, StatusForm
from crm.proposals.models import Proposal
from crm.proposals.timeline import timeline_of
from crm.rules import lifecycle
from crm.rules.vocabulary import OVERRIDE_KINDS, STATUSES
from crm.settings.queries import current_settings

bp = Blueprint("proposals", __name__, url_prefix="/proposals")
bp.register_blueprint(stake_views.bp)
bp.register_blueprint(milestone_views.bp)

# The list shows closed proposals after the open ones, in their own groups.
GROUP_ORDER = (*lifecycle.LIFECYCLE, "withdrawn")


@bp.route("/")
@allow("viewer")
def index():
    groups = defaultdict(list)
    for summary in queries.proposal_summaries(today_london()):
        groups[summary.proposal.status].append(summary)
    for items in groups.values():
        # Soonest consult-by first; proposals without a deadline after, by title.
        items.sort(key=lambda s: (s.consult_by is None, s.consult_by, s.proposal.title.casefold()))
    return render_template(
        "proposals/index.html",
        groups=[(name, STATUSES[name], groups[name]) for name in GROUP_ORDER],
        total=sum(len(items) for items in groups.values()),
    )


@bp.route("/<int:proposal_id>")
@allow("viewer")
def detail(proposal_id: int):
    proposal = queries.detail(proposal_id)
    return render_template(
        "proposals/detail.html",
        milestone_form=MilestoneForm(formdata=None),
        override_kinds=OVERRIDE_KINDS,
        statuses=STATUSES,
        **_detail_context(proposal),
        **queries.LABELS,
    )


def _detail_context(proposal) -> dict:
    """The proposal page: stakes, readiness, timeline, the moves it may make, history."""
    rows = queries.stake_rows(proposal)
    facts = queries.stake_facts(rows)
    naming = queries.naming_facts_for([proposal], {proposal.id: rows})[proposal.id]
    history = queries.status_history(proposal)
    draft = rules.ready_to_draft(facts)
    moves = [
        (
            to,
            lifecycle.move_label(proposal.status, to),
            status.check_move(proposal, to, facts, naming).kind,
        )
        for to in lifecycle.allowed_moves(proposal.status)
    ]
    return {
        "proposal": proposal,
        "rows": rows,
        "readiness": rules.readiness_line(facts),
        "draft": draft,
        "submit": rules.ready_to_submit(facts, naming),
        "timeline": timeline_of(proposal, today_london(), unconsulted=len(draft.outstanding)),
        "moves": moves,
        "overrides": [change for change in history if change.override_kind],
        "history": history,
        "sections": sections_for("proposal", proposal, stake_rows=rows),
    }


def _form(obj=None) -> ProposalForm:
    form = ProposalForm(obj=obj)
    current = obj.author_id if obj else None
    choices = user_choices()
    if current and current not in {user_id for user_id, _ in choices}:
        choices.append((current, "(inactive user)"))
    form.author_id.choices = [(0, "Nobody yet")] + choices
    if obj is None and request.method == "GET":
        form.author_id.data = current_user.id
        form.consultation_start.data = today_london()
        form.min_window_days.data = current_settings().default_min_window
    elif obj is not None and request.method == "GET":
        milestone = services.current_deadline(obj)
        form.deadline.data = milestone.due_on if milestone else None
    return form


@bp.route("/new", methods=["GET", "POST"])
@reads_until_saved
@allow("editor")
def create():
    form = _form()
    proposal = save_new(form, lambda: services.create_proposal(form.data, current_user))
    if proposal is not None:
        flash(f"Added {proposal.title}. Now add the organisations with a stake in it.", "success")
        milestone_views.flash_deadline_warning(form.deadline.data)
        return redirect(url_for(".detail", proposal_id=proposal.id))
    return render_template("proposals/form.html", form=form, proposal=None), form_status(form)


@bp.route("/<int:proposal_id>/edit", methods=["GET", "POST"])
@reads_until_saved
@allow("editor")
def edit(proposal_id: int):
    proposal = db.get_or_404(Proposal, proposal_id)
    form = _form(obj=proposal)
    outcome = editlock.save_edit(
        form,
        proposal,
        lambda version: services.update_proposal(proposal, form.data, current_user, version),
    )
    if outcome.saved:
        flash(f"Saved {proposal.title}.", "success")
        milestone_views.flash_deadline_warning(form.deadline.data)
        return redirect(url_for(".detail", proposal_id=proposal.id))
    return render_template(
        "proposals/form.html", form=form, proposal=proposal, stale=outcome.stale
    ), outcome.status(form)


@bp.route("/<int:proposal_id>/status/<to_status>", methods=["GET", "POST"])
@allow("editor")
def move(proposal_id: int, to_status: str):
    """GET: confirm the move (asking for a reason when it needs one); POST: make it."""
    if to_status not in STATUSES:
        abort(404)
    proposal = db.get_or_404(Proposal, proposal_id)
    if not lifecycle.can_move(proposal.status, to_status):
        flash(
            f"{proposal.title} is {proposal.status_label.lower()} now, so it cannot move to "
            f"{STATUSES[to_status].lower()} from here.",
            "warning",
        )
        return _to_detail(proposal.id)
    form = StatusForm()
    if form.validate_on_submit() and _moved(proposal, to_status, form):
        return redirect(url_for(".detail", proposal_id=proposal.id))
    template = "proposals/_status_prompt.html" if is_htmx() else "proposals/status.html"
    return render_template(
        template, form=form, **_move_context(proposal, to_status), **queries.LABELS
    ), form_status(form)


def _moved(proposal, to_status: str, form) -> bool:
    """Make the move; a refused one puts its message on the form."""
    try:
        change = status.change_status(proposal, to_status, form.reason.data, current_user)
    except FieldError as error:
        db.session.rollback()
        form[error.field].errors.append(error.message)
        return False
    db.session.commit()
    message = f"{proposal.title} is now {STATUSES[to_status].lower()}."
    if change.override_kind:
        message += " The reason and the partners outstanding are recorded."
    flash(message, "success")
    return True


def _move_context(proposal, to_status: str) -> dict:
    """The confirmation: what the move checks, and the partners it leaves outstanding."""
    rows = queries.stake_rows(proposal)
    naming = queries.naming_facts_for([proposal], {proposal.id: rows})[proposal.id]
    check = status.check_move(proposal, to_status, queries.stake_facts(rows), naming)
    outstanding_ids = {fact.organisation_id for fact in check.outstanding}
    return {
        "proposal": proposal,
        "to_status": to_status,
        "label": lifecycle.move_label(proposal.status, to_status),
        "check": check,
        "outstanding": [row for row in rows if row.organisation.id in outstanding_ids],
        "override_kinds": OVERRIDE_KINDS,
        "statuses": STATUSES,
    }


def _to_detail(proposal_id: int):
    """Back to the proposal page; htmx is told to load it whole, not swap it into the prompt."""
    url = url_for(".detail", proposal_id=proposal_id)
    if is_htmx():
        return "", 204, {"HX-Redirect": url}
    return redirect(url)
