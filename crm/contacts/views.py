"""Contact pages: list, detail, create, edit, archive, restore."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from crm.contacts import queries, services
from crm.contacts import sections as _sections  # noqa: F401 - registers the list facts
from crm.contacts.forms import ContactFilterForm, ContactForm
from crm.contacts.models import Contact
from crm.core import editlock
from crm.core.access import allow
from crm.core.extensions import db
from crm.core.forms import form_status, read_filters, save_new
from crm.core.pages import sections_for
from crm.core.pagination import paginate
from crm.core.storage import reads_until_saved
from crm.core.urls import parse_id
from crm.organisations.models import Organisation

bp = Blueprint("contacts", __name__, url_prefix="/contacts")


@bp.route("/")
@allow("viewer")
def index():
    form = read_filters(ContactFilterForm, request.args)
    filters = form.filters()
    page = paginate(queries.list_query(filters))
    return render_template(
        "contacts/index.html", form=form, page=page, filters=filters
    ), form_status(form)


@bp.route("/<int:contact_id>")
@allow("viewer")
def detail(contact_id: int):
    contact = queries.detail(contact_id)
    return render_template(
        "contacts/detail.html", contact=contact, sections=sections_for("contact", contact)
    )


def _form(obj=None) -> ContactForm:
    form = ContactForm(obj=obj)
    current = obj.organisation_id if obj else None
    form.organisation_id.choices = lambda: (
        [(0, "No organisation")] + queries.organisation_choices(current)
    )  # read when the form is shown, not to save it
    if obj is None and request.method == "GET":
        wanted = request.args.get("organisation", "")
        if parse_id(wanted) and db.session.get(Organisation, parse_id(wanted)):
            form.organisation_id.data = parse_id(wanted)
        # "Add as a contact" from a dropped email brings the name and address along.
        if request.args.get("name"):
            form.name.data = request.args["name"][:200]
        if request.args.get("email"):
            form.email.data = request.args["email"][:320]
            form.preferred_channel.data = "email"
    return form


@bp.route("/new", methods=["GET", "POST"])
@reads_until_saved
@allow("editor")
def create():
    form = _form()
    contact = save_new(form, lambda: services.create_contact(form.data, current_user))
    if contact is not None:
        flash("Added the contact.", "success")
        return redirect(url_for(".detail", contact_id=contact.id))
    return render_template("contacts/form.html", form=form, contact=None), form_status(form)


@bp.route("/<int:contact_id>/edit", methods=["GET", "POST"])
@reads_until_saved
@allow("editor")
def edit(contact_id: int):
    contact = db.get_or_404(Contact, contact_id)
    form = _form(obj=contact)
    outcome = editlock.save_edit(
        form,
        contact,
        lambda version: services.update_contact(contact, form.data, current_user, version),
    )
    if outcome.saved:
        flash("Saved the contact.", "success")
        return redirect(url_for(".detail", contact_id=contact.id))
    return render_template(
        "contacts/form.html", form=form, contact=contact, stale=outcome.stale
    ), outcome.status(form)


@bp.route("/<int:contact_id>/archive", methods=["POST"])
@allow("editor")
def archive(contact_id: int):
    contact = db.get_or_404(Contact, contact_id)
    services.archive_contact(contact, current_user)
    db.session.commit()
    flash("Archived. You can restore them from the archived list.", "success")
    return redirect(url_for(".detail", contact_id=contact.id))


@bp.route("/<int:contact_id>/restore", methods=["POST"])
@allow("editor")
def restore(contact_id: int):
    contact = db.get_or_404(Contact, contact_id)
    services.restore_contact(contact, current_user)
    db.session.commit()
    flash("Restored the contact.", "success")
    return redirect(url_for(".detail", contact_id=contact.id))
