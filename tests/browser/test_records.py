"""Records through the forms: add an organisation and a contact, find them, export a list."""

import csv
import io
import re

from playwright.sync_api import expect

from tests.browser.test_core_loop import log_in

ORGANISATION = "Ashgrove Tenants' Voice"
CONTACT = "Folasade Adeyemi"


def search(page, live_server, list_name, query):
    page.get_by_role("link", name=list_name, exact=True).first.click()
    page.get_by_role("searchbox", name="Search", exact=True).fill(query)
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(rf"[?&]q={query}"))  # the results, not the list before
    return page.get_by_role("table")


def test_add_an_organisation_and_a_contact_then_find_them(page, live_server):
    log_in(page, live_server)
    page.get_by_role("link", name="Organisations", exact=True).first.click()
    page.get_by_role("link", name="Add an organisation").click()
    page.get_by_label("Name").fill(ORGANISATION)
    page.get_by_label("Kind").select_option(label="Housing")
    page.get_by_label("Main phone").fill("01632 960199")
    page.get_by_label("Tags").fill("tenants, housing")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").get_by_text(f"Added {ORGANISATION}.")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name=ORGANISATION)).to_be_visible()

    # Add its first contact from the organisation page: the organisation is filled in.
    page.get_by_role("link", name="Add a contact").click()
    page.wait_for_url(re.compile(r"/contacts/new"))
    expect(page.get_by_label("Organisation")).not_to_have_value("")
    page.get_by_label("Name").fill(CONTACT)
    page.get_by_label("Role or job title").fill("Secretary")
    page.get_by_label("Phone", exact=True).fill("07700 900199")
    page.get_by_label("Email").fill("folasade@ashgrove.example.org")
    page.get_by_label("Prefers").select_option(label="Text message")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1, name=CONTACT)).to_be_visible()
    expect(page.get_by_role("link", name="07700 900199")).to_have_attribute(
        "href", "tel:07700900199"
    )

    table = search(page, live_server, "Organisations", "ashgrove")
    expect(table.get_by_role("link", name=ORGANISATION)).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(2)  # the header and the one match
    # Tags are searched too.
    table = search(page, live_server, "Organisations", "tenants")
    expect(table.get_by_role("link", name=ORGANISATION)).to_be_visible()

    table = search(page, live_server, "Contacts", "adeyemi")
    row = table.get_by_role("row", name=CONTACT)
    expect(row.get_by_role("link", name=ORGANISATION)).to_be_visible()
    row.get_by_role("link", name=CONTACT).click()
    expect(page.get_by_role("heading", level=1, name=CONTACT)).to_be_visible()


def test_export_the_organisations_list_as_csv(page, live_server):
    log_in(page, live_server)
    page.get_by_role("link", name="Organisations", exact=True).first.click()
    with page.expect_download() as download_info:
        page.get_by_role("group", name="Download this list").get_by_role(
            "link", name="Export CSV"
        ).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = download.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert "Name" in rows[0] and "Kind" in rows[0]
    names = [row["Name"] for row in rows]
    assert "Hillview Wellbeing Café" in names
    assert names == sorted(names, key=str.casefold), "the export keeps the list's order"


def test_export_the_contacts_list_as_excel(page, live_server):
    from openpyxl import load_workbook

    log_in(page, live_server)
    page.get_by_role("link", name="Contacts", exact=True).first.click()
    page.get_by_role("searchbox", name="Search", exact=True).fill("Dermot")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"[?&]q=Dermot"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export Excel").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.path().read_bytes()), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "Name" in rows[0]
    name = rows[0].index("Name")
    # The export is of the list as filtered, not the whole table.
    assert [row[name] for row in rows[1:]] == ["Dermot Kavanagh"]
