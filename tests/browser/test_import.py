"""Import the sample contacts file through the import pages, as an admin would."""

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.test_core_loop import log_in

CONTACTS_CSV = Path(__file__).resolve().parents[1] / "data" / "contacts.csv"


def test_import_contacts_csv_and_find_an_imported_contact(page, own_server):
    # Importing updates demo contacts (Dermot's name), so it runs on its own server.
    log_in(page, own_server)
    page.get_by_role("link", name="Import").first.click()
    expect(
        page.get_by_role("heading", level=1, name="Import organisations or contacts")
    ).to_be_visible()
    page.get_by_role("radio", name="Contacts").check()
    page.get_by_label("CSV or Excel (.xlsx) file").set_input_files(CONTACTS_CSV)
    page.get_by_role("button", name="Upload and preview").click()

    # Step 2: the preview, with the columns matched from their headings.
    expect(
        page.get_by_role("heading", level=1, name="Import contacts from contacts.csv")
    ).to_be_visible()
    expect(page.get_by_text("8 rows · 7 columns")).to_be_visible()
    expect(page.get_by_role("combobox", name="Import “Tel” as")).to_have_value("phone")
    expect(page.get_by_role("combobox", name="Import “Job title” as")).to_have_value("job_title")
    page.get_by_role("button", name="Check every row").click()

    # Step 3: what importing would do, before anything is saved.
    check = page.get_by_role("region", name="What importing would do")
    expect(check.get_by_text("3 new")).to_be_visible()
    expect(check.get_by_text("0 with problems")).to_be_visible()
    check.get_by_role("button", name="Import 8 contacts").click()

    expect(page.get_by_role("status")).to_contain_text(
        "3 created, 5 updated, 0 already up to date."
    )
    page.get_by_role("link", name="See the contacts").click()
    page.get_by_role("searchbox", name="Search", exact=True).fill("achebe")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"[?&]q=achebe"))
    row = page.get_by_role("row", name="Null Achebe")
    expect(row.get_by_role("link", name="Mind in Eastbrook")).to_be_visible()
    expect(row.get_by_text("CEO")).to_be_visible()
