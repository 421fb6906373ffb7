"""Draft pages: add a version, show one with its names check, download the original."""

from __future__ import annotations

from io import BytesIO

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user

from crm.core.access import allow
from crm.core.extensions import csrf
from crm.core.forms import form_status, save_new
from crm.core.pages import sections_for
from crm.core.storage import reads_until_saved
from crm.drafts import queries, services
from crm.drafts import sections as _sections  # noqa: F401 - registers page sections
from crm.drafts.extract import MAX_FILE_BYTES
from crm.drafts.forms import DraftForm
from crm.drafts.worker import Limits
from crm.proposals import queries as proposal_queries

bp = Blueprint("drafts", __name__, url_prefix="/proposals/<int:proposal_id>/drafts")
FORM_ROOM = 5_300_000  # pasted text and the other fields, beside the file


def _accept_upload() -> None:
    """Let this request carry a 10 MB file and the form, then check its CSRF token."""
    request.max_content_length = max(
        current_app.config.get("MAX_CONTENT_LENGTH") or 0, MAX_FILE_BYTES + FORM_ROOM
    )
    request.max_form_memory_size = FORM_ROOM
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()


@bp.route("/new", methods=["GET", "POST"])
@reads_until_saved
@csrf.exempt
@allow("editor")
def create(proposal_id: int):
    _accept_upload()
    proposal = proposal_queries.detail(proposal_id)
    form = DraftForm()
    upload = form.file.data if form.file.data and form.file.data.filename else None
    draft = save_new(
        form,
        lambda: services.add_draft(
            proposal,
            note=form.note.data,
            actor=current_user,
            filename=upload.filename if upload else None,
            data=upload.read(MAX_FILE_BYTES + 1) if upload else None,
            pasted=form.pasted.data,
            limits=Limits.from_config(current_app.config),
        ),
    )
    if draft is not None:
        flash(f"Version {draft.number} added. Check who it names below.", "success")
        return redirect(url_for(".show", proposal_id=proposal.id, number=draft.number))
    number = services.next_number(proposal.id)
    return render_template(
        "drafts/new.html", form=form, proposal=proposal, number=number
    ), form_status(form)


@bp.route("/<int:number>")
@allow("viewer")
def show(proposal_id: int, number: int):
    proposal = proposal_queries.detail(proposal_id)
    draft = queries.version(proposal_id, number)
    return render_template(
        "drafts/show.html",
        proposal=proposal,
        draft=draft,
        sections=sections_for("draft", draft, proposal=proposal),
    )


@bp.route("/<int:number>/download")
@allow("viewer")
def download(proposal_id: int, number: int):
    draft = queries.version(proposal_id, number, with_file=True)
    if not draft.has_file or draft.content is None:
        abort(404)
    return send_file(
        BytesIO(draft.content),
        mimetype=draft.media_type,
        as_attachment=True,
        download_name=draft.filename or f"draft-v{draft.number}.{draft.source}",
    )
