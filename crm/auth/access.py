"""Who may reach which endpoint: every view declares a role, enforced in one place."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort, current_app, request
from flask_login import current_user

PUBLIC = "public"
ROLE_ORDER = {"viewer": 0, "editor": 1, "admin": 2}


def allow(role: str) -> Callable:
    """Declare the least role an endpoint needs ("public", "viewer", "editor", "admin")."""
    if role != PUBLIC and role not in ROLE_ORDER:
        raise ValueError(f"unknown role {role!r}")

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            return view(*args, **kwargs)

        wrapper.required_role = role  # type: ignore[attr-defined]
        return wrapper

    return decorate


def required_role(endpoint: str | None) -> str | None:
    """The role an endpoint declared, or None when it declared nothing."""
    if endpoint is None:
        return None
    if endpoint == "static" or endpoint.startswith("bootstrap."):
        return PUBLIC
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "required_role", None)


def enforce_access():
    """before_request: log-in for everything but public pages; fail closed."""
    if request.endpoint is None:
        return None  # a 404 follows
    role = required_role(request.endpoint)
    if role == PUBLIC:
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if role is None or ROLE_ORDER[current_user.role] < ROLE_ORDER[role]:
        abort(403)
    return None


def user_can(role: str) -> bool:
    """For templates: whether the signed-in user has at least this role."""
    return bool(current_user.is_authenticated and ROLE_ORDER[current_user.role] >= ROLE_ORDER[role])
