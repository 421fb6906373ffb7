"""A form sent with mistakes: the summary at the top is announced and its links lead to the fields."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_core_loop import checklist_row, log_in

FOCUSED = """() => {
  const e = document.activeElement;
  const label = e.labels && e.labels.length ? e.labels[0].innerText.trim() : '';
  const group = e.closest('fieldset');
  const legend = group && group.querySelector('legend') ? group.querySelector('legend').innerText.trim() : '';
  return {label, legend, tag: e.tagName.toLowerCase(), inView: (() => {
    const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; })()};
}"""


def _summary(page):
    return page.get_by_role("alert").filter(
        has=page.get_by_role("heading", name=re.compile("Please fix"))
    )


def test_error_summary_is_announced_and_its_links_move_the_focus(page, live_server):
    log_in(page, live_server)
    page.goto(live_server["url"] + "/conversations/new")
    page.get_by_label("When").fill("next year sometime")
    page.get_by_text("No answer", exact=True).click()  # the label drawn as a button
    page.get_by_role("checkbox", name="Social prescribing and peer support: action plan").check()
    page.get_by_role(
        "combobox", name=re.compile("Stance heard on Social prescribing")
    ).select_option(label="Supportive")
    page.get_by_role("button", name="Save").click()

    summary = _summary(page)
    expect(summary).to_be_visible()
    # role=alert announces it; the focus moves to it too, so reading starts there.
    expect(summary).to_be_focused()
    assert summary.bounding_box()["y"] < 200, "the summary is at the top of the page"
    screenshot(page, "log-form-errors-desktop")

    expected = [
        ("When", "label", "When"),
        ("With whom", "legend", "With whom"),
        ("Proposals", "legend", "Proposals it concerns"),
    ]
    links = summary.get_by_role("link")
    expect(links).to_have_count(len(expected))
    for (start, kind, name), index in zip(expected, range(links.count()), strict=True):
        page.evaluate("window.scrollTo(0, 0)")
        link = links.nth(index)
        assert link.inner_text().startswith(start), link.inner_text()
        link.click()
        focused = page.evaluate(FOCUSED)
        assert focused[kind] == name, f"{start}: focus went to {focused}"
        assert focused["tag"] in ("input", "select", "textarea")
        # Bootstrap scrolls smoothly: wait until the focused field has arrived on screen.
        expect(page.locator("*:focus")).to_be_in_viewport()


def test_inline_log_form_errors_take_the_focus(page, live_server):
    log_in(page, live_server)
    page.get_by_role("link", name="Open the checklist").first.click()
    expect(page.get_by_role("heading", level=1, name="Pre-drafting checklist")).to_be_visible()
    page.wait_for_load_state()  # app.js wires up the inline forms once the page has loaded
    row = checklist_row(page, "Hillview Wellbeing Café")
    row.get_by_role("link", name="Log a call").click()
    page.get_by_label("When").fill("the Tuesday after next")
    page.get_by_role("button", name="Save").click()
    summary = _summary(page)
    expect(summary).to_be_focused()
    summary.get_by_role("link", name=re.compile("^When")).click()
    assert page.evaluate(FOCUSED)["label"] == "When"
    # Nothing was saved: the row is as it was.
    expect(checklist_row(page, "Hillview Wellbeing Café").get_by_text("Not yet")).to_be_visible()
