"""Merge pages: choose the duplicate, see what will move, confirm (editors and admins)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import HiddenField

from crm.contacts.models import Contact
from crm.core.access import allow
from crm.core.extensions import db
from crm.core.forms import Form, IdSelectField
from crm.core.urls import parse_id
from crm.merging import candidates, plans, services
from crm.merging import sections as _sections  # noqa: F401 - registers the page sections
from crm.organisations.models import Organisation

bp = Blueprint("merging", __name__, url_prefix="/merge")


class MergeForm(Form):
    """The duplicate to merge into the kept record, and the preview it was shown."""

    other = IdSelectField("The duplicate")
    token = HiddenField()


@dataclass(frozen=True)
class Kind:
    """What can be merged: its model, plan, merge, candidates and where its page is."""

    model: type
    plan: Callable[[int, int], plans.Plan]
    merge: Callable[..., plans.Plan]
    candidates: Callable
    noun: str
    endpoint: str
    arg: str

    def url(self, record_id: int) -> str:
        return url_for(self.endpoint, **{self.arg: record_id})


KINDS = {
    "organisations": Kind(
        Organisation,
        plans.organisation_plan,
        services.merge_organisations,
        candidates.organisation_candidates,
        "organisation",
        "organisations.detail",
        "organisation_id",
    ),
    "contacts": Kind(
        Contact,
        plans.contact_plan,
        services.merge_contacts,
        candidates.contact_candidates,
        "contact",
        "contacts.detail",
        "contact_id",
    ),
}


def _page(kind: str, kept, form: MergeForm, plan=None, problem: str = "", status: int = 200):
    likely, rest = KINDS[kind].candidates(kept)
    return render_template(
        "merging/merge.html",
        kind=kind,
        noun=KINDS[kind].noun,
        kept=kept,
        kept_url=KINDS[kind].url(kept.id),
        likely=likely,
        rest=rest,
        form=form,
        plan=plan,
        problem=problem,
    ), status


@bp.route("/<any(organisations, contacts):kind>/<int:kept_id>", methods=["GET", "POST"])
@allow("editor")
def merge(kind: str, kept_id: int):
    """GET: choose the duplicate, and with ?other=ID see what will move. POST: merge."""
    if request.method == "POST":
        return _confirm(kind, kept_id)
    kept = db.get_or_404(KINDS[kind].model, kept_id)
    form = MergeForm(formdata=None)
    if "other" not in request.args:
        return _page(kind, kept, form)
    other_id = parse_id(request.args.get("other", ""))
    if other_id is None:
        return _page(kind, kept, form, problem="Choose the duplicate from the list.", status=400)
    form.other.data = other_id
    try:
        plan = KINDS[kind].plan(kept.id, other_id)
    except plans.MergeRefused as refused:
        return _page(kind, kept, form, problem=refused.message, status=refused.status)
    form.token.data = plan.token
    return _page(kind, kept, form, plan=plan)


def _confirm(kind: str, kept_id: int):
    """Merge as previewed: everything moves in one transaction, or nothing does."""
    what = KINDS[kind]
    kept = db.get_or_404(what.model, kept_id)
    form = MergeForm()
    if not form.validate_on_submit() or not form.other.data:
        problem = "Choose the duplicate from the list, then look at the preview."
        return _page(kind, kept, form, problem=problem, status=400)
    try:
        plan = what.merge(kept.id, form.other.data, form.token.data, current_user)
    except plans.MergeRefused as refused:
        db.session.rollback()
        kept = db.get_or_404(what.model, kept_id)
        fresh = None
        if refused.status == 409:  # show what the preview says now
            fresh = what.plan(kept.id, form.other.data)
            form.token.data = fresh.token
        return _page(kind, kept, form, plan=fresh, problem=refused.message, status=refused.status)
    db.session.commit()
    message = f"Merged {plan.other.name} into {plan.kept.name}. The duplicate is archived."
    if plan.namesakes:
        message += f" Now merge the two records of {', '.join(plan.namesakes)}."
    flash(message, "success")
    return redirect(what.url(kept.id))
