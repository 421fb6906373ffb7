"""The import pages: upload, preview and mapping, check, import, result; limits and refusals."""

import random

import pytest
from sqlalchemy import func, select

from crm.audit.models import AuditEntry
from crm.contacts.models import Contact
from crm.core.extensions import db
from crm.organisations.models import Organisation
from tests.io.helpers import form_fields, import_by_page, sample, text_of, upload
from tests.io.test_reading import zip_bomb


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def names(app, model) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(model.name)))


@pytest.fixture
def editor(login_as):
    return login_as("editor")


def test_upload_page_and_nav(client, editor):
    page = client.get("/import/")
    assert page.status_code == 200
    assert 'href="/import/"' in page.get_data(as_text=True)  # in the nav for editors
    assert "Upload and preview" in text_of(page)


def test_viewers_cannot_import_or_see_the_link(client, login_as):
    login_as("viewer")
    assert client.get("/import/").status_code == 403
    assert client.post("/import/run", data={}).status_code == 403
    assert 'href="/import/"' not in client.get("/contacts/").get_data(as_text=True)


def test_organisations_by_page(app, client, editor):
    review, check, result = import_by_page(
        client, sample("organisations.csv"), "organisations.csv", "organisations"
    )
    page = text_of(review)
    assert "Import organisations from organisations.csv" in page
    assert "CSV, UTF-8 · 8 rows · 7 columns" in page
    assert "Eastbrook Borough Council – Public Health" in page  # the preview
    fields = form_fields(review.get_data(as_text=True))
    assert [fields[f"column-{n}"] for n in range(7)] == [
        "name", "kind", "website", "phone", "email", "area_served", "tags",
    ]  # fmt: skip
    assert check.status_code == 200
    assert "8 new 0 updated 0 already up to date 0 with problems" in text_of(check)
    assert "Import 8 organisations" in text_of(check)
    assert result.status_code == 200
    assert "8 created, 0 updated, 0 already up to date." in text_of(result)
    assert "“Faith / community” is not a kind we know" in text_of(result)
    assert names(app, Organisation) == {
        "Riverside Peer Support Network",
        "Northgate Social Prescribing",
        "Hillview Wellbeing Café",
        "Mind in Eastbrook",
        "Eastbrook Borough Council – Public Health",
        "Eastbrook & Vale NHS Foundation Trust",
        "Canolfan Cymraeg Eastbrook",
        "St Brigid's Parish Hall",
    }


@pytest.mark.parametrize(
    ("filename", "expected"),
    [("contacts.csv", 8), ("contacts.xlsx", 8), ("contacts-windows-1252.csv", 6)],
)
def test_contacts_by_page(app, client, editor, filename, expected):
    import_by_page(client, sample("organisations.csv"), "organisations.csv", "organisations")
    review, check, result = import_by_page(client, sample(filename), filename, "contacts")
    assert ("Windows-1252" in text_of(review)) == filename.endswith("1252.csv")
    assert f"{expected} created" in text_of(result)
    with app.app_context():
        people = {c.name: c for c in db.session.scalars(select(Contact))}
        organisations = {o.id: o.name for o in db.session.scalars(select(Organisation))}
    assert len(people) == expected
    assert people["Gwenllian ap Rhys"].phone == "07700900124"
    assert people["Dermot NA"].phone == "07700 900126"
    assert "Null Achebe" in people
    assert organisations[people["Dermot NA"].organisation_id] == "Hillview Wellbeing Café"
    assert people["Chloë O'Brien"].organisation_id is None


def test_checking_writes_nothing(app, client, editor):
    review = upload(client, sample("organisations.csv"), "organisations.csv", "organisations")
    check = client.post("/import/check", data=form_fields(review.get_data(as_text=True)))
    assert "8 new" in text_of(check)
    assert count(app, Organisation) == 0 and count(app, AuditEntry) == 0


def test_nothing_to_import_when_all_rows_are_up_to_date(app, client, editor):
    data = sample("organisations.csv")
    import_by_page(client, data, "organisations.csv", "organisations")
    _review, check, _result = import_by_page(client, data, "organisations.csv", "organisations")
    assert "Nothing to import: every row is already up to date." in text_of(check)
    assert 'value="all"' not in check.get_data(as_text=True)


def test_malformed_file_by_page(app, client, editor):
    response = upload(
        client, sample("contacts-malformed.csv"), "contacts-malformed.csv", "contacts"
    )
    assert response.status_code == 422
    page = text_of(response)
    assert "Line 3 has 5 fields where the header has 3." in page
    assert "Line 4 opens a quote" in page
    assert count(app, Contact) == 0


