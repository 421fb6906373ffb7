"""Wire Flask-Login and access control into the app."""

from flask import Flask

from crm.auth.sessions import load_user_for_session
from crm.core.access import enforce_access
from crm.core.extensions import login_manager


def init_auth(app: Flask) -> None:
    """Sessions from the database; every endpoint checked against its declared role."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # sessions are checked against the database instead
    login_manager.user_loader(load_user_for_session)
    app.before_request(enforce_access)
