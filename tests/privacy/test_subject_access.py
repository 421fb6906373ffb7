"""Subject access export: everything held about one contact, as JSON and PDF."""

from __future__ import annotations

import io
import json

from pypdf import PdfReader

from crm.contacts.models import Contact
from crm.conversations.models import Conversation
from crm.followups.models import FollowUp
from crm.proposals.models import Stake
from tests.privacy.conftest import MARK
from tests.walk import sign_in


def _admin(app, client, subject):
    with app.app_context():
        sign_in(client, subject["admin"])


def test_json_export_holds_everything_about_them(app, client, subject):
    _admin(app, client, subject)
    response = client.get(f"/privacy/contacts/{subject['contact']}/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    # Every column of the contact, and of each linked record, whatever is added later.
    assert set(data["contact"]) == {c.key for c in Contact.__mapper__.column_attrs}
    assert data["contact"]["email"] == MARK["email"]
    assert data["contact"]["consent_date"] == "2025-05-01"
    assert data["organisation"]["name"] == "Marker Community Group"
    assert len(data["conversations"]) == 2
    columns = {c.key for c in Conversation.__mapper__.column_attrs}
    assert columns <= set(data["conversations"][0])
    assert {c.key for c in FollowUp.__mapper__.column_attrs} <= set(data["follow_ups"][0])
    assert {c.key for c in Stake.__mapper__.column_attrs} <= set(data["stakes_as_key_contact"][0])
    assert data["stakes_as_key_contact"][0]["proposal"] == "Peer support proposal"
    assert data["audit_log"][0]["action"] == "create"
    assert "email" in data["audit_log"][0]["fields_changed"]


def test_export_leaves_out_other_people(app, client, subject):
    _admin(app, client, subject)
    data = json.loads(client.get(f"/privacy/contacts/{subject['contact']}/export.json").data)
    assert "Bystander Person" not in json.dumps(data["contact"])
    assert all("participants" not in c for c in data["conversations"])


def test_pdf_export_renders_every_letter(app, client, subject):
    _admin(app, client, subject)
    response = client.get(f"/privacy/contacts/{subject['contact']}/export.pdf")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Gwenllian Ŵyn-Marker" in text
    assert "Notes-marker-81723 <b>&amp; friends" in text  # user text escaped, not markup
    assert "Conversation 2" in text
    assert "Page 1" in text


def test_export_of_a_missing_contact_is_404(app, client, subject):
    _admin(app, client, subject)
    assert client.get("/privacy/contacts/99999/export.json").status_code == 404


def test_export_is_for_admins(client, login_as, subject):
    login_as("editor")
    assert client.get(f"/privacy/contacts/{subject['contact']}/export.pdf").status_code == 403


def test_contact_page_offers_export_and_erase_to_admins_only(app, client, subject, login_as):
    login_as("editor")
    page = client.get(f"/contacts/{subject['contact']}").get_data(as_text=True)
    assert "Subject access export" not in page
    _admin(app, client, subject)
    page = client.get(f"/contacts/{subject['contact']}").get_data(as_text=True)
    assert "Subject access export (PDF)" in page and "Erase this person" in page
