"""Long words wrap everywhere: a 200-character name without a space never widens a page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_core_loop import log_in

LONG_NAME = ("Northgate" * 23)[:200]  # 200 characters, no space
LONG_PERSON = ("Gwenllian" * 20)[:120]


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("width", [1280, 375])
def test_a_long_name_wraps_on_every_page_it_appears(browser, own_server, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, own_server)
    suffix = str(width)
    page.goto(own_server["url"] + "/organisations/new")
    page.get_by_label("Name").fill(LONG_NAME[:-4] + suffix)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(LONG_NAME[:40])
    organisation_url = page.url
    page.get_by_role("link", name="Add a contact").click()
    page.wait_for_url(re.compile(r"/contacts/new"))
    page.get_by_label("Name").fill(LONG_PERSON + suffix)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(LONG_PERSON[:40])
    contact_url = page.url
    for name, url in [
        ("organisation", organisation_url),
        ("contact", contact_url),
        ("organisations", own_server["url"] + "/organisations/?q=" + LONG_NAME[:30]),
        ("contacts", own_server["url"] + "/contacts/?q=" + LONG_PERSON[:30]),
        ("log", own_server["url"] + "/conversations/new"),
    ]:
        page.goto(url)
        screenshot(page, f"long-name-{name}-{width}")
        assert _fits(page), f"the {name} page scrolls sideways at {width} px"
    context.close()


def test_every_page_has_a_favicon(page, own_server):
    """The browser asks for /favicon.ico on every page: it is there, not a logged 404."""
    response = page.request.get(own_server["url"] + "/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    log_in(page, own_server)
    icon = page.locator("link[rel='icon']").first.get_attribute("href")
    assert page.request.get(own_server["url"] + icon).status == 200
