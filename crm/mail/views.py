"""The admin Outbox page: every message by state, one message read safely, resend, discard."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from crm.core.access import allow
from crm.core.extensions import db
from crm.core.forms import EmptyForm, form_status, read_filters
from crm.core.pagination import paginate
from crm.mail import queries, services
from crm.mail.forms import OutboxFilterForm

bp = Blueprint("mail", __name__, url_prefix="/admin/outbox")

# The HTML part is shown in a sandboxed frame from this address: no scripts, no
# requests anywhere (remote images included), nothing it can reach in the app.
HTML_PART_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox"
)


@bp.route("/")
@allow("admin")
def index():
    form = read_filters(OutboxFilterForm, request.args)
    state = form.filters()
    page = paginate(queries.list_query(state))
    return render_template(
        "mail/index.html",
        form=form,
        page=page,
        state=state,
        filters=queries.FILTERS,
        counts=queries.state_counts(),
        file_mode=not current_app.config.get("MAIL_URL"),
    ), form_status(form)


@bp.route("/<int:message_id>")
@allow("admin")
def detail(message_id: int):
    message = queries.message(message_id)
    return render_template("mail/detail.html", message=message, form=EmptyForm())


@bp.route("/<int:message_id>/html")
@allow("admin")
def html_part(message_id: int):
    message = queries.message(message_id)
    response = Response(message.html_body or "", mimetype="text/html")
    response.headers["Content-Security-Policy"] = HTML_PART_POLICY
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.route("/<int:message_id>/<any(resend, discard):action>", methods=["POST"])
@allow("admin")
def change(message_id: int, action: str):
    message = queries.message(message_id)
    if not EmptyForm().validate_on_submit():
        flash("The form had expired. Try again.", "danger")
        return redirect(url_for(".detail", message_id=message_id))
    try:
        getattr(services, action)(message, current_user)
    except services.OutboxError as error:
        flash(str(error), "danger")
        return redirect(url_for(".detail", message_id=message_id)), 303
    db.session.commit()
    flash(
        "Queued again: it goes with the next send."
        if action == "resend"
        else "Discarded: it will not be sent.",
        "success",
    )
    return redirect(url_for(".detail", message_id=message_id))
