"""A small HTTP client for the benchmark and the load tests: cookies, forms, timing.

Standard library only (http.client), one connection per request: gunicorn's
sync workers close the connection after each response anyway.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Response:
    """What came back, and how long it took (seconds, connect to last byte)."""

    status: int
    headers: dict[str, str]
    body: bytes
    elapsed: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Client:
    """Talks to one server; keeps its cookies unless told not to."""

    port: int
    host: str = "127.0.0.1"
    cookies: dict[str, str] = field(default_factory=dict)
    keep_cookies: bool = True
    timeout: float = 60.0

    def request(self, method: str, path: str, data=None, headers: dict | None = None) -> Response:
        """Send one request; data (a dict or list of pairs) is sent as a form."""
        body = None
        sent = dict(headers or {})
        if data is not None:
            body = urlencode(data, doseq=True).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        elapsed = time.perf_counter() - started
        if self.keep_cookies:
            for header in response.msg.get_all("Set-Cookie") or []:
                self._take_cookie(header)
        return Response(response.status, dict(response.getheaders()), content, elapsed)

    def _take_cookie(self, header: str) -> None:
        for name, morsel in SimpleCookie(header).items():
            if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data) -> Response:
        return self.request("POST", path, data)

    def form(self, path: str, action_contains: str = "") -> Form:
        """GET a page and return its main form (the one with the most fields)."""
        response = self.get(path)
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}")
        forms = parse_forms(response.text)
        candidates = [f for f in forms if action_contains in f.action and f.method == "post"]
        if not candidates:
            raise RuntimeError(f"no POST form on {path}")
        return max(candidates, key=lambda f: len(f.fields))

    def login(self, email: str, password: str) -> Response:
        """Log in through the real form (CSRF token included); returns the POST's response."""
        form = self.form("/login")
        form.set("email", email)
        form.set("password", password)
        return self.post("/login", form.fields)

    def copy(self) -> Client:
        """Another client with the same cookies (for another thread), which it will not change."""
        return Client(self.port, self.host, dict(self.cookies), keep_cookies=False)


@dataclass
class Form:
    """A form as a browser would submit it: ordered (name, value) pairs."""

    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.fields if key == name), None)

    def set(self, name: str, value: str) -> None:
        """Replace a field's value(s), or add the field."""
        self.fields = [(k, v) for k, v in self.fields if k != name] + [(name, str(value))]

    def names(self) -> list[str]:
        return [name for name, _ in self.fields]


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self.select: tuple[str, bool, list[tuple[str, bool]]] | None = None
        self.option: list | None = None
        self.textarea: list | None = None

    def handle_starttag(self, tag, attrs):
        a = {key: (value or "") for key, value in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower()))
        if not self.forms:
            return
        form = self.forms[-1]
        if tag == "input" and a.get("name") and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    form.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "reset", "image", "file"):
                form.fields.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self.select = (a["name"], "multiple" in a, [])
        elif tag == "option" and self.select is not None:
            self.option = [a.get("value"), "selected" in a, ""]
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]

    def handle_data(self, data):
        if self.option is not None:
            self.option[2] += data
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "option" and self.option is not None and self.select is not None:
            value, selected, text = self.option
            self.select[2].append((text.strip() if value is None else value, selected))
            self.option = None
        elif tag == "select" and self.select is not None:
            name, multiple, options = self.select
            chosen = [value for value, selected in options if selected]
            if not chosen and options and not multiple:
                chosen = [options[0][0]]
            self.forms[-1].fields.extend((name, value) for value in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.forms[-1].fields.append((self.textarea[0], self.textarea[1].lstrip("\n")))
            self.textarea = None


def parse_forms(html: str) -> list[Form]:
    """Every form on a page, with the values a browser would send."""
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def free_port() -> int:
    """A TCP port nobody is listening on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(
    target: str, port: int, env: dict[str, str], workers: int = 2, log=None
) -> subprocess.Popen:
    """Start gunicorn (sync workers, no access log) in its own process group; wait for it.

    --preload imports the app once in the master instead of once per worker:
    the same app afterwards, but a quicker start on a busy machine.
    """
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-k", "sync", "--preload"]
    command += ["-b", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120", target]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log or subprocess.DEVNULL,
        stderr=log or subprocess.DEVNULL,
        start_new_session=True,  # so stop() can end the master and its workers together
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn {target} exited with {process.returncode}")
        try:
            Client(port, timeout=5).get("/login" if target == "wsgi:app" else "/hello")
            return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise RuntimeError(f"gunicorn {target} did not answer on port {port}")


def stop(process: subprocess.Popen, hard: bool = False, patience: float = 2.0) -> None:
    """End a server started by start_gunicorn: SIGQUIT (quick shutdown), or SIGKILL when hard.

    Signals go to the process group start_gunicorn made, so the workers get them too.
    Workers spend seconds tearing down the interpreter after a quit; with no request in
    flight that is wasted time, so after `patience` seconds the group is killed.
    """
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGKILL if hard else signal.SIGQUIT)
        process.wait(timeout=patience)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
