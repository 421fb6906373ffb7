"""Browser tests: the app served on 127.0.0.1 with the demo, driven by Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _require_browser():
    if Path(CHROMIUM).exists():
        return
    message = (
        "Chromium is not installed, so the browser tests cannot run. "
        "Install it with `sudo apt-get install chromium` (make test does this when run as root on Debian)."
    )
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def _serve(folder: Path):
    """Serve the app under gunicorn on a fresh SQLite database holding the demo."""
    db_path = folder / "demo.sqlite3"
    env = dict(
        os.environ, DATABASE_URL=f"sqlite:///{db_path}", SECRET_KEY="browser-tests-" + "x" * 40
    )
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "crm", "init"], cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        raise RuntimeError("the app did not start: " + server.stderr.read().decode()[-2000:])
    try:
        yield {"url": url, "database_url": env["DATABASE_URL"]}
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The real app under gunicorn with the demo loaded, shared by tests that leave the story as it is."""
    _require_browser()
    with _serve(tmp_path_factory.mktemp("browser")) as server:
        yield server


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    """A server with its own copy of the demo, for a module that changes the story
    (logs the calls, starts drafting), so the shared server's dashboard stays as it was."""
    _require_browser()
    with _serve(tmp_path_factory.mktemp("browser-own")) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str, full_page: bool = True) -> Path:
    """Keep a screenshot as a test artefact (test-artifacts/ in the checkout)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
