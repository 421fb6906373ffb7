"""Screenshots of the main pages at desktop and phone width, kept in test-artifacts/."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_core_loop import PROPOSAL, log_in

SIZES = {"desktop": "page", "phone": "phone"}


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _shoot(page, name: str, size: str) -> None:
    page.wait_for_load_state("networkidle")  # the chart images
    assert _fits(page), f"{name} scrolls sideways at {size} width"
    screenshot(page, f"{name}-{size}")


@pytest.mark.parametrize("size", SIZES)
def test_screenshots_of_the_main_pages(request, live_server, size):
    page = request.getfixturevalue(SIZES[size])
    log_in(page, live_server)
    expect(page.get_by_role("heading", level=1, name="Hello, Alex Morgan")).to_be_visible()
    _shoot(page, "dashboard", size)
    if size == "desktop":
        screenshot(page, "readme-dashboard", full_page=False)

    calls = page.get_by_role("region", name="Your calls to make")
    calls.get_by_role("link", name=PROPOSAL, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=PROPOSAL)).to_be_visible()
    _shoot(page, "proposal", size)

    page.get_by_role("link", name="Pre-drafting checklist").click()
    expect(page.get_by_role("heading", level=1, name="Pre-drafting checklist")).to_be_visible()
    _shoot(page, "checklist", size)
    if size == "desktop":
        screenshot(page, "readme-checklist", full_page=False)

    page.get_by_role("link", name="Call sheet", exact=True).click()
    page.wait_for_url(re.compile(r"/call-sheet$"))
    _shoot(page, "call-sheet", size)

    page.goto(live_server["url"] + "/conversations/new")
    expect(page.get_by_role("heading", level=1, name="Log a conversation")).to_be_visible()
    _shoot(page, "log-form", size)

    page.goto(live_server["url"] + "/organisations/")
    expect(page.get_by_role("heading", level=1, name="Organisations")).to_be_visible()
    _shoot(page, "organisations", size)
