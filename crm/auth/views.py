"""Log-in, log-out, own password, and the users page for admins."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from crm.auth import services
from crm.auth.forms import AccountForm, LoginForm, PasswordForm, UserCreateForm, UserEditForm
from crm.auth.models import User
from crm.auth.ratelimit import is_limited, note_attempt
from crm.auth.sessions import end_session, start_session
from crm.core import editlock
from crm.core.access import PUBLIC, allow, policy_rows
from crm.core.extensions import db
from crm.core.forms import EmptyForm, form_status
from crm.core.storage import reads_until_saved
from crm.core.urls import safe_next

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@allow(PUBLIC)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        email = services.normalise_email(form.email.data)
        address = request.remote_addr or "unknown"
        if is_limited(email, address):
            form.password.errors.append(
                "Too many failed attempts. Wait 15 minutes, or ask an admin to reset your password."
            )
            return render_template("auth/login.html", form=form), 429
        user = services.authenticate(email, form.password.data)
        note_attempt(email, address, succeeded=user is not None)
        if user is None:
            db.session.commit()
            form.password.errors.append("That email and password do not match an active account.")
            return render_template("auth/login.html", form=form), 200
        start_session(user, request.user_agent.string)
        login_user(user)
        db.session.commit()
        return redirect(safe_next(request.args.get("next")) or url_for("main.dashboard"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@allow(PUBLIC)
def logout():
    end_session()
    logout_user()
    db.session.commit()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@allow("viewer", write="viewer")  # self-service: everyone may change their own password
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        address = request.remote_addr or "unknown"
        if is_limited(current_user.email, address):
            form.current.errors.append("Too many failed attempts. Wait 15 minutes and try again.")
            return render_template("auth/password.html", form=form), 429
        if not services.password_matches(current_user, form.current.data):
            # Counted like a failed log-in, so a borrowed session cannot guess the password.
            note_attempt(current_user.email, address, succeeded=False)
            db.session.commit()
            form.current.errors.append("That is not your current password.")
        else:
            try:
                services.set_password(current_user, form.password.data, current_user)
            except services.UserError as error:
                form.password.errors.append(str(error))
            else:
                db.session.commit()
                flash("Password changed. Log in again with the new password.", "success")
                return redirect(url_for("auth.login"))
    return render_template("auth/password.html", form=form), form_status(form)


@bp.route("/account", methods=["GET", "POST"])
@allow("viewer", write="viewer")  # self-service: everyone chooses their own emails
def account():
    form = AccountForm(obj=current_user)
    if form.validate_on_submit():
        changed = services.set_email_digest(current_user, form.email_digest.data, current_user)
        db.session.commit()
        if changed:
            flash(
                "You will get the daily digest."
                if form.email_digest.data
                else "Daily digest turned off.",
                "success",
            )
        return redirect(url_for(".account"))
    return render_template("auth/account.html", form=form), form_status(form)


@bp.route("/users")
@allow("admin")
def users():
    rows = db.session.scalars(select(User).order_by(User.active.desc(), User.name)).all()
    return render_template("auth/users.html", users=rows, form=EmptyForm())


@bp.route("/users/new", methods=["GET", "POST"])
@allow("admin")
def create_user():
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            services.create_user(
                form.name.data, form.email.data, form.password.data, form.role.data, current_user
            )
        except services.UserError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            db.session.commit()
            flash("Added the user. Give them their first password in person.", "success")
            return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", form=form, user=None), form_status(form)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@reads_until_saved
@allow("admin")
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserEditForm(obj=user)
    outcome = editlock.save_edit(form, user, lambda version: _save_user(user, form, version))
    if outcome.saved:
        flash("Saved the user.", "success")
        return redirect(url_for("auth.users"))
    return render_template(
        "auth/user_form.html", form=form, user=user, stale=outcome.stale
    ), outcome.status(form)


def _save_user(user: User, form, version: int | None) -> None:
    services.update_user(
        user, form.name.data, form.role.data, form.active.data, current_user, version
    )
    if form.password.data:
        services.set_password(user, form.password.data, current_user)


@bp.route("/admin/access")
@allow("admin")
def access_policy():
    return render_template("auth/access_policy.html", rows=policy_rows(current_app))