def test_problem_rows_block_the_import_unless_skipped(app, client, editor):
    data = b"Name,Email\nAda,ada@example.org\nBob,not-an-email\nCy,ADA@example.org\n"
    review, check, result = import_by_page(client, data, "people.csv", "contacts")
    page = text_of(check)
    assert "2 rows have problems" in page
    assert "3 Bob Email: “not-an-email” is not an email address." in page
    assert "4 Cy Same email as line 2" in page
    assert "Import the 1 valid row, skip 2" in page
    assert result.status_code == 422  # mode=all was refused
    assert "Nothing was imported: 2 rows have problems." in text_of(result)
    assert count(app, Contact) == 0 and count(app, AuditEntry) == 0

    fields = form_fields(review.get_data(as_text=True))
    skipped = client.post("/import/run", data=fields | {"mode": "skip_invalid"})
    assert skipped.status_code == 200
    assert "1 created, 0 updated, 0 already up to date, 2 skipped." in text_of(skipped)
    assert names(app, Contact) == {"Ada"}
    download = client.post("/import/skipped.csv", data=form_fields(skipped.get_data(as_text=True)))
    assert download.status_code == 200
    assert 'filename="people-skipped-rows.csv"' in download.headers["Content-Disposition"]
    lines = download.data.decode("utf-8-sig").splitlines()
    assert lines[0] == "Line,Name,Email,Problems"
    assert lines[1] == "3,Bob,not-an-email,Email: “not-an-email” is not an email address."
    assert lines[2].startswith("4,Cy,ADA@example.org,Same email as line 2")


def test_sending_the_import_twice_imports_once(app, client, editor):
    data = b"Name\nNo email, so no match\n"
    review, _check, first = import_by_page(client, data, "people.csv", "contacts")
    assert first.status_code == 200
    again = client.post(
        "/import/run", data=form_fields(review.get_data(as_text=True)) | {"mode": "all"}
    )
    assert again.status_code == 302
    assert count(app, Contact) == 1


def test_create_missing_organisations_option(app, client, editor):
    data = sample("contacts.csv")
    _review, check, result = import_by_page(client, data, "contacts.csv", "contacts")
    assert "there is no organisation called “Mind in Eastbrook”" in text_of(check)
    assert result.status_code == 422
    _review, check, result = import_by_page(
        client, data, "contacts.csv", "contacts", create_missing_organisations="y"
    )
    assert "New organisations that would be added:" in text_of(check)
    assert "8 created" in text_of(result)
    assert "7 new organisations added" in text_of(result)
    assert count(app, Organisation) == 7


def test_mapping_changes_and_mapping_problems(app, client, editor):
    data = b"Full name,Work,Role\nAda,Mind,Chair\n"
    review = upload(client, data, "x.csv", "contacts")
    fields = form_fields(review.get_data(as_text=True))
    assert (fields["column-0"], fields["column-1"]) == ("name", "")
    twice = client.post("/import/check", data=fields | {"column-2": "name"})
    assert twice.status_code == 422
    assert "Name is chosen for two columns, “Full name” and “Role”." in text_of(twice)
    _r, _c, result = import_by_page(
        client, data, "x.csv", "contacts", **{"column-1": "notes", "column-2": ""}
    )
    assert result.status_code == 200
    with app.app_context():
        person = db.session.scalar(select(Contact))
        assert (person.name, person.notes, person.job_title) == ("Ada", "Mind", "")


def test_file_too_big(app, client, editor):
    app.config["IMPORT_MAX_BYTES"] = 500
    response = upload(client, sample("contacts.csv"), "contacts.csv", "contacts")
    assert response.status_code == 422
    assert "The file is 1 KB; the limit is 500 bytes." in text_of(response)


def test_too_many_rows(app, client, editor):
    app.config["IMPORT_MAX_ROWS"] = 5
    response = upload(client, sample("contacts.csv"), "contacts.csv", "contacts")
    assert response.status_code == 422
    assert "The file has more than 5 rows" in text_of(response)


def test_zip_bomb_by_page(app, client, editor):
    app.config["IMPORT_MAX_XLSX_UNCOMPRESSED"] = 10 * 1024 * 1024
    response = upload(client, zip_bomb(), "bomb.xlsx", "contacts")
    assert response.status_code == 422
    assert "This workbook unpacks to 50 MB, more than the 10 MB allowed." in text_of(response)


def test_a_big_file_travels_between_steps(app, client, editor):
    # Carried in the form, it is bigger than Flask's default limit for a form field (500 kB).
    rng = random.Random(6)
    rows = "".join(
        f"Person {n},p{n}.{rng.getrandbits(64):x}@example.org,0{rng.getrandbits(32):010d}\n"
        for n in range(25_000)
    )
    data = ("Name,Email,Phone\n" + rows).encode()
    review, check, result = import_by_page(client, data, "big.csv", "contacts")
    assert len(form_fields(review.get_data(as_text=True))["payload"]) > 600_000
    assert check.status_code == 200
    assert "25,000 created" in text_of(result)
    assert count(app, Contact) == 25_000


def test_lost_upload_starts_again(app, client, editor):
    response = client.post("/import/check", data={"kind": "contacts", "payload": "garbage!"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/import/")
