"""The home page: whom to call and by when, overdue relationships, follow-ups, milestones."""

from flask import Blueprint, current_app, render_template, send_from_directory, url_for
from flask_login import current_user

from crm.core.access import PUBLIC, allow
from crm.core.dates import today_london
from crm.main import queries

bp = Blueprint("main", __name__)


@bp.route("/")
@allow("viewer")
def dashboard():
    day = today_london()
    return render_template(
        "main/dashboard.html",
        today=day,
        calls=queries.calls_to_make(current_user.id, day),
        overdue=queries.overdue_relationships(day),
        follow_ups=queries.follow_ups_due(current_user.id, day),
        milestones=queries.upcoming_milestones(day),
        recent=queries.recent_conversations(),
        first_run=queries.first_run(),
        here=url_for(".dashboard"),
        follow_up_days=queries.FOLLOW_UP_DAYS,
        milestone_days=queries.MILESTONE_DAYS,
    )


@bp.route("/favicon.ico")
@allow(PUBLIC, write="admin")  # only GET is routed; nothing here changes data
def favicon():
    """Browsers ask for /favicon.ico whatever the page says: answer, rather than log a 404."""
    return send_from_directory(
        current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon", max_age=86400
    )
