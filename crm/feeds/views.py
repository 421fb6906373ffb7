"""The calendar feed (a secret URL per user) and the page that shows and renews it."""

import secrets

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from crm.auth.models import User
from crm.core.access import PUBLIC, allow
from crm.core.db import utcnow
from crm.core.extensions import db
from crm.feeds.ics import build_calendar
from crm.feeds.queries import feed_items

bp = Blueprint("feeds", __name__, url_prefix="/calendar")


@bp.route("/")
@allow("viewer")
def show():
    token = current_user.calendar_token
    feed_url = url_for(".feed", token=token, _external=True) if token else None
    return render_template("feeds/show.html", feed_url=feed_url)


@bp.route("/renew", methods=["POST"])
@allow("viewer", write="viewer")
def renew():
    first = current_user.calendar_token is None
    current_user.calendar_token = secrets.token_urlsafe(32)
    db.session.commit()
    if first:
        flash("Your calendar link is ready: copy it into your calendar app.", "success")
    else:
        flash(
            "New calendar link made. The old link no longer works: update your calendar.", "success"
        )
    return redirect(url_for(".show"))


def _link(endpoint: str, **values) -> str:
    """An absolute link, or nothing while that page does not exist."""
    if endpoint not in current_app.view_functions:
        return ""
    return url_for(endpoint, _external=True, **values)


@bp.route("/<token>.ics")
@allow(PUBLIC)
def feed(token: str):
    # The token is the credential: calendar apps cannot log in.
    if len(token) < 20:
        abort(404)
    user = db.session.scalar(select(User).where(User.calendar_token == token))
    if user is None or not user.active or not secrets.compare_digest(user.calendar_token, token):
        abort(404)
    items = feed_items(
        user,
        request.host.split(":")[0] or "partnerwise",
        lambda proposal_id: _link("proposals.detail", proposal_id=proposal_id),
        lambda: _link("followups.index"),
    )
    body = build_calendar(items, "Partnerwise", utcnow())
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="partnerwise.ics"'
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
