"""Adding organisations to a proposal: find them in a long list as you type."""

import re

from tests.browser.conftest import screenshot
from tests.browser.test_core_loop import log_in

PROPOSAL = "Welsh-language peer support sessions"


def _shown(page) -> list[str]:
    boxes = page.get_by_role("group", name="Organisations").get_by_role("checkbox")
    return [
        box.evaluate("b => b.labels[0].textContent.trim()")
        for box in boxes.all()
        if box.is_visible()
    ]


def test_find_tick_and_add_organisations(page, own_server):
    # Adding stakes changes the demo's proposals, so this runs on its own server.
    log_in(page, own_server)
    page.get_by_role("link", name="Proposals", exact=True).first.click()
    page.get_by_role("link", name=PROPOSAL).click()
    page.get_by_role("link", name="Add organisations").click()
    everyone = len(_shown(page))
    assert everyone > 10

    find = page.get_by_role("searchbox", name="Find in the list")
    find.fill("cafe")  # accents and case ignored
    assert _shown(page) == ["Hillview Wellbeing Café Voluntary or community group"]
    page.get_by_role("checkbox", name=re.compile("Hillview Wellbeing Café")).check()

    find.fill("canolfan")
    find.press("Enter")  # narrows the list; does not send the form
    assert "/stakes/new" in page.url
    assert not page.get_by_text("Added").is_visible()
    page.get_by_role("checkbox", name=re.compile("Canolfan Cymraeg")).check()
    shown = _shown(page)
    assert any("Hillview" in name for name in shown), "a ticked organisation stays in view"
    assert page.get_by_text(f"2 of {everyone} organisations shown, 2 ticked").is_visible()
    screenshot(page, "add-organisations-filtered-desktop")

    find.fill("")
    assert len(_shown(page)) == everyone
    page.get_by_role("button", name="Add", exact=True).click()
    assert page.get_by_text(f"Added 2 organisations to {PROPOSAL}.").is_visible()
    stakes = page.locator("#stakes")
    assert stakes.get_by_role("link", name="Hillview Wellbeing Café").first.is_visible()
    assert stakes.get_by_role("link", name="Canolfan Cymraeg Eastbrook").first.is_visible()


def test_find_a_proposal_in_a_long_list_on_the_log_form(page, own_server):
    """With many open proposals the log form's list gets a find box too."""
    from crm import create_app
    from crm.core.extensions import db
    from tests import factories

    app = create_app(overrides={"SQLALCHEMY_DATABASE_URI": own_server["database_url"]})
    with app.app_context():
        for topic in ("Dementia café", "Carers' breaks", "Youth hub", "Warm spaces", "Debt advice",
                      "Falls prevention", "Men's sheds", "Loneliness", "Walking groups"):  # fmt: skip
            factories.proposal(f"{topic} plan", status="consulting")
        db.session.commit()
        db.engine.dispose()
    log_in(page, own_server)
    page.get_by_role("link", name="Log a conversation").first.click()
    find = page.get_by_role("searchbox", name="Find a proposal")
    find.fill("cafe")
    proposals = page.get_by_role("group", name="Proposals it concerns").get_by_role("checkbox")
    shown = [box.evaluate("b => b.labels[0].textContent.trim()") for box in proposals.all()
             if box.is_visible()]  # fmt: skip
    assert shown == ["Dementia café plan"]
    page.get_by_role("checkbox", name="Dementia café plan").check()
    page.get_by_role("combobox", name="Stance heard on Dementia café plan").select_option(
        "supportive"
    )
    find.fill("walking")
    assert page.get_by_role("checkbox", name="Dementia café plan").is_visible()  # ticked: stays
    assert page.get_by_text("2 of 12 proposals shown, 1 ticked").is_visible()
