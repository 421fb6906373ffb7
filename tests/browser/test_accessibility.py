"""axe-core on the app's pages: no serious or critical violations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from crm.demo.loader import DEMO_USERS
from tests.browser.conftest import screenshot
from tests.browser.test_core_loop import log_in

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
ADMIN = next(user for user in DEMO_USERS if user[2] == "admin")
AUTHOR = DEMO_USERS[0]  # Alex Morgan, who sees the drafting and logging buttons

# Pages by path; {org}, {contact}, {proposal} are filled from links on the lists.
PAGES = [
    "/",
    "/organisations/",
    "/organisations/?q=zzz-nothing",
    "/organisations/{org}",
    "/organisations/new",
    "/organisations/{org}/edit",
    "/contacts/",
    "/contacts/{contact}",
    "/contacts/new",
    "/proposals/",
    "/proposals/{proposal}",
    "/proposals/{proposal}/checklist",
    "/proposals/{proposal}/call-sheet",
    "/proposals/{proposal}/stakes/new",
    "/conversations/",
    "/conversations/new",
    "/follow-ups/",
    "/users",
    "/settings/",
    "/audit/",
    "/calendar/",
    "/import/",
    "/account/password",
    "/account",
    "/admin/outbox/",
    "/contacts/{contact}/edit",
    "/proposals/new",
    "/proposals/{proposal}/edit",
    "/proposals/{proposal}/milestones/new",
    "/follow-ups/new",
    "/reports/",
    "/users/new",
    "/admin/access",
    "/privacy/retention",
    "/privacy/contacts/{contact}/erase",
    "/search",
    "/search?q=peer+supp&kind=conversations&date_from=1/9/2026",
    "/search?q=peer+support",
    # Links found on the pages (first of each on the page named): edit forms of records
    # the list pages do not link to directly.
    "{user_edit}",
    "{conversation_edit}",
    "{conversation}",
    "{stake_edit}",
    "{stake_waive}",
]

# (key, pages to look on in turn, pattern of the link's path)
PROPOSAL_PAGES = ["/proposals/1", "/proposals/2", "/proposals/3"]
FOUND_LINKS = [
    ("user_edit", ["/users"], r"^(/users/\d+/edit)"),
    ("conversation_edit", ["/conversations/"], r"^(/conversations/\d+/edit)"),
    ("conversation", ["/search?q=peer+support"], r"^(/conversations/\d+)$"),
    ("stake_edit", PROPOSAL_PAGES, r"^(/proposals/\d+/stakes/\d+/edit)"),
    ("stake_waive", PROPOSAL_PAGES, r"^(/proposals/\d+/stakes/\d+/waive)"),
]


def _first_link(page, base: str, paths: list[str], pattern: str) -> str:
    """The first link matching `pattern` on the first of `paths` that has one."""
    for path in paths:
        page.goto(base + path)
        hrefs = page.eval_on_selector_all(
            "main a[href]", "els => els.map(e => e.getAttribute('href'))"
        )
        found = [m.group(1) for href in hrefs if (m := re.match(pattern, href or ""))]
        if found:
            return found[0]
    raise AssertionError(f"no link like {pattern} on {paths}")


def _logged_in(browser, live_server, user):
    """A desktop page logged in as `user`, in a context that lets axe's script run."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    log_in(page, live_server, user[0], user[1])
    return context, page


@pytest.fixture(scope="module")
def admin_page(browser, live_server):
    context, page = _logged_in(browser, live_server, ADMIN)
    ids = {}
    for key, path, pattern in [
        ("org", "/organisations/", r"/organisations/(\d+)$"),
        ("contact", "/contacts/", r"/contacts/(\d+)$"),
        ("proposal", "/proposals/", r"/proposals/(\d+)$"),
    ]:
        page.goto(live_server["url"] + path)
        hrefs = page.eval_on_selector_all(
            "main a[href]", "els => els.map(e => e.getAttribute('href'))"
        )
        ids[key] = next(m.group(1) for href in hrefs if (m := re.search(pattern, href or "")))
    for key, paths, pattern in FOUND_LINKS:
        ids[key] = _first_link(page, live_server["url"], paths, pattern)
    yield page, ids
    context.close()


def _violations(page) -> list[str]:
    page.evaluate(AXE)
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
              values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"""
    )
    found = []
    for violation in result["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"][:5])
        found.append(f"{violation['impact']}: {violation['id']} ({violation['help']}) at {targets}")
    return found


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violations(admin_page, live_server, path):
    page, ids = admin_page
    response = page.goto(live_server["url"] + path.format(**ids))
    assert response.status < 400, path
    problems = _violations(page)
    assert not problems, f"{path}:\n" + "\n".join(problems)


# Form pages sent empty (or with a bad date), so they come back showing their errors.
ERROR_FORMS = [
    ("/organisations/new", {}),
    ("/contacts/new", {}),
    ("/conversations/new", {"When": "31/02/2026"}),
    ("/proposals/new", {}),
    ("/follow-ups/new", {}),
    ("/proposals/{proposal}/milestones/new", {}),
]


@pytest.mark.parametrize(("path", "typed"), ERROR_FORMS, ids=[form[0] for form in ERROR_FORMS])
def test_forms_showing_errors_are_accessible(admin_page, live_server, path, typed):
    page, ids = admin_page
    page.goto(live_server["url"] + path.format(**ids))
    for label, value in typed.items():
        page.get_by_label(label, exact=True).first.fill(value)
    page.locator("main form[method=post] [type=submit]").last.click()
    expect(page.get_by_role("alert").first).to_be_visible()
    page.wait_for_load_state()
    name = path.strip("/").replace("/", "-").replace("{proposal}", "proposal")
    screenshot(page, f"{name}-errors-desktop")
    problems = _violations(page)
    assert not problems, f"{path}:\n" + "\n".join(problems)


def _arrive(page, url: str, heading=None) -> None:
    """Wait, as a person would, for the next page: its address, its heading, loaded."""
    page.wait_for_url(re.compile(url))
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    page.wait_for_load_state()


def test_the_authors_pages_have_no_serious_or_critical_violations(browser, live_server):
    """The author of the demo proposal sees buttons the admin's walk above does not
    (Start drafting, Log a call on each checklist row)."""
    context, page = _logged_in(browser, live_server, AUTHOR)
    problems = {"/": _violations(page)}
    page.get_by_role("link", name="Open the checklist").first.click()
    _arrive(page, r"/checklist$", "Pre-drafting checklist")
    problems[page.url] = _violations(page)
    page.get_by_role("link", name="Call sheet", exact=True).click()
    _arrive(page, r"/call-sheet$")
    problems[page.url] = _violations(page)
    page.go_back()
    _arrive(page, r"/checklist$", "Pre-drafting checklist")
    page.get_by_role("link", name=re.compile("Social prescribing")).first.click()
    _arrive(page, r"/proposals/\d+$", re.compile("Social prescribing"))
    problems[page.url] = _violations(page)
    context.close()
    found = {url: found for url, found in problems.items() if found}
    assert not found, "\n".join(f"{url}: {p}" for url, found in found.items() for p in found)


def test_the_log_in_page_has_no_serious_or_critical_violations(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(live_server["url"] + "/login")
    problems = _violations(page)
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    page.wait_for_load_state()
    problems += _violations(page)  # with the "not recognised" message
    context.close()
    assert not problems, "\n".join(problems)
