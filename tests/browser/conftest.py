"""Browser tests: the app served on 127.0.0.1 with the demo, driven by Debian's Chromium.

The servers run with their date set (PARTNERWISE_TODAY=TODAY): the demo is loaded for that
day and every page reads it, so what the tests expect is worked out from TODAY with the
app's own formatters (crm.core.dates.uk_date...), whatever the real date is. Chromium keeps the
real clock, which is why no cookie the app sets carries an expiry date.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from bench.client import free_port, start_gunicorn, stop

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
# The browser servers' date: a Saturday in late November, mid-consultation in the demo's story.
TODAY = date(2026, 11, 28)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]


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
def _serve(folder: Path, today: date = TODAY):
    """Serve the app under gunicorn on a fresh SQLite database holding the demo of `today`."""
    db_path = folder / "demo.sqlite3"
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{db_path}",
        SECRET_KEY="browser-tests-" + "x" * 40,
        PARTNERWISE_TODAY=today.isoformat(),
    )
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "crm", "init"], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    # Waits until the app answers its log-in page (not just until the port is open).
    server = start_gunicorn("wsgi:app", port, env, workers=2)
    try:
        yield {
            "url": f"http://127.0.0.1:{port}",
            "database_url": env["DATABASE_URL"],
            "today": today,
        }
    finally:
        stop(server)


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
