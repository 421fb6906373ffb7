"""Downloads: the list pages as CSV or XLSX, with the pages' filters; the whole database (admin)."""

from flask import Response, abort, render_template, request

from crm.contacts.forms import ContactFilterForm
from crm.core.access import allow
from crm.core.extensions import db
from crm.core.forms import read_filters, refuse_filters
from crm.followups.forms import FollowUpFilterForm
from crm.io import lists, page_exports
from crm.io.blueprint import bp
from crm.io.database import export_database
from crm.io.exports import FORMATS, send_frame
from crm.logbook.forms import ConversationFilterForm
from crm.organisations.forms import OrganisationFilterForm


def _send_list(form_class, frame_of, fmt: str, stem: str):
    """A list page's rows for the page's filters, read by the page's own filter form."""
    if fmt not in FORMATS:
        abort(404)
    form = read_filters(form_class, request.args, page=False)
    if form.errors:
        return refuse_filters(form)
    return send_frame(frame_of(form.filters()), fmt, stem)


@bp.route("/organisations/export.<fmt>")
@allow("viewer")
def export_organisations(fmt: str):
    return _send_list(OrganisationFilterForm, lists.organisations_frame, fmt, "organisations")


@bp.route("/contacts/export.<fmt>")
@allow("viewer")
def export_contacts(fmt: str):
    return _send_list(ContactFilterForm, lists.contacts_frame, fmt, "contacts")


@bp.route("/admin/export")
@allow("admin")
def export_page():
    return render_template("io/export.html")


@bp.route("/admin/export/database.zip")
@allow("admin")
def export_database_zip():
    db.session.rollback()  # read everything in the export's own snapshot
    data, manifest = export_database(db.engine)
    name = f"partnerwise-export-{manifest['exported_at'][:10]}.zip"
    return Response(
        data,
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


def _send(frame_of, fmt: str, stem: str, *args):
    if fmt not in FORMATS:
        abort(404)
    return send_frame(frame_of(*args), fmt, stem)


@bp.route("/conversations/export.<fmt>")
@allow("viewer")
def export_conversations(fmt: str):
    return _send_list(
        ConversationFilterForm, page_exports.conversations_frame, fmt, "conversations"
    )


@bp.route("/proposals/export.<fmt>")
@allow("viewer")
def export_proposals(fmt: str):
    return _send(page_exports.proposals_frame, fmt, "proposals")


@bp.route("/proposals/<int:proposal_id>/stakes.<fmt>")
@allow("viewer")
def export_stakes(proposal_id: int, fmt: str):
    return _send(page_exports.stakes_frame, fmt, f"proposal-{proposal_id}-stakes", proposal_id)


@bp.route("/follow-ups/export.<fmt>")
@allow("viewer")
def export_follow_ups(fmt: str):
    return _send_list(FollowUpFilterForm, page_exports.follow_ups_frame, fmt, "follow-ups")
