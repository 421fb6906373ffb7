"""The access policy is data: every endpoint has a row, and every cell is enforced."""

from __future__ import annotations

import pytest
from flask import Blueprint

from crm import create_app
from crm.core.access import PUBLIC, ROLE_ORDER, WRITE_METHODS, Rule, allow, policy_table
from crm.core.access import undeclared_endpoints as undeclared
from crm.core.config import TestingConfig
from tests.walk import build_world, routes, sign_in, url_for_rule

ROLES = (None, "viewer", "editor", "admin")  # None: not logged in
# Anyone on the internet may open these. A feature that authenticates by other
# means (a calendar feed with a secret token) adds its endpoint here, with why.
# The calendar feed is opened by calendar apps, which cannot log in: its secret URL is the key.
# Opened without a log-in, each with a secret as its key: the digest's unsubscribe link
# (followed and posted to from a mail program, RFC 8058; a signed token), and the partner
# response page and its receipt (256 bits, stored hashed, one stake, expiring, revocable).
PUBLIC_ENDPOINTS = {
    "auth.login",
    "auth.logout",
    "feeds.feed",
    "main.favicon",
    "reminders.unsubscribe",
    "respond.page",
    "respond.receipt",
}
# Viewers read and export; the only changes they may make are to their own account.
VIEWER_MAY_CHANGE = {
    "auth.login",
    "auth.logout",
    "auth.change_password",
    "auth.account",  # one's own email settings
    "reminders.unsubscribe",  # turning off one's own digest from the email
    "feeds.feed",
    "feeds.renew",
    "respond.page",  # a partner answering through their link (no log-in; see PUBLIC_ENDPOINTS)
}
ADMIN_BLUEPRINTS = {"audit", "privacy", "settings", "mail"}
ADMIN_ENDPOINTS = {"auth.users", "auth.create_user", "auth.edit_user", "auth.access_policy"}


def _refused_by_login(response) -> bool:
    """The access check sends people who are not logged in to /login?next=..."""
    location = response.headers.get("Location", "")
    return response.status_code == 302 and "/login" in location and "next=" in location


def test_every_endpoint_has_a_policy_row(app):
    missing = undeclared(app)
    assert not missing, (
        f"Endpoints without an access rule (refused to everyone): {missing}. Put "
        '@allow("viewer" | "editor" | "admin") under each route decorator (crm/auth/access.py).'
    )


def test_policy_is_what_the_roles_mean(app):
    table = policy_table(app)
    for endpoint, rule in table.items():
        if endpoint.startswith(("static", "bootstrap.")):
            continue
        public = PUBLIC in (rule.read, rule.write)
        assert public == (endpoint in PUBLIC_ENDPOINTS), (
            f"{endpoint} is {'public' if public else 'not public'}; "
            "only PUBLIC_ENDPOINTS in this test may be opened without logging in."
        )
        if endpoint not in VIEWER_MAY_CHANGE:
            assert not rule.allows("viewer", "POST"), (
                f"Viewers may change data through {endpoint}: viewers only read and export. "
                "If this is self-service, add it to VIEWER_MAY_CHANGE with a reason."
            )
        blueprint = endpoint.split(".")[0]
        if blueprint in ADMIN_BLUEPRINTS or endpoint in ADMIN_ENDPOINTS:
            assert rule.read == rule.write == "admin", f"{endpoint} must be admin-only"
        if "import" in endpoint:
            assert ROLE_ORDER.get(rule.read, -1) >= ROLE_ORDER["editor"], (
                f"{endpoint}: imports create records, so they need an editor at least"
            )
        if "export" in endpoint or "report" in endpoint:
            assert rule.read != PUBLIC, f"{endpoint}: exports and reports need a log-in"


