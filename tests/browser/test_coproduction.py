"""Co-production in the browser: the draft names Hillview, which never saw it; asking it in
writing, answering on the partner page on a phone, consent turning green, the report, a
version 2 that changes the passage, and the override when submitting. axe on every new page."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import ARTIFACTS, screenshot
from tests.browser.test_accessibility import AXE, _violations
from tests.browser.test_core_loop import checklist_row, log_in

PROPOSAL = "Social prescribing and peer support: action plan"
HILLVIEW = "Hillview Wellbeing Café"
WORDING = "Hillview Wellbeing Café will host the shared-learning sessions on its Thursday mornings."
REASON = "The steering group asked for the draft now; Hillview's new wording goes in version 3."
pytestmark = pytest.mark.usefixtures("own_server")


@pytest.fixture(scope="module")
def desktop(browser, own_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    log_in(page, own_server)
    yield page
    context.close()


def _axe(page, problems: dict) -> None:
    found = _violations(page)
    if found:
        problems[page.url] = found


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_ask_in_writing_answer_on_a_phone_change_the_draft_and_submit(browser, desktop, own_server):
    page, base, problems = desktop, own_server["url"], {}
    page.goto(base + "/proposals/")
    page.get_by_role("link", name=PROPOSAL).first.click()
    proposal_url = page.url
    _axe(page, problems)
    page.get_by_role("link", name="Pre-drafting checklist").click()

    # The checklist shows the problem of the story: the draft names Hillview, which never saw it.
    names = page.get_by_role("region", name="Named in the draft (version 1)")
    expect(names.get_by_text("The draft names 2 organisations")).to_be_visible()
    row = checklist_row(page, HILLVIEW)
    expect(row.get_by_text("Not asked")).to_be_visible()
    _axe(page, problems)
    screenshot(page, "checklist-named-in-draft-desktop")

    # Ask in writing: the key contact and a date are suggested; send it from your own mail.
    row.get_by_role("link", name=re.compile("Ask in writing")).click()
    expect(page.get_by_role("heading", name=f"Ask {HILLVIEW} in writing")).to_be_visible()
    assert page.get_by_label("Who to ask").input_value() != ""
    _axe(page, problems)
    page.get_by_label("Answer by").fill("")
    page.get_by_role("button", name="Make the request").click()
    expect(page.get_by_role("alert").first).to_be_visible()  # the date is needed
    _axe(page, problems)
    page.get_by_label("Answer by").fill("in a fortnight")
    page.get_by_role("button", name="Make the request").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    answer_by = own_server["today"] + timedelta(days=20)  # the server's date, not the wall clock
    page.get_by_label("Answer by").fill(answer_by.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Make the request").click()
    expect(page.get_by_role("heading", name="Send the request from your own email")).to_be_visible()
    link = page.get_by_label("Their link on its own").input_value()
    assert re.search(r"/respond/[A-Za-z0-9_-]{43}$", link)
    assert (
        page.get_by_role("link", name="Open in my mail program")
        .get_attribute("href")
        .startswith("mailto:")
    )
    _axe(page, problems)
    page.get_by_role("button", name="I have sent it").click()
    expect(page.get_by_role("heading", name="Asked in writing")).to_be_visible()
    _axe(page, problems)

    # The partner answers on a phone, without logging in.
    phone_context = browser.new_context(
        viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True, bypass_csp=True
    )
    phone = phone_context.new_page()
    response = phone.goto(link)
    assert response.headers["x-robots-tag"].startswith("noindex")
    expect(phone.get_by_role("heading", name=PROPOSAL)).to_be_visible()
    assert phone.locator("mark").first.inner_text() == HILLVIEW
    assert _no_sideways_scroll(phone)
    _axe(phone, problems)
    screenshot(phone, "partner-page-phone")
    phone.get_by_role("button", name="Send my answer").click()  # nothing chosen: errors
    expect(phone.get_by_role("alert").first).to_be_visible()
    _axe(phone, problems)
    phone.get_by_label("Your role").fill("Volunteer chair")
    phone.get_by_role("radio", name="Supportive").check()
    phone.get_by_role("radio", name="We agree", exact=True).check()
    phone.get_by_role("radio", name="Yes, with this wording").check()
    phone.get_by_label("The wording you would like").fill(WORDING)
    phone.get_by_role("button", name="Send my answer").click()
    expect(phone.get_by_text("Thank you: your answer has been sent.")).to_be_visible()
    expect(phone.get_by_role("link", name="Download a copy of your answer (PDF)")).to_be_visible()
    assert _no_sideways_scroll(phone)
    _axe(phone, problems)
    screenshot(phone, "partner-page-answered-phone")
    phone.goto(base + "/respond/" + "z" * 43)
    expect(phone.get_by_role("heading", name="This link does not work")).to_be_visible()
    _axe(phone, problems)
    phone_context.close()

    # Back as the author: Hillview's consent is green, and the report shows it.
    page.goto(proposal_url + "/drafts/1")
    card = page.get_by_role("article", name=HILLVIEW)
    expect(card.get_by_text("Agreed with changes")).to_be_visible()
    _axe(page, problems)
    screenshot(page, "draft-names-desktop")
    pdf = page.context.request.get(proposal_url + "/report.pdf").body()
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "Named in the draft (version 1)" in text
    assert "Hillview Wellbeing Café will open an extra day each week" in text
    assert "on version 1" in text and "Dermot Kavanagh (Volunteer chair), in writing" in text
    assert "Hillview Wellbeing Café will host the shared-learning sessions on its Thursday" in text
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "engagement-summary-named.pdf").write_bytes(pdf)

    # Version 2 rewrites Hillview's passage (not as they asked): consent turns back.
    page.goto(proposal_url + "/drafts/new")
    _axe(page, problems)
    version_1 = page.context.request.get(proposal_url + "/drafts/1").text()
    assert "Hillview" in version_1
    text_v2 = _version_2(page, proposal_url)
    page.get_by_label("Or paste the text").fill(text_v2)
    page.get_by_label("What changed").fill("Hillview to open two extra days.")
    page.get_by_role("button", name="Add version 2").click()
    expect(page.get_by_role("heading", name="Draft version 2")).to_be_visible()
    card = page.get_by_role("article", name=HILLVIEW)
    expect(card.get_by_text("Changed since they agreed: ask again").first).to_be_visible()
    expect(card.locator("ins").first).to_be_visible()
    expect(card.locator("del").first).to_be_visible()
    _axe(page, problems)
    screenshot(page, "draft-changed-desktop")

    # Record an answer by hand: the page for it passes axe too.
    card.get_by_role("link", name=re.compile("Record their answer")).click()
    _axe(page, problems)
    page.go_back()

    # Submitting asks for a reason, naming Hillview.
    for status in ("drafting", "in_review"):
        page.goto(f"{proposal_url}/status/{status}")
        if page.get_by_role("textbox", name="Reason").count():
            page.get_by_role("textbox", name="Reason").fill("Steering group asked for it.")
        page.locator("main form button[type=submit]").first.click()
        page.get_by_role("heading", level=1, name=PROPOSAL).wait_for()
    page.goto(proposal_url)
    page.get_by_role("link", name=re.compile("Mark as submitted")).click()
    page.get_by_role("heading", name="Mark as submitted: a reason is needed").wait_for()
    expect(
        page.get_by_text(re.compile("changed since they agreed: ask again")).first
    ).to_be_visible()
    _axe(page, problems)
    page.get_by_role("button", name="Mark as submitted anyway").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    page.get_by_role("textbox", name="Reason").fill(REASON)
    page.get_by_role("button", name="Mark as submitted anyway").click()
    expect(page.get_by_role("heading", level=1, name=PROPOSAL)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Submitted")).first).to_be_visible()

    # The organisation page shows how they decide; its form records it.
    page.goto(base + "/organisations/")
    page.get_by_role("link", name=re.compile("Riverside Peer Support")).first.click()
    expect(page.get_by_role("heading", name="How they decide")).to_be_visible()
    _axe(page, problems)
    page.get_by_role("link", name="Edit", exact=True).first.click()
    expect(page.get_by_label("How they decide whether to back a proposal")).to_be_visible()
    _axe(page, problems)
    assert not problems, "\n".join(f"{url}: {p}" for url, found in problems.items() for p in found)


def _version_2(page, proposal_url: str) -> str:
    """Version 1's text (from its page) with Hillview's passage rewritten."""
    page.goto(proposal_url + "/drafts/1")
    page.get_by_text("The text of version 1").click()
    paragraphs = page.locator(".draft-text p").all_inner_texts()
    changed = [
        "Hillview Wellbeing Café will open two extra days each week for people referred by "
        "link workers, and will run the shared-learning sessions."
        if p.startswith("Hillview Wellbeing Café")
        else p
        for p in paragraphs
    ]
    assert changed != paragraphs
    page.goto(proposal_url + "/drafts/new")
    return "\n\n".join(changed)


def test_the_new_pages_work_on_a_phone(browser, own_server):
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, is_mobile=True, bypass_csp=True
    )
    page = context.new_page()
    log_in(page, own_server)
    page.goto(own_server["url"] + "/proposals/")
    page.get_by_role("link", name=PROPOSAL).first.click()
    proposal_url = page.url
    problems: dict = {}
    for path in ("", "/checklist", "/drafts/1", "/drafts/new", "/requests"):
        page.goto(proposal_url + path)
        assert _no_sideways_scroll(page), path
        _axe(page, problems)
    context.close()
    assert not problems, "\n".join(f"{url}: {p}" for url, found in problems.items() for p in found)


assert AXE  # the vendored axe-core is there
