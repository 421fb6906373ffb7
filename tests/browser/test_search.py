"""The search box on the demo: a word said in one conversation only, found and opened by
keyboard; the same at phone width; an erased contact's words then find nothing."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter

from playwright.sync_api import expect

from crm.core.text import fold
from crm.demo.loader import DEMO_USERS
from tests.browser.conftest import screenshot
from tests.browser.test_core_loop import log_in

ADMIN_EMAIL, ADMIN_PASSWORD = DEMO_USERS[1][0], DEMO_USERS[1][1]
WORD = re.compile(r"[^\W\d_]{7,}")  # long words: no stem or prefix of another


def _rows(server, sql: str) -> list[tuple]:
    path = server["database_url"].removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute(sql).fetchall()


def _word_in_one_note(server) -> tuple[str, int]:
    """A word of exactly one live conversation's summary, found nowhere else searchable."""
    notes = _rows(server, "SELECT id, summary FROM conversations WHERE deleted_at IS NULL")
    elsewhere = " ".join(
        text or ""
        for table, columns in (
            ("conversations", "summary"),  # deleted ones too: keep the word unambiguous
            ("organisations", "name || ' ' || aliases || ' ' || tags"),
            ("contacts", "name || ' ' || email"),
            ("proposals", "title || ' ' || summary"),
            ("follow_ups", "description"),
        )
        for (text,) in _rows(server, f"SELECT {columns} FROM {table}")  # noqa: S608
    )
    counts = Counter(fold(w)[:6] for w in WORD.findall(elsewhere))
    for conversation_id, summary in notes:
        for word in WORD.findall(summary or ""):
            if counts[fold(word)[:6]] == 1:
                return word, conversation_id
    raise AssertionError("the demo has no word said in one conversation only")


def test_find_a_word_said_once_and_open_the_conversation(page, live_server):
    word, conversation_id = _word_in_one_note(live_server)
    log_in(page, live_server)
    page.keyboard.press("/")  # the shortcut: the nav bar's box, or the search page's
    page.wait_for_url(re.compile(r"/search$"))  # at 1280 pixels the nav bar has a link
    expect(page.get_by_role("searchbox", name="Search for")).to_be_focused()
    page.keyboard.type(word.lower())
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    results = page.get_by_role("region", name="Conversations")
    expect(results.get_by_role("listitem")).to_have_count(1)
    expect(results.locator("mark")).to_have_text(re.compile(word, re.IGNORECASE))
    screenshot(page, "search-results-desktop")
    results.get_by_role("link").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/conversations/{conversation_id}$"))
    expect(page.get_by_role("main")).to_contain_text(word)


def test_the_nav_bar_box_on_a_wide_screen(browser, live_server):
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    wide = context.new_page()
    try:
        log_in(wide, live_server)
        wide.keyboard.press("/")
        box = wide.get_by_role("searchbox", name="Search everything")
        expect(box).to_be_focused()
        wide.keyboard.type("riverside")
        wide.keyboard.press("Enter")
        expect(wide.get_by_role("region", name="Organisations")).to_contain_text("Riverside")
        expect(box).to_have_value("riverside")
    finally:
        context.close()


def test_search_at_phone_width(phone, live_server):
    log_in(phone, live_server)
    phone.get_by_role("link", name="Search", exact=True).click()
    box = phone.get_by_role("searchbox", name="Search for")
    expect(box).to_be_focused()
    box.fill("peer supp")  # still typing: the last word is a prefix
    phone.get_by_role("main").get_by_role("button", name="Search", exact=True).click()
    expect(phone.get_by_role("region", name="Organisations")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the results page scrolls sideways ({width}px)"
    screenshot(phone, "search-results-phone")


def test_an_erased_contacts_words_find_nothing(page, own_server):
    contact_id, name, email = _rows(
        own_server,
        "SELECT c.id, c.name, c.email FROM contacts c WHERE c.email <> '' AND EXISTS "
        "(SELECT 1 FROM conversation_contacts p WHERE p.contact_id = c.id) ORDER BY c.id LIMIT 1",
    )[0]
    log_in(page, own_server, ADMIN_EMAIL, ADMIN_PASSWORD)
    search_url = own_server["url"] + "/search?q="
    page.goto(search_url + email)
    expect(page.get_by_role("region", name="Contacts")).to_contain_text(name)
    page.goto(f"{own_server['url']}/privacy/contacts/{contact_id}/erase")
    page.get_by_label(re.compile("I understand")).check()
    page.get_by_role("button", name="Erase for good").click()
    expect(page.get_by_role("status").first).to_contain_text("Erased")
    for typed in (name, email, f'"{name}"'):
        page.goto(search_url + typed)
        expect(page.get_by_role("status").filter(has_text="Nothing matches")).to_be_visible()