def test_every_role_endpoint_and_method_is_enforced(app, users):
    """Walk app.url_map: anonymous -> log-in, below the role -> 403, at or above -> through."""
    with app.app_context():
        world = build_world()
        from crm.conversations.models import Conversation
        from crm.core.extensions import db

        # Conversations may be changed by whoever logged them (and admins): let the
        # walking editor be that person, so the role rule, not ownership, is what is tested.
        db.session.get(Conversation, world["conversation_id"]).logged_by_id = users["editor"]
        db.session.commit()
    table = policy_table(app)
    # Reads first, so records are still there when pages are opened.
    ordered = sorted(routes(app), key=lambda route: route[2] in WRITE_METHODS)
    failures = []
    for endpoint, rule, method in ordered:
        policy = table.get(endpoint)
        path = url_for_rule(rule, world)
        for role in ROLES:
            client = app.test_client()
            if role:
                with app.app_context():
                    sign_in(client, users[role])
            try:
                response = client.open(path, method=method)
            except Exception as error:  # a crash on an empty request is a finding too
                failures.append(f"{method} {path} as {role}: crashed with {error!r}")
                continue
            status = response.status_code
            allowed = policy is not None and policy.allows(role, method)
            if not allowed and role is None:
                ok = _refused_by_login(response)
                expected = "a redirect to /login"
            elif not allowed:
                ok = status == 403
                expected = "403"
            else:
                ok = status != 403 and not _refused_by_login(response) and status < 500
                expected = "to get through (not 403, not the log-in page, not 5xx)"
            if not ok:
                failures.append(
                    f"{method} {path} ({endpoint}) as {role}: {status}, expected {expected}"
                )
    assert not failures, "\n".join(failures)


def test_viewer_gets_403_on_every_changing_route(app, users):
    with app.app_context():
        world = build_world()
        from crm.core.extensions import db

        db.session.commit()
    client = app.test_client()
    with app.app_context():
        sign_in(client, users["viewer"])
    checked = 0
    for endpoint, rule, method in routes(app):
        if method not in WRITE_METHODS or endpoint in VIEWER_MAY_CHANGE:
            continue
        response = client.open(url_for_rule(rule, world), method=method)
        assert response.status_code == 403, f"{method} {endpoint}: {response.status_code}"
        checked += 1
    assert checked >= 8  # organisations, contacts, users, privacy... at the least


def test_undeclared_endpoint_is_refused_to_everyone(database_url, users):
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url})
    extra = Blueprint("extra", __name__)

    @extra.route("/extra/forgotten")
    def forgotten():  # no @allow: a mistake the policy must catch
        return "should never be served"

    app.register_blueprint(extra)
    assert "extra.forgotten" in undeclared(app)
    anonymous = app.test_client()
    assert _refused_by_login(anonymous.get("/extra/forgotten"))
    admin = app.test_client()
    with app.app_context():
        sign_in(admin, users["admin"])
    assert admin.get("/extra/forgotten").status_code == 403


@pytest.mark.parametrize(
    ("declared", "read", "write"),
    [
        ("viewer", "viewer", "editor"),
        ("editor", "editor", "editor"),
        ("admin", "admin", "admin"),
        (PUBLIC, PUBLIC, PUBLIC),
    ],
)
def test_allow_builds_rules(declared, read, write):
    @allow(declared)
    def view():
        return "ok"

    assert view.access_rule == Rule(read, write)


def test_unknown_role_is_a_programming_error():
    with pytest.raises(ValueError):
        allow("superuser")
    with pytest.raises(ValueError):
        allow("viewer", write="owner")


def test_access_policy_page_lists_every_endpoint(app, client, login_as):
    login_as("admin")
    response = client.get("/admin/access")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for endpoint in policy_table(app):
        if not endpoint.startswith(("static", "bootstrap.")):
            assert endpoint in page


def test_htmx_requests_are_sent_to_log_in_as_a_whole_page(client):
    response = client.get("/organisations/", headers={"HX-Request": "true"})
    assert response.status_code == 302
    assert "/login" in response.headers["HX-Redirect"]
