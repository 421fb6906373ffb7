"""The core loop as a new user meets it, by visible labels and roles."""

import io
import re

from pypdf import PdfReader

from crm.demo.loader import DEMO_USERS
from tests.browser.conftest import ARTIFACTS, screenshot

ALEX_EMAIL, ALEX_PASSWORD = DEMO_USERS[0][0], DEMO_USERS[0][1]
PROPOSAL = "Social prescribing and peer support: action plan"
# Stakes on the demo proposal that no other browser test relies on (test_phone reads
# Hillview on the dashboard); the loop below runs on its own server anyway.
CALLED = "Eastbrook Carers' Centre"
WAIVED = "Eastbrook Polish Community Association"
OVERRIDE_REASON = "The board brought the date forward; the forum was told on 26 November."


def log_in(page, live_server, email=ALEX_EMAIL, password=ALEX_PASSWORD):
    page.goto(live_server["url"] + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def log_out(page, name="Alex Morgan"):
    page.get_by_role("button", name=re.compile(name)).click()
    page.get_by_role("button", name="Log out").click()
    assert page.get_by_role("heading", name="Log in to Partnerwise").is_visible()


def checklist_row(page, organisation):
    """One stake's card on the checklist, named by its organisation's heading."""
    return page.get_by_role("article", name=organisation, exact=True)


def test_log_in_find_an_organisation_and_log_out(page, live_server):
    log_in(page, live_server)
    page.get_by_role("link", name="Organisations", exact=True).first.click()
    page.get_by_role("searchbox", name="Search").fill("hillview")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=re.compile("Hillview Wellbeing Caf")).click()
    assert "Hillview Wellbeing Café" in page.get_by_role("heading", level=1).inner_text()
    screenshot(page, "organisation-detail-desktop")
    log_out(page)
    page.goto(live_server["url"] + "/organisations/")
    assert "/login" in page.url


def test_call_waive_override_and_report(page, own_server):
    """Dashboard -> checklist -> log a reached call in place -> waive -> draft anyway -> PDF."""
    log_in(page, own_server)
    calls = page.get_by_role("region", name="Your calls to make")
    calls.get_by_role("link", name=PROPOSAL, exact=True).click()
    assert page.get_by_role("heading", level=1, name=PROPOSAL).is_visible()
    page.get_by_role("link", name="Pre-drafting checklist").click()
    assert page.get_by_role("heading", level=1, name="Pre-drafting checklist").is_visible()

    # Log a reached call from the row: the form opens under it and the row updates in place.
    page.evaluate("window.__marker = 1")
    row = checklist_row(page, CALLED)
    assert row.get_by_text("Tried once").is_visible()
    row.get_by_role("link", name="Log a call").click()
    form = page  # the only form open on the page
    page.get_by_role("heading", name="Log a conversation").wait_for()
    assert page.evaluate("document.activeElement.textContent.trim()") == "Log a conversation"
    assert form.get_by_role("radio", name="Phone call").is_checked()
    form.get_by_role("radio", name="Reached").check()
    form.get_by_label("Summary").fill(
        "Spoke to Caoimhe: the carers' groups would refer people; wants carers named in the plan."
    )
    assert form.get_by_role("checkbox", name=PROPOSAL).is_checked()
    form.get_by_role("button", name="Save").click()
    row.get_by_text("Consulted", exact=True).wait_for()
    assert row.get_by_text("Sat 28 Nov 2026").first.is_visible()
    assert row.get_by_role("link", name="Log a call").count() == 0
    assert page.get_by_role("heading", name="Log a conversation").count() == 0
    assert page.evaluate("window.__marker") == 1, "the page reloaded instead of updating the row"
    # The confirmation takes the focus from the Save button that went with the form.
    confirmation = page.get_by_role("status").filter(has_text="Logged:")
    assert confirmation.evaluate("e => e === document.activeElement")
    # The summary above the rows reloads itself too.
    page.get_by_text(re.compile(r"7 of 12 partners consulted")).wait_for()
    screenshot(page, "checklist-after-call-desktop")

    # Waive another stake, with a reason.
    row = checklist_row(page, WAIVED)
    row.get_by_text("Waive", exact=True).click()
    row.get_by_label("Why need they not be consulted?").fill(
        "The association asked us to go through the Polish Saturday school instead."
    )
    row.get_by_role("button", name=f"Waive consulting {WAIVED}").click()
    row = checklist_row(page, WAIVED)
    assert row.get_by_text("Waived", exact=True).is_visible()
    assert row.get_by_text("Polish Saturday school").is_visible()

    # Start drafting before everyone is consulted: the app asks for a reason first.
    page.get_by_role("link", name=re.compile("Start drafting")).click()
    prompt = page.get_by_role("heading", name="Start drafting: a reason is needed")
    assert prompt.is_visible()
    assert page.get_by_text("Hillview Wellbeing Café").first.is_visible()
    page.get_by_role("button", name="Start drafting anyway").click()
    # Without a reason it refuses and says so.
    assert page.get_by_role("alert").first.is_visible()
    page.get_by_role("textbox", name="Reason").fill(OVERRIDE_REASON)
    page.get_by_role("button", name="Start drafting anyway").click()
    assert page.get_by_role("heading", level=1, name=PROPOSAL).is_visible()
    assert page.get_by_text(re.compile(r"^Drafting")).first.is_visible()

    # The engagement summary records the override and its reason.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download engagement summary (PDF)").click()
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    text = " ".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Drafted before consulting" in text
    assert "board brought the date forward" in text
    assert "Alex Morgan" in text
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "engagement-summary.pdf").write_bytes(pdf)

    # Logging out closes the door behind you.
    log_out(page)
    page.goto(own_server["url"] + "/proposals/")
    assert "/login" in page.url
    assert page.get_by_role("heading", name="Log in to Partnerwise").is_visible()
