"""The first screen on a phone: whom to call, by when, and the Christmas squeeze."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_core_loop import log_in

PAGES = [
    "/",
    "/proposals/{proposal}/checklist",
    "/proposals/{proposal}/call-sheet",
    "/conversations/new",
]


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


# A .btn-check radio is visually hidden: its label, a full-size button, is what is tapped.


def test_dashboard_on_a_phone_shows_the_problem_and_what_to_do(phone, live_server):
    log_in(phone, live_server)
    main = phone.locator("main")
    expect(main).to_contain_text("Social prescribing and peer support")
    expect(main).to_contain_text("Christmas")
    expect(main).to_contain_text("Hillview Wellbeing Café")
    phone.wait_for_load_state()
    assert _no_horizontal_scroll(phone)
    screenshot(phone, "dashboard-phone")
    link = phone.get_by_role("link", name="Open the checklist").first
    link.click()
    # What a person waits for: the next page's heading, then the page finished loading.
    phone.wait_for_url(re.compile(r"/checklist$"))
    expect(phone.get_by_role("heading", level=1, name="Pre-drafting checklist")).to_be_visible()
    phone.wait_for_load_state()
    assert _no_horizontal_scroll(phone)
    screenshot(phone, "checklist-phone")
    proposal_id = phone.url.rstrip("/").split("/")[-2]
    for path in PAGES[2:]:
        phone.goto(live_server["url"] + path.format(proposal=proposal_id))
        expect(phone.get_by_role("heading", level=1)).to_be_visible()
        assert _no_horizontal_scroll(phone), path
        small = phone.evaluate(
            """() => [...document.querySelectorAll('main a, main button, main input, main select')]
                 .filter(e => e.offsetParent !== null && !e.classList.contains('btn-check'))
                 .filter(e => { const r = e.getBoundingClientRect();
                                return r.width > 0 && r.height < 24 && r.width < 24; })
                 .map(e => e.outerHTML.slice(0, 120))"""
        )
        assert not small, f"{path}: tap targets smaller than 24 px: {small}"
    screenshot(phone, "log-form-phone")
