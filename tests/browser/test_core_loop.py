"""The core loop as a new user meets it, by visible labels and roles."""

import io
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from crm.core.dates import uk_date
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
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def log_out(page, name="Alex Morgan"):
    page.get_by_role("button", name=re.compile(name)).click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in to Partnerwise")).to_be_visible()


def checklist_row(page, organisation):
    """One stake's card on the checklist, named by its organisation's heading."""
    return page.get_by_role("article", name=organisation, exact=True)


def test_log_in_find_an_organisation_and_log_out(page, live_server):
    log_in(page, live_server)
    page.get_by_role("link", name="Organisations", exact=True).first.click()
    page.get_by_role("searchbox", name="Search", exact=True).fill("hillview")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name=re.compile("Hillview Wellbeing Caf")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hillview Wellbeing Café")
    page.wait_for_load_state()
    screenshot(page, "organisation-detail-desktop")
    log_out(page)
    page.goto(live_server["url"] + "/organisations/")
    expect(page).to_have_url(re.compile("/login"))


def test_call_waive_override_and_report(page, own_server):
    """Dashboard -> checklist -> log a reached call in place -> waive -> draft anyway -> PDF."""
    log_in(page, own_server)
    calls = page.get_by_role("region", name="Your calls to make")
    calls.get_by_role("link", name=PROPOSAL, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=PROPOSAL)).to_be_visible()
    page.get_by_role("link", name="Pre-drafting checklist").click()
    expect(page.get_by_role("heading", level=1, name="Pre-drafting checklist")).to_be_visible()
    page.wait_for_load_state()  # app.js wires up the inline forms once the page has loaded

    # Log a reached call from the row: the form opens under it and the row updates in place.
    page.evaluate("window.__marker = 1")
    row = checklist_row(page, CALLED)
    expect(row.get_by_text("Tried once")).to_be_visible()
    row.get_by_role("link", name="Log a call").click()
    form = page  # the only form open on the page
    page.get_by_role("heading", name="Log a conversation").wait_for()
    expect(page.locator("*:focus")).to_have_text("Log a conversation")
    expect(form.get_by_role("radio", name="Phone call")).to_be_checked()
    form.get_by_role("radio", name="Reached").check()
    form.get_by_label("Summary").fill(
        "Spoke to Caoimhe: the carers' groups would refer people; wants carers named in the plan."
    )
    expect(form.get_by_role("checkbox", name=PROPOSAL)).to_be_checked()
    form.get_by_role("button", name="Save").click()
    row.get_by_text("Consulted", exact=True).wait_for()
    expect(row.get_by_text(uk_date(own_server["today"])).first).to_be_visible()
    expect(row.get_by_role("link", name="Log a call")).to_have_count(0)
    expect(page.get_by_role("heading", name="Log a conversation")).to_have_count(0)
    assert page.evaluate("window.__marker") == 1, "the page reloaded instead of updating the row"
    # The confirmation takes the focus from the Save button that went with the form.
    confirmation = page.get_by_role("status").filter(has_text="Logged:")
    expect(confirmation).to_be_focused()
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
    expect(row.get_by_text("Waived", exact=True)).to_be_visible()
    expect(row.get_by_text("Polish Saturday school")).to_be_visible()

    # Start drafting before everyone is consulted: the app asks for a reason first.
    page.get_by_role("link", name=re.compile("Start drafting")).click()
    prompt = page.get_by_role("heading", name="Start drafting: a reason is needed")
    expect(prompt).to_be_visible()
    expect(page.get_by_text("Hillview Wellbeing Café").first).to_be_visible()
    page.get_by_role("button", name="Start drafting anyway").click()
    # Without a reason it refuses and says so.
    expect(page.get_by_role("alert").first).to_be_visible()
    page.get_by_role("textbox", name="Reason").fill(OVERRIDE_REASON)
    page.get_by_role("button", name="Start drafting anyway").click()
    expect(page.get_by_role("heading", level=1, name=PROPOSAL)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Drafting")).first).to_be_visible()

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
    expect(page).to_have_url(re.compile("/login"))
    expect(page.get_by_role("heading", name="Log in to Partnerwise")).to_be_visible()
