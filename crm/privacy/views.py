"""Privacy pages (admin): subject access export, erasure, retention review."""

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from crm.core.access import allow
from crm.core.db import utcnow
from crm.core.extensions import db
from crm.core.forms import form_status
from crm.core.pagination import paginate
from crm.core.urls import parse_id
from crm.privacy import export, queries, sections, services  # noqa: F401 - sections registers the contact-page block
from crm.privacy.forms import BulkEraseForm, EraseForm
from crm.privacy.mentions import find_mentions

bp = Blueprint("privacy", __name__, url_prefix="/privacy")


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/contacts/<int:contact_id>/export.json")
@allow("admin")
def export_json(contact_id: int):
    data = queries.subject_access(contact_id)
    body = export.to_json(data, utcnow())
    return _download(body, "application/json", f"subject-access-contact-{contact_id}.json")


@bp.route("/contacts/<int:contact_id>/export.pdf")
@allow("admin")
def export_pdf(contact_id: int):
    data = queries.subject_access(contact_id)
    body = export.to_pdf(data, utcnow())
    return _download(body, "application/pdf", f"subject-access-contact-{contact_id}.pdf")


@bp.route("/contacts/<int:contact_id>/erase", methods=["GET", "POST"])
@allow("admin")
def erase(contact_id: int):
    contact = queries.contact_for_erasure(contact_id)
    form = EraseForm()
    if form.validate_on_submit():
        # The page lists each mention with a tick; without the list (an old page), all go.
        reviewed = request.form.get("mentions_reviewed") == "1"
        keys = set(request.form.getlist("mention")) if reviewed else None
        services.erase_contact(contact, current_user, keys)
        db.session.commit()
        services.purge_deleted_bytes()
        # No name in the message: it would sit in the session cookie after the erasure.
        flash("Erased. Conversations they were in now show “erased contact”.", "success")
        return redirect(url_for("contacts.index"))
    return render_template(
        "privacy/erase.html",
        contact=contact,
        form=form,
        links=queries.link_counts(contact_id),
        mentions=find_mentions(contact),
    ), form_status(form)


def _retention_page(form: BulkEraseForm, selected: set[int], status: int = 200):
    years = queries.retention_years()
    page = paginate(queries.retention_query(years))
    return render_template(
        "privacy/retention.html",
        page=page,
        last=queries.last_conversations(page.items),
        years=years,
        form=form,
        selected=selected,
    ), status


@bp.route("/retention")
@allow("admin")
def retention():
    return _retention_page(BulkEraseForm(), set())


@bp.route("/retention/erase", methods=["POST"])
@allow("admin")
def retention_erase():
    form = BulkEraseForm()
    ids = sorted({i for i in map(parse_id, request.form.getlist("contact_id")) if i})
    valid = form.validate_on_submit()
    if not ids:
        form.confirm.errors = [*form.confirm.errors, "Tick at least one contact to erase."]
    if not valid or not ids:
        return _retention_page(form, set(ids), 422)
    # Only contacts still due for review: a stale page cannot erase someone just contacted.
    due = queries.due_ids(ids, queries.retention_years())
    erased = services.erase_contacts(due, current_user)
    db.session.commit()
    services.purge_deleted_bytes()
    skipped = len(ids) - erased
    message = f"Erased {erased} contact{'s' if erased != 1 else ''}."
    if skipped:
        message += f" {skipped} no longer due for review (recently contacted or gone) were kept."
    flash(message, "success")
    return redirect(url_for(".retention"))
