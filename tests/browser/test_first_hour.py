"""The first hour of a new user on an empty database (issue 14), at laptop and phone width.

An admin adds three organisations with a contact each, a proposal due in three weeks,
the three as stakeholders (rated, with their only contact as key contact), logs a call
from the checklist, waives one partner in place and undoes it, and downloads the
engagement summary. Every step is screenshotted into test-artifacts/first-hour-*.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from contextlib import contextmanager
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from bench.client import free_port, start_gunicorn, stop
from crm.core.dates import uk_date, uk_numeric_date
from tests.browser.conftest import ARTIFACTS, ROOT, TODAY, _require_browser, screenshot

ADMIN = "robin@example.org"
PASSWORD = "first hour of partnership work 2026"
PROPOSAL = "Warm welcome: peer support in libraries"
ORGANISATIONS = (
    # name, kind, contact, phone, influence, interest
    ("Riverside Peer Support", "Peer-support group", "Dana Quinn", "01632 960111", "4", "5"),
    ("Eastbrook Libraries", "Local authority", "Sam Patel", "01632 960222", "5", "3"),
    ("St Brigid's Parish Hall", "Faith group", "Aoife Byrne", "01632 960333", "2", "2"),
)
WIDTHS = {"desktop": (1280, 900), "phone": (375, 812)}

pytestmark = pytest.mark.browser


@contextmanager
def _empty_server(folder):
    """The app under gunicorn on a new, empty database with one admin and no demo."""
    db_path = folder / "empty.sqlite3"
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{db_path}",
        SECRET_KEY="browser-tests-" + "x" * 40,
        PARTNERWISE_TODAY=TODAY.isoformat(),
    )
    flask = [sys.executable, "-m", "flask", "--app", "wsgi", "crm"]
    for command in (
        ["init", "--no-demo"],
        ["create-admin", ADMIN, "--name", "Robin Ellis", "--password", PASSWORD],
    ):
        subprocess.run([*flask, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    server = start_gunicorn("wsgi:app", port, env, workers=2)
    try:
        yield {"url": f"http://127.0.0.1:{port}", "today": TODAY}
    finally:
        stop(server)


@pytest.fixture(params=list(WIDTHS))
def first_hour(request, browser, tmp_path):
    """(page, server, width name): a fresh empty app for each width."""
    _require_browser()
    width, height = WIDTHS[request.param]
    phone = request.param == "phone"
    context = browser.new_context(
        viewport={"width": width, "height": height},
        is_mobile=phone,
        has_touch=phone,
        accept_downloads=True,
    )
    with _empty_server(tmp_path) as server:
        yield context.new_page(), server, request.param
    context.close()


def _shot(page, width, name):
    screenshot(page, f"first-hour-{name}-{width}")


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _go(page, server, path):
    page.goto(server["url"] + path)
    page.wait_for_load_state()


def test_the_first_hour_on_an_empty_app(first_hour):
    page, server, width = first_hour
    page.goto(server["url"] + "/login")
    page.get_by_label("Email").fill(ADMIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # The dashboard shows the way: organisations, then contacts, then a proposal.
    start = page.get_by_role("region", name="Getting started")
    expect(start).to_be_visible()
    expect(page.get_by_role("link", name="Start a proposal")).to_have_count(0)
    expect(start.get_by_role("link", name="Import a spreadsheet")).to_be_visible()
    _no_sideways_scroll(page)
    _shot(page, width, "1-dashboard-empty")

    _go(page, server, "/organisations/")
    expect(page.get_by_text("No organisations yet.")).to_be_visible()
    expect(page.get_by_text("No organisations match")).to_have_count(0)
    _shot(page, width, "2-organisations-empty")

    # Three organisations, each with its contact, as a person would add them.
    for name, kind, person, phone_number, _influence, _interest in ORGANISATIONS:
        _go(page, server, "/")
        page.get_by_role("region", name="Getting started").get_by_role(
            "link", name="Add an organisation"
        ).click()
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label("Kind").select_option(label=kind)
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
        page.get_by_role("link", name="Add a contact").first.click()
        page.get_by_label("Name", exact=True).fill(person)
        page.get_by_label("Phone", exact=True).fill(phone_number)
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("heading", level=1, name=person)).to_be_visible()
    _go(page, server, "/")
    expect(page.get_by_role("link", name="Start a proposal")).to_be_visible()
    _shot(page, width, "3-dashboard-ready-for-a-proposal")

    # A proposal due in three weeks: on a Saturday, so the app says so.
    page.get_by_role("link", name="Start a proposal").click()
    page.get_by_label("Title").fill(PROPOSAL)
    page.get_by_label("Summary").fill(
        "Peer supporters in three libraries on weekday afternoons. We want partners to "
        "host, refer and tell us what would put people off."
    )
    due = TODAY + timedelta(weeks=3)
    page.get_by_label("Submission deadline (optional)").fill(uk_numeric_date(due))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1, name=PROPOSAL)).to_be_visible()
    saturday = page.get_by_text(f"The submission deadline, {uk_date(due)}, is a Saturday")
    expect(saturday.first).to_be_visible()  # said when set (the flash)...
    expect(page.locator(".warning-deadline_day_off")).to_be_visible()  # ...and in the timeline
    _shot(page, width, "4-proposal-new-deadline-on-a-saturday")
    friday = due - timedelta(days=1)
    page.locator(".proposal-actions").get_by_role("link", name="Edit").click()
    page.get_by_label("Submission deadline (optional)").fill(uk_numeric_date(friday))
    page.get_by_role("button", name="Save").click()
    expect(page.locator("dd.deadline")).to_have_text(uk_date(friday))
    # No stakes yet: not ready, and the page says what to do; no contradicting badges.
    stakes = page.locator("#stakes")
    expect(stakes.get_by_text("No partners yet: add the organisations")).to_be_visible()
    expect(page.get_by_text("Ready to submit")).to_have_count(0)
    expect(page.get_by_text("Not ready to draft")).to_have_count(0)
    # The proposal's actions sit at the top of the page, on the first screen.
    summary_link = page.locator(".proposal-actions").get_by_role(
        "link", name="Engagement summary (PDF)"
    )
    box = summary_link.bounding_box()
    assert box and box["y"] + box["height"] <= page.viewport_size["height"] * 1.5
    _no_sideways_scroll(page)

    # Add the three, rating each; the only contact becomes the key contact.
    stakes.get_by_role("link", name="Add organisations").click()
    for name, _kind, person, _phone, influence, interest in ORGANISATIONS:
        page.get_by_role("checkbox", name=re.compile(re.escape(name))).check()
        page.get_by_label(f"Influence of {name}").select_option(influence)
        page.get_by_label(f"Interest of {name}").select_option(interest)
        expect(page.get_by_text(f"Key contact: {person}")).to_be_visible()
    page.get_by_label("Role").select_option(label="Affected")
    _no_sideways_scroll(page)
    _shot(page, width, "5-add-organisations-rated")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text("Added 3 organisations")).to_be_visible()
    expect(page.get_by_text("3 partners to consult")).to_be_visible()
    expect(page.get_by_text("Influence 4 · interest 5")).to_be_visible()
    _shot(page, width, "6-proposal-with-stakes")

    # The checklist: the same actions first, the key contacts' numbers on each row.
    page.locator(".proposal-actions").get_by_role("link", name="Pre-drafting checklist").click()
    expect(page.get_by_role("heading", level=1, name="Pre-drafting checklist")).to_be_visible()
    expect(
        page.locator(".proposal-actions").get_by_role("link", name="Engagement summary (PDF)")
    ).to_be_visible()
    page.wait_for_load_state()
    page.evaluate("window.__marker = 1")
    first, second = ORGANISATIONS[0], ORGANISATIONS[2]
    row = page.get_by_role("article", name=first[0], exact=True)
    expect(row.get_by_text(first[2])).to_be_visible()
    row.get_by_role("link", name="Log a call").click()
    page.get_by_role("heading", name="Log a conversation").wait_for()
    page.get_by_role("radio", name="Reached").check()
    page.get_by_label("Summary").fill("Dana is keen; the group can host on Tuesdays.")
    page.get_by_role("button", name="Save").click()
    row.get_by_text("Consulted", exact=True).wait_for()
    page.get_by_text(re.compile(r"1 of 3 partners consulted")).wait_for()

    # Waive another in place: the row stays where it was, with an undo; no reload.
    names_before = page.locator("article.checklist-row h3").all_inner_texts()
    row = page.get_by_role("article", name=second[0], exact=True)
    row.get_by_text("Waive", exact=True).click()
    row.get_by_label("Why need they not be consulted?").fill("Hall closed for repairs until March.")
    row.get_by_role("button", name=f"Waive consulting {second[0]}").click()
    row = page.get_by_role("article", name=second[0], exact=True)
    expect(row.get_by_text("Waived", exact=True)).to_be_visible()
    expect(row.get_by_role("button", name=re.compile("Undo the waiver"))).to_be_visible()
    assert page.evaluate("window.__marker") == 1, "the page reloaded instead of updating the row"
    assert page.locator("article.checklist-row h3").all_inner_texts() == names_before
    page.get_by_text(re.compile(r"1 of 3 partners consulted; 1 waived")).wait_for()
    _shot(page, width, "7-checklist-called-and-waived")
    row.get_by_role("button", name=re.compile("Undo the waiver")).click()
    row = page.get_by_role("article", name=second[0], exact=True)
    expect(row.get_by_text("Waiver undone")).to_be_visible()
    expect(row.get_by_text("Waive", exact=True)).to_be_visible()
    assert page.evaluate("window.__marker") == 1
    _no_sideways_scroll(page)

    # The dashboard says what its working days count to, as the checklist does.
    _go(page, server, "/")
    expect(page.get_by_role("region", name="Getting started")).to_have_count(0)
    expect(page.locator(".days-left")).to_contain_text("to consult by")
    _shot(page, width, "8-dashboard-after-the-first-call")

    # The engagement summary, from the checklist's actions.
    _go(page, server, "/proposals/")
    page.get_by_role("link", name=PROPOSAL).click()
    with page.expect_download() as download:
        page.locator(".proposal-actions").get_by_role(
            "link", name="Engagement summary (PDF)"
        ).click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert PROPOSAL in text and "Riverside Peer Support" in text
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"first-hour-engagement-summary-{width}.pdf").write_bytes(pdf)
