"""The settings page (admin)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from crm.core import editlock
from crm.core.access import allow
from crm.core.storage import reads_until_saved
from crm.settings.closures import format_closures
from crm.settings.forms import SettingsForm
from crm.settings.queries import current_settings
from crm.settings.services import update_settings

bp = Blueprint("settings", __name__, url_prefix="/settings")


@bp.route("/", methods=["GET", "POST"])
@reads_until_saved
@allow("admin")
def edit():
    settings = current_settings()
    form = SettingsForm(obj=settings)
    if request.method == "GET":
        form.closures.data = format_closures(settings.closure_periods)
    outcome = editlock.save_edit(
        form, settings, lambda version: update_settings(_values(form), current_user, version)
    )
    if outcome.saved:
        flash("Settings saved.", "success")
        return redirect(url_for(".edit"))
    return render_template("settings/edit.html", form=form, stale=outcome.stale), outcome.status(
        form
    )


def _values(form: SettingsForm) -> dict:
    return {
        "uk_nation": form.uk_nation.data,
        "closure_periods": form.parsed_closures,
        "default_min_window": form.default_min_window.data,
        "retention_years": form.retention_years.data,
    }
