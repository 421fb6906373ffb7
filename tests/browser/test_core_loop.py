"""The core loop as a new user meets it, by visible labels and roles."""

import re

from crm.demo.loader import DEMO_USERS
from tests.browser.conftest import screenshot

ALEX_EMAIL, ALEX_PASSWORD = DEMO_USERS[0][0], DEMO_USERS[0][1]


def log_in(page, live_server, email=ALEX_EMAIL, password=ALEX_PASSWORD):
    page.goto(live_server["url"] + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_log_in_find_an_organisation_and_log_out(page, live_server):
    log_in(page, live_server)
    page.get_by_role("link", name="Organisations", exact=True).first.click()
    page.get_by_role("searchbox", name="Search").fill("hillview")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=re.compile("Hillview Wellbeing Caf")).click()
    assert "Hillview Wellbeing Café" in page.get_by_role("heading", level=1).inner_text()
    screenshot(page, "organisation-detail-desktop")
    page.get_by_role("button", name=re.compile("Alex Morgan")).click()
    page.get_by_role("button", name="Log out").click()
    assert page.get_by_role("heading", name="Log in to Partnerwise").is_visible()
    page.goto(live_server["url"] + "/organisations/")
    assert "/login" in page.url
