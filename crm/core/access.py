"""Who may reach which endpoint: one policy table of role x endpoint, enforced in one place.

Every view declares the least role it needs with `@allow(...)` under its route
decorator. `policy_table(app)` collects those declarations into one table
(endpoint -> Rule); `enforce_access` reads only that table, the admin page
"Who can do what" shows it, and tests/auth/test_access_policy.py walks
`app.url_map` and checks every (role, endpoint, method) against it. An endpoint
with no declaration has no row and is refused to everyone (fail closed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import Flask, abort, current_app, request
from flask_login import current_user

from crm.core.urls import is_htmx
from crm.core.vocabulary import Vocabulary

PUBLIC = "public"
# Least to most: each role may do everything the roles before it may.
USER_ROLES = Vocabulary(
    "user role", (("viewer", "Viewer"), ("editor", "Editor"), ("admin", "Admin"))
)
ROLE_ORDER = {role: rank for rank, role in enumerate(USER_ROLES)}
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Served to everyone: the app's and Bootstrap-Flask's static files.
ALWAYS_PUBLIC_PREFIXES = ("static", "bootstrap.")


@dataclass(frozen=True)
class Rule:
    """The least role for reading (GET, HEAD, OPTIONS) and for changing (POST, ...)."""

    read: str
    write: str

    def least_role(self, method: str) -> str:
        """The least role that may use this method."""
        return self.read if method.upper() in READ_METHODS else self.write

    def allows(self, role: str | None, method: str) -> bool:
        """Whether `role` (None when not logged in) may use this method."""
        needed = self.least_role(method)
        if needed == PUBLIC:
            return True
        return role in ROLE_ORDER and ROLE_ORDER[role] >= ROLE_ORDER[needed]


def _check_role(role: str) -> None:
    if role != PUBLIC and role not in ROLE_ORDER:
        raise ValueError(f"unknown role {role!r}")


def allow(role: str, *, write: str | None = None) -> Callable:
    """Declare the least role an endpoint needs ("public", "viewer", "editor", "admin").

    Viewers only read: on an endpoint declared "viewer", POST, PUT, PATCH and
    DELETE need an editor unless `write="viewer"` is given for self-service
    actions such as changing one's own password.
    """
    _check_role(role)
    if write is None:
        write = "editor" if role == "viewer" else role
    _check_role(write)

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            return view(*args, **kwargs)

        wrapper.access_rule = Rule(read=role, write=write)  # type: ignore[attr-defined]
        return wrapper

    return decorate


def is_always_public(endpoint: str) -> bool:
    """Static files need no declaration."""
    return endpoint == "static" or endpoint.startswith(ALWAYS_PUBLIC_PREFIXES[1])


def policy_table(app: Flask) -> dict[str, Rule]:
    """The policy: endpoint -> Rule for every endpoint that declared one (cached per app)."""
    cached = app.extensions.get("access_policy")
    if cached is not None and cached[0] == len(app.view_functions):
        return cached[1]
    table: dict[str, Rule] = {}
    for endpoint, view in app.view_functions.items():
        if is_always_public(endpoint):
            table[endpoint] = Rule(PUBLIC, PUBLIC)
        elif isinstance(getattr(view, "access_rule", None), Rule):
            table[endpoint] = view.access_rule
    app.extensions["access_policy"] = (len(app.view_functions), table)
    return table


def undeclared_endpoints(app: Flask) -> list[str]:
    """Endpoints with no policy row: refused to everyone until they declare a role."""
    table = policy_table(app)
    return sorted(endpoint for endpoint in app.view_functions if endpoint not in table)


@dataclass(frozen=True)
class PolicyRow:
    """One endpoint as the "Who can do what" page shows it."""

    endpoint: str
    rules: tuple[str, ...]
    methods: tuple[str, ...]
    rule: Rule | None

    def can(self, role: str | None, method: str) -> bool:
        return self.rule is not None and self.rule.allows(role, method)


def policy_rows(app: Flask) -> list[PolicyRow]:
    """Every routed endpoint with its addresses, methods and rule (None = refused to all)."""
    table = policy_table(app)
    grouped: dict[str, tuple[set[str], set[str]]] = {}
    for url_rule in app.url_map.iter_rules():
        if is_always_public(url_rule.endpoint):
            continue
        rules, methods = grouped.setdefault(url_rule.endpoint, (set(), set()))
        rules.add(url_rule.rule)
        methods.update((url_rule.methods or set()) - {"HEAD", "OPTIONS"})
    return [
        PolicyRow(endpoint, tuple(sorted(rules)), tuple(sorted(methods)), table.get(endpoint))
        for endpoint, (rules, methods) in sorted(grouped.items())
    ]


def enforce_access():
    """before_request: log-in for everything but public pages; fail closed."""
    if request.endpoint is None:
        return None  # a 404 or 405 follows; no view runs
    rule = policy_table(current_app).get(request.endpoint)
    if rule is not None and rule.least_role(request.method) == PUBLIC:
        return None
    if not current_user.is_authenticated:
        return _login_required()
    if rule is None or not rule.allows(current_user.role, request.method):
        abort(403)
    return None


def _login_required():
    response = current_app.login_manager.unauthorized()
    if is_htmx():
        # htmx would swap the log-in page into a fragment; send the whole page there instead.
        response.headers["HX-Redirect"] = response.headers["Location"]
    return response


def user_can(role: str) -> bool:
    """For templates: whether the signed-in user has at least this role."""
    return bool(current_user.is_authenticated and ROLE_ORDER[current_user.role] >= ROLE_ORDER[role])
