"""Log a conversation with the keyboard alone, and see where the focus is at every stop."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from crm.core.dates import uk_date, uk_numeric_date
from tests.browser.conftest import screenshot
from tests.browser.test_core_loop import log_in

SUMMARY = "Kwame can give twenty minutes next week; keen on the personalised care link."

# The focused element, its name, and whether a focus indicator is drawn. A visually hidden
# control (a .btn-check radio, drawn as its label's button) shows its focus on the label.
FOCUSED = r"""() => {
  const e = document.activeElement;
  const own = getComputedStyle(e);
  const hidden = own.clip !== 'auto' || own.opacity === '0';
  const shown = hidden && e.labels && e.labels.length ? e.labels[0] : e;
  const s = getComputedStyle(shown);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  const shadow = s.boxShadow !== 'none' && /rgb\(|rgba\((?![^)]*,\s*0\))/.test(s.boxShadow);
  const label = e.labels && e.labels.length ? e.labels[0].innerText : '';
  const name = label || e.getAttribute('aria-label') || e.innerText || e.placeholder || '';
  return {name: name.trim().replace(/\s+/g, ' ').slice(0, 80), tag: e.tagName.toLowerCase(),
          type: e.type || '', ring: outline || shadow, checked: !!e.checked,
          value: e.value === undefined ? null : e.value};
}"""


def tab_to(page, name: str, stops: list, limit: int = 25) -> dict:
    """Press Tab until the focused element's name starts with `name`; every stop on
    the way must show where the focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        stops.append(focused)
        assert focused["ring"], f"no visible focus indicator on {focused}"
        if focused["name"].startswith(name):
            return focused
    raise AssertionError(f"Tab never reached {name!r}; stops: {[s['name'] for s in stops]}")


def test_log_a_conversation_by_keyboard_alone(page, own_server):
    # Logging a reached call changes the demo's story, so this runs on its own server.
    log_in(page, own_server)
    stops: list[dict] = []

    # From the dashboard: the nav bar's log button, then Enter.
    tab_to(page, "Log a conversation", stops)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/conversations/new"))
    expect(page.get_by_role("heading", level=1, name="Log a conversation")).to_be_visible()
    page.wait_for_load_state()  # app.js has set the form up

    field = tab_to(page, "When", stops)
    today = own_server["today"]
    assert field["value"] == uk_numeric_date(today), "the date starts as today"
    page.keyboard.press("Control+A")
    page.keyboard.type("yesterday")

    # Find the person by typing in the search box, then tick them with Space.
    tab_to(page, "Find a person", stops)
    page.keyboard.type("Mensah")
    page.get_by_role("checkbox", name=re.compile("^Kwame Mensah")).wait_for()
    tab_to(page, "Kwame Mensah", stops)
    page.keyboard.press("Space")
    assert page.evaluate(FOCUSED)["checked"], "Space ticks the person and keeps the focus"

    # Radio groups: Tab lands on the chosen option, arrow keys move the choice.
    channel = tab_to(page, "Phone call", stops)
    assert channel["type"] == "radio" and channel["checked"]
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUSED)["name"] == "Video call"
    outcome = tab_to(page, "Reached", stops)
    assert outcome["checked"]
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(FOCUSED) | {"ring": True} == outcome | {"ring": True}

    tab_to(page, "Summary", stops)
    page.keyboard.type(SUMMARY)

    tab_to(page, "Social prescribing and peer support", stops)
    page.keyboard.press("Space")
    stance = tab_to(page, "Stance heard on Social prescribing", stops)
    assert stance["tag"] == "select"
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUSED)["value"] == "supportive"

    tab_to(page, "Save", stops)
    screenshot(page, "log-form-keyboard-desktop")
    page.keyboard.press("Enter")

    page.wait_for_url(lambda url: "/conversations/new" not in url)
    expect(page.get_by_role("status").get_by_text(re.compile("Logged|Saved"))).to_be_visible()
    entry = page.get_by_role("listitem").filter(has_text=SUMMARY)
    expect(entry).to_have_count(1)  # the saved conversation is listed
    text = entry.inner_text()
    assert uk_date(today - timedelta(days=1)) in text
    assert "Video call" in text and "Reached" in text and "Kwame Mensah" in text
    assert "Supportive" in text
    assert len(stops) > 10
