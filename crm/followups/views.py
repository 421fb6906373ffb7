"""Follow-up pages: mine and everyone's, create, edit, tick done, reopen."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from crm.auth.queries import user_choices
from crm.contacts import queries as contact_queries
from crm.contacts.queries import organisation_choices
from crm.core import editlock
from crm.core.access import allow
from crm.core.dates import today_london
from crm.core.extensions import db
from crm.core.forms import EmptyForm, form_status, read_filters, save_new
from crm.core.pagination import paginate
from crm.core.storage import reads_until_saved
from crm.core.urls import is_htmx, parse_id, safe_next
from crm.followups import queries, sections, services
from crm.followups.forms import FollowUpFilterForm, FollowUpForm
from crm.proposals.choices import proposal_choices

bp = Blueprint("followups", __name__, url_prefix="/follow-ups")


@bp.route("/")
@allow("viewer")
def index():
    form = read_filters(FollowUpFilterForm, request.args)
    filters = form.filters()
    page = paginate(queries.list_query(filters, current_user.id))
    today = today_london()
    return render_template(
        "followups/index.html",
        form=form,
        page=page,
        filters=filters,
        counts=queries.open_counts(current_user.id, today),
        today=today,
    ), form_status(form)


def _form(follow_up=None) -> FollowUpForm:
    form = FollowUpForm(obj=follow_up)
    form.owner_id.choices = [(0, "Choose someone")] + user_choices()
    # Read when the form is shown, not to save it (a county has 20,000 people); the
    # service checks the chosen records under the write lock.
    include = follow_up.organisation_id if follow_up else None
    form.organisation_id.choices = lambda: [(0, "None")] + organisation_choices(include)
    form.contact_id.choices = lambda: [(0, "None")] + _people(follow_up)
    proposals = [follow_up.proposal_id] if follow_up and follow_up.proposal_id else []
    form.proposal_id.choices = lambda: [(0, "None")] + proposal_choices(proposals)
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
        if follow_up is None:
            form.owner_id.data = current_user.id
            for name in ("organisation", "contact", "proposal"):
                value = request.args.get(name, "")
                if parse_id(value):
                    form[f"{name}_id"].data = parse_id(value)
    return form


def _people(follow_up) -> list[tuple[int, str]]:
    people = contact_queries.contact_choices()
    wanted = follow_up.contact_id if follow_up is not None else None
    if wanted and wanted not in {value for value, _ in people}:
        people.append((wanted, follow_up.contact.name))  # archived since: keep showing them
    return people


@bp.route("/new", methods=["GET", "POST"])
@reads_until_saved
@allow("editor")
def create():
    form = _form()
    if save_new(form, lambda: services.create_follow_up(form.data, current_user)):
        flash("Added the follow-up.", "success")
        return redirect(safe_next(form.next.data) or url_for(".index"))
    return render_template("followups/form.html", form=form, follow_up=None), form_status(form)


@bp.route("/<int:follow_up_id>/edit", methods=["GET", "POST"])
@reads_until_saved
@allow("editor")
def edit(follow_up_id: int):
    follow_up = queries.follow_up(follow_up_id)
    form = _form(follow_up)
    outcome = editlock.save_edit(
        form,
        follow_up,
        lambda version: services.update_follow_up(follow_up, form.data, current_user, version),
    )
    if outcome.saved:
        flash("Saved the follow-up.", "success")
        return redirect(safe_next(form.next.data) or url_for(".index"))
    follow_up = queries.follow_up(follow_up_id)  # reloaded: a refused save rolled back
    return render_template(
        "followups/form.html", form=form, follow_up=follow_up, stale=outcome.stale
    ), outcome.status(form)


def _tick(follow_up_id: int, change):
    follow_up = queries.follow_up(follow_up_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    change(follow_up, current_user)
    db.session.commit()
    back = safe_next(request.form.get("next"))
    if is_htmx():
        follow_up = queries.follow_up(follow_up_id)
        return render_template(
            "followups/_row.html", f=follow_up, today=today_london(), next=back or ""
        )
    flash("Ticked done." if follow_up.done else "Reopened.", "success")
    return redirect(back or url_for(".index"))


@bp.route("/<int:follow_up_id>/done", methods=["POST"])
@allow("editor")
def done(follow_up_id: int):
    return _tick(follow_up_id, services.mark_done)


@bp.route("/<int:follow_up_id>/reopen", methods=["POST"])
@allow("editor")
def reopen(follow_up_id: int):
    return _tick(follow_up_id, services.reopen)


@bp.route("/section/<kind>/<int:record_id>")
@allow("viewer")
def section(kind: str, record_id: int):
    """The open follow-ups of a record (reloaded when a conversation adds one)."""
    if kind not in ("organisation", "contact", "proposal"):
        abort(404)
    return render_template(
        "followups/_section_items.html", s=sections.section_context(kind, record_id)
    )
