"""The partner response page: opened from a secret link without logging in (public)."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for

from crm.coproduction import answering, partner, requests
from crm.coproduction.forms import PartnerForm
from crm.core.access import PUBLIC, allow
from crm.core.dates import today_london
from crm.core.db import utcnow
from crm.core.errors import FieldError
from crm.core.extensions import db
from crm.core.pages import provided
from crm.core.storage import write_lock

bp = Blueprint("respond", __name__, url_prefix="/respond")
# Search engines must not index or follow a partner's page; its link is the key to it.
PRIVATE_HEADERS = {"X-Robots-Tag": "noindex, nofollow, noarchive", "Referrer-Policy": "no-referrer"}


def refused(status: int):
    """The same plain page for every wrong, expired or revoked link: it names nothing."""
    return (
        render_template("coproduction/partner_refused.html", status=status),
        status,
        PRIVATE_HEADERS,
    )


@bp.route("/<link>", methods=["GET", "POST"])
@allow(PUBLIC)
def page(link: str):
    view = partner.open_link(link, request.remote_addr or "unknown", today_london())
    if isinstance(view, int):
        return refused(view)
    form = PartnerForm(data=partner.prefill(view) if request.method == "GET" else None)
    if view.may_answer and form.validate_on_submit() and _answered(view, form):
        flash("Thank you: your answer has been sent.", "success")
        return redirect(url_for(".page", link=link, _anchor="answered"))
    if request.method == "GET" and view.request.opened_at is None:
        with write_lock(db.session):
            requests.mark_opened(view.request)
    status = 422 if form.errors else 200
    return (
        render_template("coproduction/partner.html", v=view, form=form, link=link),
        status,
        PRIVATE_HEADERS,
    )


def _answered(view, form) -> bool:
    """Take the answer (and tell the author); a refused one puts its message on the form."""
    try:
        answer = answering.submit_answer(
            view.request, view.stake, view.draft, view.passages, form.data, view.today
        )
    except FieldError as error:
        db.session.rollback()
        field = error.field if error.field in form else "responder_name"
        form[field].errors.append(error.message)
        return False
    partner.notify_author(view, answer)
    db.session.commit()
    return True


@bp.route("/<link>/receipt.pdf")
@allow(PUBLIC, write="admin")  # read only: nobody posts to a receipt
def receipt(link: str):
    """The partner's PDF copy of their answer, behind the same checks as the page."""
    view = partner.open_link(link, request.remote_addr or "unknown", today_london())
    if isinstance(view, int) or view.latest is None:
        return refused(view if isinstance(view, int) else 404)
    # Drawn by the reports feature (crm/reports/receipt.py), which registers the builder.
    pdf = provided("partner_receipt_pdf", view, utcnow())
    if pdf is None:
        return refused(404)
    return send_file(
        BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
        download_name="your-answer.pdf",
    ), 200, PRIVATE_HEADERS  # fmt: skip
