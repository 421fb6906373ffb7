"""The calendar feed (a secret URL per user) and the page that shows and renews it."""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from crm.auth import services
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
    first = services.renew_calendar_token(current_user, current_user)
    db.session.commit()
    if first:
        flash("Your calendar link is ready: copy it into your calendar app.", "success")
    else:
        flash(
            "New calendar link made. The old link no longer works: update your calendar.", "success"
        )
    return redirect(url_for(".show"))


@bp.route("/<token>.ics")
@allow(PUBLIC)
def feed(token: str):
    # The token is the credential: calendar apps cannot log in.
    user = services.user_by_calendar_token(token)
    if user is None:
        abort(404)
    items = feed_items(
        user,
        request.host.split(":")[0] or "partnerwise",
        lambda proposal_id: url_for("proposals.detail", proposal_id=proposal_id, _external=True),
        lambda: url_for("followups.index", _external=True),
    )
    body = build_calendar(items, "Partnerwise", utcnow())
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="partnerwise.ics"'
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
