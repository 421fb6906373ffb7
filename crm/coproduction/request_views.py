"""Asking in writing, for officers: the request form, the ready-to-copy message, the list."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import select

from crm.coproduction import ask, queries, requests
from crm.coproduction.forms import AskForm
from crm.coproduction.models import ResponseRequest
from crm.coproduction.rules import ANSWER_LABELS
from crm.coproduction.views import load_stake
from crm.core.access import allow
from crm.core.dates import today_london
from crm.core.extensions import db
from crm.core.forms import EmptyForm, form_status
from crm.proposals import queries as proposal_queries

bp = Blueprint("asking", __name__, url_prefix="/proposals/<int:proposal_id>")
NEW_LINK = "new_partner_link"  # the session key holding a just-made link until it is sent


@bp.route("/stakes/<int:stake_id>/ask", methods=["GET", "POST"], endpoint="ask")
@allow("editor")
def ask_view(proposal_id: int, stake_id: int):
    proposal = proposal_queries.detail(proposal_id)
    stake = load_stake(proposal_id, stake_id)
    setup = ask.prepare(proposal, stake, today_london())
    form = AskForm(data=setup.defaults if request.method == "GET" else None)
    form.contact_id.choices = setup.choices
    outcome = (
        ask.submit(form, proposal, stake, setup, current_user)
        if form.validate_on_submit()
        else None
    )
    if outcome is not None and outcome.done:
        flash(outcome.message, "success")
        if outcome.token:
            session[NEW_LINK] = {"id": outcome.request_id, "token": outcome.token}
            return redirect(
                url_for(".send", proposal_id=proposal_id, request_id=outcome.request_id)
            )
        return redirect(url_for(".index", proposal_id=proposal_id))
    notices = ask.notices(setup, form.respond_by.data)
    return render_template(
        "coproduction/ask.html", proposal=proposal, stake=stake, setup=setup, form=form,
        notices=notices, mail_note=outcome.message if outcome else "",
    ), form_status(form)  # fmt: skip


def _request(proposal_id: int, request_id: int) -> ResponseRequest:
    return db.first_or_404(
        select(ResponseRequest)
        .join(ResponseRequest.stake)
        .where(ResponseRequest.id == request_id)
        .where(ResponseRequest.stake.has(proposal_id=proposal_id))
    )


@bp.route("/requests/<int:request_id>/send")
@allow("editor")
def send(proposal_id: int, request_id: int):
    item = _request(proposal_id, request_id)
    kept = session.get(NEW_LINK) or {}
    token = kept.get("token") if kept.get("id") == item.id else None
    context = ask.ready_to_copy(item, token) if token else None
    return render_template(
        "coproduction/send.html", proposal=proposal_queries.detail(proposal_id), item=item,
        composed=context, form=EmptyForm(),
    )  # fmt: skip


@bp.route("/requests/<int:request_id>/sent", methods=["POST"])
@allow("editor")
def sent(proposal_id: int, request_id: int):
    item = _request(proposal_id, request_id)
    if EmptyForm().validate_on_submit():
        requests.mark_sent(item, "own_mail", current_user)
        db.session.commit()
        session.pop(NEW_LINK, None)
        flash("Noted as sent. You will see here when they open it and answer.", "success")
    return redirect(url_for(".index", proposal_id=proposal_id))


@bp.route("/requests/<int:request_id>/revoke", methods=["POST"])
@allow("editor")
def revoke(proposal_id: int, request_id: int):
    item = _request(proposal_id, request_id)
    requests.revoke(item, current_user)
    db.session.commit()
    session.pop(NEW_LINK, None)
    flash("The link no longer works. Answers already given are kept.", "success")
    return redirect(url_for(".index", proposal_id=proposal_id))


@bp.route("/requests/<int:request_id>/new-link", methods=["POST"])
@allow("editor")
def renew(proposal_id: int, request_id: int):
    item = _request(proposal_id, request_id)
    token = requests.new_link(item, current_user)
    db.session.commit()
    session[NEW_LINK] = {"id": item.id, "token": token}
    flash("New link made: the old one no longer works. Send this one.", "success")
    return redirect(url_for(".send", proposal_id=proposal_id, request_id=item.id))


@bp.route("/requests")
@allow("viewer")
def index(proposal_id: int):
    proposal = proposal_queries.detail(proposal_id)
    rows = queries.request_rows(proposal.id, today_london())
    return render_template(
        "coproduction/requests.html", proposal=proposal, rows=rows, answer_labels=ANSWER_LABELS
    )
