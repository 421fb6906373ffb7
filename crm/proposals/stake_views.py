"""Stake pages: add several, edit, waive, un-waive, remove (nested under proposals)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from crm import rules
from crm.core import editlock
from crm.core.access import allow
from crm.core.errors import FieldError, StaleEdit
from crm.core.extensions import db
from crm.core.forms import form_status
from crm.core.urls import safe_next
from crm.proposals import choices, stakes
from crm.proposals.forms import RATING_CHOICES, AddStakesForm, StakeForm, WaiveForm
from crm.proposals.models import Proposal, Stake
from crm.rules.vocabulary import ENGAGEMENT_LEVELS, STAKE_ROLES

bp = Blueprint("stakes", __name__, url_prefix="/<int:proposal_id>/stakes")


def _load(proposal_id: int, stake_id: int) -> tuple[Proposal, Stake]:
    """The proposal and one of its stakes with the organisation; 404 otherwise."""
    proposal = db.get_or_404(Proposal, proposal_id)
    stake = db.first_or_404(
        select(Stake)
        .where(Stake.id == stake_id, Stake.proposal_id == proposal.id)
        .options(joinedload(Stake.organisation))
    )
    return proposal, stake


def _back(proposal_id: int):
    """Back where the form was (the checklist sends `next`), else the proposal's stakes."""
    return redirect(
        safe_next(request.form.get("next"))
        or url_for("proposals.detail", proposal_id=proposal_id, _anchor="stakes")
    )


def _error(form, error: FieldError) -> None:
    getattr(form, error.field).errors.append(error.message)


@bp.route("/new", methods=["GET", "POST"])
@allow("editor")
def add(proposal_id: int):
    proposal = db.get_or_404(Proposal, proposal_id)
    available = choices.organisations_without_stake(proposal)
    form = AddStakesForm()
    form.organisation_ids.choices = [(o.id, o.name) for o in available]
    if form.validate_on_submit() and _added(proposal, form):
        return _back(proposal.id)
    return render_template(
        "proposals/stakes_add.html",
        form=form,
        proposal=proposal,
        available=available,
        contacts=choices.key_contact_choices(o.id for o in available),
        ratings=RATING_CHOICES,
        chosen=set(form.organisation_ids.data or []),
        defaults={role: ENGAGEMENT_LEVELS[rules.default_engagement(role)] for role in STAKE_ROLES},
    ), form_status(form)


def _added(proposal: Proposal, form: AddStakesForm) -> bool:
    """Add the chosen organisations with their ratings and key contacts; a refused add puts
    its message on the form."""
    chosen_ids = form.organisation_ids.data
    ratings = {
        oid: (request.form.get(f"influence-{oid}"), request.form.get(f"interest-{oid}"))
        for oid in chosen_ids
    }
    try:
        added = stakes.add_stakes(
            proposal,
            chosen_ids,
            form.role.data,
            form.engagement_level.data,
            current_user,
            ratings=ratings,
            key_contacts=_key_contacts(chosen_ids),
        )
    except FieldError as error:
        db.session.rollback()
        _error(form, error)
        return False
    db.session.commit()
    noun = "organisation" if len(added) == 1 else "organisations"
    flash(f"Added {len(added)} {noun} to {proposal.title}.", "success")
    return True


def _key_contacts(organisation_ids: list[int]) -> dict[int, int | None]:
    """The key contacts chosen on the add form (only organisations with several contacts
    offer a choice; "0" is "choose later")."""
    chosen = {}
    for oid in organisation_ids:
        value = request.form.get(f"key_contact-{oid}")
        if value is not None:
            chosen[oid] = int(value) if value.isdigit() and value != "0" else None
    return chosen


def _stake_form(stake: Stake) -> StakeForm:
    form = StakeForm(obj=stake)
    form.key_contact_id.choices = [(0, "Nobody chosen")] + choices.contact_choices(
        stake.organisation_id, stake.key_contact_id
    )
    if request.method == "GET":
        form.key_contact_id.data = stake.key_contact_id or 0
        form.influence.data = stake.influence or 0
        form.interest.data = stake.interest or 0
        if stake.engagement_level == rules.default_engagement(stake.role):
            form.engagement_level.data = stakes.DEFAULT
        editlock.prepare(form, stake)
    return form


@bp.route("/<int:stake_id>/edit", methods=["GET", "POST"])
@allow("editor")
def edit(proposal_id: int, stake_id: int):
    proposal, stake = _load(proposal_id, stake_id)
    form = _stake_form(stake)
    stale = None
    if form.validate_on_submit():
        version = editlock.submitted_version(form)
        try:
            stakes.update_stake(stake, form.data, current_user, version=version)
        except FieldError as error:
            db.session.rollback()
            _error(form, error)
            proposal, stake = _load(proposal_id, stake_id)  # reloaded after the rollback
        except (StaleEdit, StaleDataError):
            db.session.rollback()
            proposal, stake = _load(proposal_id, stake_id)
            stale = editlock.stale(form, stake)
        else:
            name = stake.organisation.name
            db.session.commit()
            flash(f"Saved {name}'s stake.", "success")
            return _back(proposal.id)
    code = 409 if stale else form_status(form)
    return render_template(
        "proposals/stake_form.html", form=form, proposal=proposal, stake=stake, stale=stale
    ), code


@bp.route("/<int:stake_id>/waive", methods=["GET", "POST"])
@allow("editor")
def waive(proposal_id: int, stake_id: int):
    proposal, stake = _load(proposal_id, stake_id)
    form = WaiveForm()
    if request.method == "GET" and stake.waived:
        form.reason.data = stake.waiver_reason
    if form.validate_on_submit():
        try:
            stakes.waive_stake(stake, form.reason.data, current_user)
        except FieldError as error:
            db.session.rollback()
            _error(form, error)
            proposal, stake = _load(proposal_id, stake_id)
        else:
            name = stake.organisation.name
            db.session.commit()
            flash(f"Waived consulting {name}; the reason is kept.", "success")
            return _back(proposal.id)
    return render_template(
        "proposals/waive.html", form=form, proposal=proposal, stake=stake
    ), form_status(form)


@bp.route("/<int:stake_id>/unwaive", methods=["POST"])
@allow("editor")
def unwaive(proposal_id: int, stake_id: int):
    proposal, stake = _load(proposal_id, stake_id)
    name = stake.organisation.name
    stakes.unwaive_stake(stake, current_user)
    db.session.commit()
    flash(f"{name} must be consulted again.", "success")
    return _back(proposal.id)


@bp.route("/<int:stake_id>/remove", methods=["POST"])
@allow("editor")
def remove(proposal_id: int, stake_id: int):
    proposal, stake = _load(proposal_id, stake_id)
    name = stake.organisation.name
    stakes.remove_stake(stake, current_user)
    db.session.commit()
    flash(f"Removed {name} from {proposal.title}.", "success")
    return _back(proposal.id)
