"""Adding draft versions from the page: each format, pasted text, bad files, download, roles."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from crm.audit.models import AuditEntry
from crm.core.extensions import db
from crm.drafts.models import Draft
from tests import factories
from tests.drafts import files


@pytest.fixture
def proposal_id(app):
    with app.app_context():
        proposal = factories.proposal("Action plan")
        db.session.commit()
        return proposal.id


def _upload(client, proposal_id, data=None, name="plan.docx", pasted="", note=""):
    form = {"pasted": pasted, "note": note}
    if data is not None:
        form["file"] = (io.BytesIO(data), name)
    return client.post(
        f"/proposals/{proposal_id}/drafts/new", data=form, content_type="multipart/form-data"
    )


def _drafts(app) -> list[Draft]:
    with app.app_context():
        drafts = list(db.session.scalars(select(Draft).order_by(Draft.number)))
        for draft in drafts:
            _ = draft.content  # load the deferred bytes before the session closes
        return drafts


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("plan.docx", files.docx(["Riverside Peer Support Network will co-produce it."])),
        ("plan.odt", files.odt(["Riverside Peer Support Network will co-produce it."])),
        ("plan.pdf", files.pdf([["Riverside Peer Support Network will co-produce it."]])),
        ("plan.txt", b"Riverside Peer Support Network will co-produce it."),
        ("plan.md", b"# Plan\n\nRiverside Peer Support Network will co-produce it."),
    ],
    ids=["docx", "odt", "pdf", "txt", "md"],
)
def test_each_format_becomes_version_1_with_its_text_and_file(
    app, client, login_as, proposal_id, name, data
):
    login_as("editor")
    response = _upload(client, proposal_id, data, name, note="First draft")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert response.headers["Location"].endswith(f"/proposals/{proposal_id}/drafts/1")
    (draft,) = _drafts(app)
    assert draft.number == 1 and draft.source == name.rsplit(".")[1]
    assert "Riverside Peer Support Network will co-produce it." in draft.text
    page = client.get(f"/proposals/{proposal_id}/drafts/1").get_data(as_text=True)
    assert "Draft version 1" in page and "First draft" in page
    download = client.get(f"/proposals/{proposal_id}/drafts/1/download")
    assert download.status_code == 200 and download.data == data
    assert "attachment" in download.headers["Content-Disposition"]
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "drafts"))
        assert entry.action == "create" and entry.changes["number"] == [None, 1]


def test_pasted_text_then_a_second_version(app, client, login_as, proposal_id):
    login_as("editor")
    assert _upload(client, proposal_id, pasted="Version one names Riverside.").status_code == 302
    assert (
        _upload(
            client, proposal_id, pasted="Version two names Northgate.", note="Swapped"
        ).status_code
        == 302
    )
    first, second = _drafts(app)
    assert (first.number, second.number) == (1, 2)
    assert second.source == "pasted" and second.content is None and second.note == "Swapped"
    assert client.get(f"/proposals/{proposal_id}/drafts/2/download").status_code == 404
    page = client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "Version 2" in page and "Latest" in page and "Swapped" in page


@pytest.mark.parametrize(
    ("data", "name", "pasted", "message"),
    [
        (files.zip_bomb_docx(120), "plan.docx", "", "unpacks to far more than a real draft"),
        (files.pdf([["x"]], encrypt="pw"), "plan.pdf", "", "password-protected"),
        (files.pdf([["A PDF really"]]), "plan.docx", "", "it looks like a PDF"),
        (files.pdf([[]]), "scan.pdf", "", "No text was found"),
        (b"hello", "plan.exe", "", "not a file Partnerwise can read"),
        (None, None, "", "Choose the draft&#39;s file, or paste its text below."),
        (b"text", "plan.txt", "and pasted", "Choose a file or paste the text, not both."),
    ],
    ids=["zip-bomb", "encrypted", "pdf-as-docx", "no-text", "exe", "nothing", "both"],
)
def test_bad_uploads_say_why_keep_the_note_and_store_nothing(
    app, client, login_as, proposal_id, data, name, pasted, message
):
    login_as("editor")
    response = _upload(client, proposal_id, data, name, pasted=pasted, note="My note about it")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert "My note about it" in page
    assert _drafts(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_the_same_text_again_is_not_a_new_version(app, client, login_as, proposal_id):
    login_as("editor")
    _upload(client, proposal_id, pasted="Names Riverside.")
    response = _upload(client, proposal_id, b"Names Riverside.", "same.txt")
    assert response.status_code == 422
    assert "same as version 1" in response.get_data(as_text=True)
    assert len(_drafts(app)) == 1


def test_over_the_upload_limit_is_a_clear_413(app, client, login_as, proposal_id):
    login_as("editor")
    response = _upload(client, proposal_id, b"a" * (16 * 1024 * 1024), "big.txt")
    assert response.status_code == 413
    assert _drafts(app) == []


def test_viewers_read_and_download_but_cannot_add(app, client, login_as, proposal_id):
    login_as("editor")
    _upload(client, proposal_id, b"Names Riverside.", "plan.txt")
    client.post("/logout")
    login_as("viewer")
    assert client.get(f"/proposals/{proposal_id}/drafts/1").status_code == 200
    assert client.get(f"/proposals/{proposal_id}/drafts/1/download").status_code == 200
    assert client.get(f"/proposals/{proposal_id}/drafts/new").status_code == 403
    assert _upload(client, proposal_id, pasted="More").status_code == 403
    page = client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "Add a draft version" not in page


def test_missing_versions_and_proposals_are_404(client, login_as, proposal_id):
    login_as("viewer")
    assert client.get(f"/proposals/{proposal_id}/drafts/9").status_code == 404
    assert client.get("/proposals/999/drafts/1").status_code == 404
