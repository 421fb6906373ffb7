"""Organisation pages: list, detail, create, edit, archive, restore."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from crm import rules
from crm.auth.queries import user_choices
from crm.core import editlock
from crm.core.access import allow
from crm.core.dates import today_london
from crm.core.errors import FieldError
from crm.core.extensions import db
from crm.core.forms import form_status, read_filters, save_new
from crm.core.pages import sections_for
from crm.core.pagination import paginate
from crm.core.storage import reads_until_saved
from crm.organisations import queries, services
from crm.organisations.forms import OrganisationFilterForm, OrganisationForm
from crm.organisations.models import Organisation

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


@bp.route("/")
@allow("viewer")
def index():
    form = read_filters(OrganisationFilterForm, request.args)
    filters = form.filters()
    page = paginate(queries.list_query(filters))
    return render_template(
        "organisations/index.html",
        form=form,
        page=page,
        filters=filters,
        facts=queries.page_facts(page.items),
        no_facts=queries.Facts(),
    ), form_status(form)


@bp.route("/<int:organisation_id>")
@allow("viewer")
def detail(organisation_id: int):
    organisation = queries.detail(organisation_id)
    days_overdue = rules.stay_in_touch_overdue(
        organisation.last_reached_on, organisation.stay_in_touch_days, today_london()
    )
    return render_template(
        "organisations/detail.html",
        organisation=organisation,
        days_overdue=days_overdue,
        sections=sections_for("organisation", organisation),
    )


def _form(obj=None) -> OrganisationForm:
    form = OrganisationForm(obj=obj)
    form.owner_id.choices = [(0, "Nobody yet")] + user_choices()
    if obj is None and request.method == "GET":
        form.owner_id.data = current_user.id
    return form


@bp.route("/new", methods=["GET", "POST"])
@reads_until_saved
@allow("editor")
def create():
    form = _form()
    organisation = save_new(form, lambda: services.create_organisation(form.data, current_user))
    if organisation is not None:
        flash(f"Added {organisation.name}.", "success")
        return redirect(url_for(".detail", organisation_id=organisation.id))
    return render_template("organisations/form.html", form=form, organisation=None), form_status(
        form
    )


@bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
@reads_until_saved
@allow("editor")
def edit(organisation_id: int):
    organisation = db.get_or_404(Organisation, organisation_id)
    form = _form(obj=organisation)
    outcome = editlock.save_edit(
        form,
        organisation,
        lambda version: services.update_organisation(
            organisation, form.data, current_user, version
        ),
    )
    if outcome.saved:
        flash(f"Saved {organisation.name}.", "success")
        return redirect(url_for(".detail", organisation_id=organisation.id))
    return render_template(
        "organisations/form.html", form=form, organisation=organisation, stale=outcome.stale
    ), outcome.status(form)


@bp.route("/<int:organisation_id>/archive", methods=["POST"])
@allow("editor")
def archive(organisation_id: int):
    organisation = db.get_or_404(Organisation, organisation_id)
    services.archive_organisation(organisation, current_user)
    db.session.commit()
    flash(f"Archived {organisation.name}. You can restore it from the archived list.", "success")
    return redirect(url_for(".detail", organisation_id=organisation.id))


@bp.route("/<int:organisation_id>/restore", methods=["POST"])
@allow("editor")
def restore(organisation_id: int):
    organisation = db.get_or_404(Organisation, organisation_id)
    try:
        services.restore_organisation(organisation, current_user)
    except FieldError as error:
        db.session.rollback()
        flash(f"Not restored: {error.message} Rename or archive that one first.", "danger")
    else:
        db.session.commit()
        flash(f"Restored {organisation.name}.", "success")
    return redirect(url_for(".detail", organisation_id=organisation.id))
