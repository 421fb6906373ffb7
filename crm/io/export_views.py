"""Downloads: the organisations and contacts lists as CSV or XLSX; the whole database (admin)."""

from flask import Response, abort, render_template, request

from crm.core.access import allow
from crm.core.extensions import db
from crm.io import lists, page_exports
from crm.io.blueprint import bp
from crm.io.database import export_database
from crm.io.exports import FORMATS, send_frame


@bp.route("/organisations/export.<fmt>")
@allow("viewer")
def export_organisations(fmt: str):
    if fmt not in FORMATS:
        abort(404)
    return send_frame(lists.organisations_frame(request.args), fmt, "organisations")


@bp.route("/contacts/export.<fmt>")
@allow("viewer")
def export_contacts(fmt: str):
    if fmt not in FORMATS:
        abort(404)
    return send_frame(lists.contacts_frame(request.args), fmt, "contacts")


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
    return _send(page_exports.conversations_frame, fmt, "conversations", request.args)


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
    return _send(page_exports.follow_ups_frame, fmt, "follow-ups", request.args)
