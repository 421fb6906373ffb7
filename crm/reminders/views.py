"""Stopping the daily digest from the email itself (the List-Unsubscribe link)."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from crm.auth.services import set_email_digest
from crm.core.access import PUBLIC, allow
from crm.core.extensions import csrf, db
from crm.reminders.services import user_for_token

bp = Blueprint("reminders", __name__, url_prefix="/reminders")


@bp.route("/stop/<token>", methods=["GET", "POST"])
@csrf.exempt  # mail programs post here in one click (RFC 8058); the signed token is the key
@allow(PUBLIC)
def unsubscribe(token: str):
    user = user_for_token(token)
    if user is None:
        return render_template("reminders/unsubscribe.html", user=None, done=False), 404
    if request.method == "POST":
        set_email_digest(user, False, user)
        db.session.commit()
    return render_template("reminders/unsubscribe.html", user=user, done=not user.email_digest)
