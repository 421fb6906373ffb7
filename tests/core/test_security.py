"""Security headers on every response; no inline script or style on any page."""

from __future__ import annotations

from html.parser import HTMLParser

from crm.core.extensions import db
from tests.walk import build_world, routes, sign_in, url_for_rule


class InlineFinder(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, style attributes, handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name.lower() for name, _ in attrs}
        values = dict(attrs)
        if tag == "script" and "src" not in names:
            self.problems.append("<script> without src")
        if tag == "style":
            self.problems.append("<style> element")
        if "style" in names:
            self.problems.append(f"style= attribute on <{tag}>")
        for name in names:
            if name.startswith("on"):
                self.problems.append(f"{name}= handler on <{tag}>")
        for name in ("href", "src", "action"):
            if (values.get(name) or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL on <{tag}>")


def inline_problems(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.problems


def test_finder_catches_what_csp_blocks():
    html = (
        '<script>alert(1)</script><p style="color:red" onclick="x()">a</p>'
        '<script src="/a.js"></script>'
    )
    assert inline_problems(html) == [
        "<script> without src",
        "style= attribute on <p>",
        "onclick= handler on <p>",
    ]


def test_headers_on_the_log_in_page(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "script-src 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain http


def test_signed_in_pages_are_not_cached(client, login_as):
    login_as("viewer")
    response = client.get("/organisations/")
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_hsts_over_https(client):
    response = client.get("/login", base_url="https://crm.example.org")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_error_pages_have_the_headers(client, login_as):
    login_as("viewer")
    for path, status in (("/no-such-page", 404), ("/users", 403)):
        response = client.get(path)
        assert response.status_code == status
        assert "Content-Security-Policy" in response.headers
        assert response.headers["Cache-Control"] == "no-store"
        assert not inline_problems(response.get_data(as_text=True))


def test_every_page_is_free_of_inline_script_and_style(app, users):
    """Render every GET page an admin can reach: CSP present, nothing it would block."""
    with app.app_context():
        world = build_world()
        db.session.commit()
    client = app.test_client()
    with app.app_context():
        sign_in(client, users["admin"])
    checked, failures = 0, []
    for endpoint, rule, method in routes(app):
        if method != "GET":
            continue
        path = url_for_rule(rule, world)
        response = client.get(path)
        if "Content-Security-Policy" not in response.headers:
            failures.append(f"{path}: no Content-Security-Policy header")
        if response.mimetype == "text/html" and response.status_code == 200:
            checked += 1
            for problem in inline_problems(response.get_data(as_text=True)):
                failures.append(f"{path} ({endpoint}): {problem}")
    anonymous = app.test_client().get("/login")
    failures += [f"/login: {p}" for p in inline_problems(anonymous.get_data(as_text=True))]
    assert not failures, "\n".join(failures)
    assert checked >= 10
