"""Merging two duplicate organisations in the browser: choose, preview, confirm (1280 and 375 px)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import _violations
from tests.browser.test_core_loop import log_in

pytestmark = pytest.mark.browser


def _add_organisation(page, server, name, contact):
    page.goto(server["url"] + "/organisations/new")
    page.get_by_label("Name").fill(name)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
    page.get_by_role("link", name="Add a contact").click()
    page.wait_for_url(re.compile(r"/contacts/new"))
    page.get_by_label("Name").fill(contact)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1, name=contact)).to_be_visible()


def _merge(page, server, kept, duplicate, width):
    page.goto(server["url"] + "/organisations/")
    page.get_by_role("searchbox", name="Search").fill(kept.split()[0])
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=kept, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=kept)).to_be_visible()
    page.get_by_role("link", name="Merge a duplicate into this one").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Merge a duplicate into {kept}")
    page.get_by_label(f"The organisation to merge into {kept}").select_option(label=duplicate)
    page.get_by_role("button", name="Preview the merge").click()
    preview = page.locator("[data-merge-preview]")
    expect(preview).to_contain_text("1 contact")
    expect(preview).to_contain_text("1 also-known-as name")
    screenshot(page, f"merge-preview-{width}")
    assert _violations(page) == []
    page.get_by_role("button", name=f"Merge {duplicate} into {kept}").click()
    expect(
        page.get_by_role("status").get_by_text(f"Merged {duplicate} into {kept}.")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1, name=kept)).to_be_visible()
    screenshot(page, f"merge-done-{width}")
    # No page is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_merge_two_organisations_on_a_laptop(page, own_server):
    log_in(page, own_server)
    _add_organisation(page, own_server, "Hillview Cafe", "Bronwen Price")
    _merge(page, own_server, "Hillview Wellbeing Café", "Hillview Cafe", 1280)
    expect(page.get_by_role("link", name="Bronwen Price")).to_be_visible()
    expect(page.get_by_text("Hillview Cafe", exact=False).first).to_be_visible()  # also known as
    # The duplicate is archived and says where it went.
    page.goto(own_server["url"] + "/organisations/?archived=1")
    page.get_by_role("link", name="Hillview Cafe", exact=True).click()
    expect(page.get_by_text("This record was merged into")).to_be_visible()
    page.get_by_role("link", name="the one kept").click()
    expect(page.get_by_role("heading", level=1, name="Hillview Wellbeing Café")).to_be_visible()


def test_merge_two_organisations_on_a_phone(phone, own_server):
    log_in(phone, own_server)
    _add_organisation(phone, own_server, "Riverside Peer Support", "Eilish Byrne")
    _merge(phone, own_server, "Riverside Peer Support Network", "Riverside Peer Support", 375)
    expect(phone.get_by_role("link", name="Eilish Byrne")).to_be_visible()


def test_the_overdue_filter_on_a_phone(phone, own_server):
    log_in(phone, own_server)
    phone.goto(own_server["url"] + "/organisations/")
    phone.get_by_label("Overdue to stay in touch").check()
    phone.get_by_role("button", name="Search").click()
    phone.wait_for_url(re.compile(r"overdue=1"))
    expect(phone.get_by_text(re.compile(r"\d+ days? overdue")).first).to_be_visible()
    screenshot(phone, "organisations-overdue-375")
    assert _violations(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
