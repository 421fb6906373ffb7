"""The home page."""

from flask import Blueprint, render_template

from crm.auth.access import allow

bp = Blueprint("main", __name__)


@bp.route("/")
@allow("viewer")
def dashboard():
    return render_template("main/dashboard.html")
