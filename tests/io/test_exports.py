"""Exports of the organisations and contacts lists as CSV and XLSX."""

import io

import openpyxl
import pandas as pd
import pytest

from crm.core.extensions import db
from crm.io.exports import Column, neutralise, render, to_frame
from tests import factories
from tests.io.helpers import form_fields, text_of, upload


@pytest.fixture
def data(app, users):
    with app.app_context():
        mind = factories.organisation(
            "Mind in Eastbrook", kind="charity", phone="+44 1632 960004", tags="mental health",
            owner_id=users["editor"], stay_in_touch_days=30,
        )  # fmt: skip
        factories.organisation('=HYPERLINK("http://evil.example")', kind="business")
        factories.organisation("Old Hall", kind="faith_group", archived=True)
        factories.contact(
            "Ada Lovelace", organisation=mind, email="ada@example.org", phone="07700 900123",
            preferred_channel="email", notes="@mention -1",
        )  # fmt: skip
        factories.contact("Bob", phone="-2", email="bob@example.org")
        db.session.commit()


def read_csv(response) -> pd.DataFrame:
    assert response.data.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads the accents
    return pd.read_csv(io.BytesIO(response.data), dtype=str, keep_default_na=False)


def test_organisations_csv_uses_the_list_filters(client, login_as, data):
    login_as("viewer")
    everything = read_csv(client.get("/organisations/export.csv"))
    assert everything["Name"].tolist() == [
        '\'=HYPERLINK("http://evil.example")',
        "Mind in Eastbrook",
    ]
    mind = everything.iloc[1]
    assert mind["Kind"] == "Charity"
    assert mind["Main phone"] == "'+44 1632 960004"
    assert mind["Contacts"] == "1"
    assert mind["Stay in touch every (days)"] == "30"
    assert mind["Relationship owner"].startswith("Editor User")
    filtered = read_csv(client.get("/organisations/export.csv?kind=charity&q=mind"))
    assert filtered["Name"].tolist() == ["Mind in Eastbrook"]
    archived = read_csv(client.get("/organisations/export.csv?archived=1"))
    assert archived["Name"].tolist() == ["Old Hall"]


def test_xlsx_has_no_formulas(client, login_as, data):
    login_as("viewer")
    response = client.get("/contacts/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert 'filename="contacts-' in response.headers["Content-Disposition"]
    for path in ("/contacts/export.xlsx", "/organisations/export.xlsx"):
        book = openpyxl.load_workbook(io.BytesIO(client.get(path).data))
        cells = [cell for row in book.active.iter_rows() for cell in row]
        assert cells and all(cell.data_type != "f" for cell in cells)
        texts = [cell.value for cell in cells if isinstance(cell.value, str)]
        assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:5] == ("Name", "Organisation", "Role or job title", "Email", "Phone")
    ada = dict(zip(rows[0], rows[1], strict=True))
    assert ada["Phone"] == "07700 900123"  # a phone stays text with its 0
    assert ada["Prefers"] == "Email"
    assert ada["Notes"] == "'@mention -1"
    bob = dict(zip(rows[0], rows[2], strict=True))
    assert bob["Phone"] == "'-2"


def test_contacts_csv_filters(client, login_as, data):
    login_as("viewer")
    frame = read_csv(client.get("/contacts/export.csv?q=ada"))
    assert frame["Name"].tolist() == ["Ada Lovelace"]
    assert frame["Organisation"].tolist() == ["Mind in Eastbrook"]


def test_unknown_format_and_login(client, login_as, data):
    assert client.get("/contacts/export.csv").status_code == 302  # log in first
    login_as("viewer")
    assert client.get("/contacts/export.pdf").status_code == 404


def test_export_buttons_on_list_pages(client, login_as, data):
    login_as("viewer")
    page = client.get("/organisations/?kind=charity").get_data(as_text=True)
    assert 'href="/organisations/export.csv?kind=charity' in page
    assert 'href="/organisations/export.xlsx?kind=charity' in page
    assert 'href="/contacts/export.csv' in client.get("/contacts/").get_data(as_text=True)


def test_exports_take_a_fixed_number_of_statements(app, client, login_as, data, count_queries):
    login_as("viewer")
    with count_queries() as few:
        client.get("/organisations/export.csv")
        client.get("/contacts/export.csv")
    with app.app_context():
        for n in range(30):
            org = factories.organisation(f"Extra {n}")
            factories.contact(f"Person {n}", organisation=org)
        db.session.commit()
    with count_queries() as many:
        client.get("/organisations/export.csv")
        client.get("/contacts/export.csv")
    assert many["n"] == few["n"]


def test_an_export_imports_back_unchanged(app, client, login_as, data):
    login_as("editor")
    for path, kind in (
        ("/organisations/export.xlsx", "organisations"),
        ("/contacts/export.csv", "contacts"),
    ):
        exported = client.get(path).data
        review = upload(client, exported, "export." + path[-4:].lstrip("."), kind)
        check = client.post("/import/check", data=form_fields(review.get_data(as_text=True)))
        assert "0 new 0 updated 2 already up to date 0 with problems" in text_of(check), kind


def test_generic_exporter():
    columns = [Column("A", lambda r: r[0]), Column("B", lambda r: r[1])]
    frame = to_frame([("=1+1", 2), ("ok", None)], columns)
    assert render(frame, "csv").decode("utf-8-sig") == "A,B\r\n'=1+1,2\r\nok,\r\n"
    assert neutralise("\tx") == "'\tx" and neutralise(5) == 5 and neutralise("'=x") == "'=x"
    with pytest.raises(ValueError):
        render(frame, "pdf")
