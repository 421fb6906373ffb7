"""Security headers on every response, cookie flags, and the reverse-proxy set-up."""

from __future__ import annotations

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

# No inline scripts or styles anywhere (JS in crm/static/js, CSS in crm/static/css).
# img-src allows data: because Bootstrap's CSS draws icons (select arrows,
# the menu button) as data: SVG images.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
HSTS = "max-age=31536000; includeSubDomains"
STATIC_PREFIXES = ("static", "bootstrap.")


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, marked Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def set_security_headers(response: Response) -> Response:
    """after_request: CSP, no-sniff, frame denial, referrer policy, HSTS, no-store."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    endpoint = request.endpoint or ""
    if not endpoint.startswith(STATIC_PREFIXES):
        # Pages show personal data: never keep them in a browser or proxy cache.
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
    return response


def register(app: Flask) -> None:
    """Install the headers, the session interface and, if configured, ProxyFix."""
    app.session_interface = SessionInterface()
    app.after_request(set_security_headers)
    proxies = int(app.config.get("PROXY_FIX") or 0)
    if proxies:
        # Trust X-Forwarded-For/-Proto/-Host from that many proxies, so the
        # rate limit sees the client's address and HTTPS is detected.
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies
        )
