"""Import the sample contacts file through the import pages, as an admin would."""

from pathlib import Path

import pytest

from tests.browser.test_core_loop import log_in

CONTACTS_CSV = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "contacts.csv"


def test_import_contacts_csv_and_find_an_imported_contact(page, own_server):
    if not CONTACTS_CSV.is_file():
        pytest.skip(f"sample file {CONTACTS_CSV.resolve()} is missing (expected beside the repo)")
    # Importing updates demo contacts (Dermot's name), so it runs on its own server.
    log_in(page, own_server)
    page.get_by_role("link", name="Import").first.click()
    assert page.get_by_role(
        "heading", level=1, name="Import organisations or contacts"
    ).is_visible()
    page.get_by_role("radio", name="Contacts").check()
    page.get_by_label("CSV or Excel (.xlsx) file").set_input_files(CONTACTS_CSV)
    page.get_by_role("button", name="Upload and preview").click()

    # Step 2: the preview, with the columns matched from their headings.
    assert page.get_by_role(
        "heading", level=1, name="Import contacts from contacts.csv"
    ).is_visible()
    assert page.get_by_text("8 rows · 7 columns").is_visible()
    assert page.get_by_role("combobox", name="Import “Tel” as").input_value() == "phone"
    assert page.get_by_role("combobox", name="Import “Job title” as").input_value() == "job_title"
    page.get_by_role("button", name="Check every row").click()

    # Step 3: what importing would do, before anything is saved.
    check = page.get_by_role("region", name="What importing would do")
    assert check.get_by_text("3 new").is_visible()
    assert check.get_by_text("0 with problems").is_visible()
    check.get_by_role("button", name="Import 8 contacts").click()

    status = page.get_by_role("status")
    assert "3 created, 5 updated, 0 already up to date." in status.inner_text()
    page.get_by_role("link", name="See the contacts").click()
    page.get_by_role("searchbox", name="Search").fill("achebe")
    page.get_by_role("button", name="Search").click()
    row = page.get_by_role("row", name="Null Achebe")
    assert row.get_by_role("link", name="Mind in Eastbrook").is_visible()
    assert row.get_by_text("CEO").is_visible()
