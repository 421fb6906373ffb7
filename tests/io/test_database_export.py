"""Whole-database export: `flask crm export FILE.zip` and the admin download."""

import io
import json
import zipfile

import pandas as pd
import pytest

from crm.core.db import Base
from crm.core.extensions import db
from tests import factories


@pytest.fixture
def data(app, users):
    with app.app_context():
        org = factories.organisation("Mind in Eastbrook")
        factories.contact("Ada Lovelace", organisation=org, phone="07700 900123")
        factories.contact("Dermot NA")
        db.session.commit()


def check_zip(content: bytes) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(content))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format"] == "partnerwise-export-1"
    assert len(manifest["schema_revision"]) == 12  # the Alembic head
    assert set(manifest["tables"]) == {table.name for table in Base.metadata.sorted_tables}
    for name, info in manifest["tables"].items():
        frame = pd.read_csv(
            io.BytesIO(archive.read(info["file"])), dtype=str, keep_default_na=False
        )
        assert len(frame) == info["rows"], name
    contacts = pd.read_csv(
        io.BytesIO(archive.read("contacts.csv")), dtype=str, keep_default_na=False
    )
    assert sorted(contacts["name"]) == ["Ada Lovelace", "Dermot NA"]
    assert "07700 900123" in contacts["phone"].tolist()
    users = pd.read_csv(io.BytesIO(archive.read("users.csv")), dtype=str, keep_default_na=False)
    assert len(users) == 3 and set(users["password_hash"]) == {""}  # never exported
    return manifest


def test_export_command(app, runner, data, tmp_path):
    path = tmp_path / "everything.zip"
    result = runner.invoke(args=["crm", "export", str(path)])
    assert result.exit_code == 0, result.output
    assert f"to {path}." in result.output
    manifest = check_zip(path.read_bytes())
    assert manifest["tables"]["contacts"]["rows"] == 2
    assert manifest["tables"]["organisations"]["rows"] == 1
    assert manifest["redacted"]["users"] == ["password_hash", "calendar_token"]


def test_export_into_a_folder(app, runner, data, tmp_path):
    result = runner.invoke(args=["crm", "export", str(tmp_path)])
    assert result.exit_code == 0, result.output
    [made] = tmp_path.glob("partnerwise-export-*.zip")
    check_zip(made.read_bytes())


def test_admin_download(client, login_as, data):
    login_as("admin")
    page = client.get("/admin/export")
    assert page.status_code == 200
    assert 'href="/admin/export/database.zip"' in page.get_data(as_text=True)
    response = client.get("/admin/export/database.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    check_zip(response.data)


def test_only_admins_download(client, login_as, data):
    login_as("editor")
    assert client.get("/admin/export/database.zip").status_code == 403
    assert client.get("/admin/export").status_code == 403
