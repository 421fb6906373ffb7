"""Co-production pages for officers: record consent to be named (requests: request_views)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from crm.coproduction import (
    queries,
    sections,  # also registers the page sections
    services,
)
from crm.coproduction.forms import ConsentForm
from crm.core.access import allow
from crm.core.extensions import db
from crm.core.forms import form_status, save_new
from crm.core.storage import reads_until_saved
from crm.drafts import queries as draft_queries
from crm.proposals import queries as proposal_queries
from crm.proposals.models import Stake

bp = Blueprint("coproduction", __name__, url_prefix="/proposals/<int:proposal_id>")


def load_stake(proposal_id: int, stake_id: int) -> Stake:
    """One stake of the proposal with its organisation (404 otherwise)."""
    return db.first_or_404(
        select(Stake)
        .where(Stake.id == stake_id, Stake.proposal_id == proposal_id)
        .options(joinedload(Stake.organisation), joinedload(Stake.key_contact))
    )


@bp.route("/stakes/<int:stake_id>/naming", methods=["GET", "POST"])
@reads_until_saved
@allow("editor")
def consent(proposal_id: int, stake_id: int):
    proposal = proposal_queries.detail(proposal_id)
    stake = load_stake(proposal_id, stake_id)
    draft, partner, report = _named(proposal, stake)
    form = ConsentForm()
    name, number = stake.organisation.name, draft.number
    saved = save_new(form, lambda: services.record_consent(stake, draft, form.data, current_user))
    if saved is not None:
        flash(f"Recorded what {name} said about being named.", "success")
        return redirect(url_for("drafts.show", proposal_id=proposal_id, number=number))
    return render_template(
        "coproduction/consent.html",
        proposal=proposal,
        stake=stake,
        draft=draft,
        partner=partner,
        form=form,
        marked=sections.marked(report, stake.organisation_id, partner.mention.passages),
        labels=sections.NAMING_LABELS,
        badges=sections.BADGES,
    ), form_status(form)


def _named(proposal, stake: Stake):
    """The latest draft, this partner in its names check, and the report; 404 when not named."""
    draft = draft_queries.latest(proposal.id)
    if draft is None:
        return _not_named(proposal, stake)
    report = queries.names_report(proposal, draft)
    partner = next((p for p in report.named if p.stake.id == stake.id), None)
    if partner is None:
        return _not_named(proposal, stake)
    return draft, partner, report


def _not_named(proposal, stake):
    abort(404, description=f"The latest draft does not name {stake.organisation.name}.")
