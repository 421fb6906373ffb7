"""One text policy: line breaks normalised, control characters never stored, outputs cope."""

from __future__ import annotations

import io
import xml.dom.minidom
from datetime import date

import openpyxl
import pytest
from sqlalchemy import select

from crm.auth.models import User
from crm.conversations.models import Conversation
from crm.core.extensions import db
from crm.core.text import clean_text
from crm.followups.models import FollowUp
from crm.organisations.models import Organisation
from crm.proposals.models import Milestone
from tests import factories

# Every control character class the policy names, and every line break.
NASTY = "A\x00B\x07C\x1bD\x7fE\x9fF"
BREAKS = "one\r\ntwo\rthree\x0bfour\u2028five\x0csix"


def test_clean_text_normalises_breaks_and_removes_controls():
    assert clean_text(BREAKS) == ("one\ntwo\nthree\nfour\nfive\nsix", 0)
    assert clean_text(NASTY) == ("ABCDEF", 5)
    assert clean_text("tab\there", multiline=False) == ("tab here", 0)
    assert clean_text("a\ud800b") == ("ab", 1)  # a lone surrogate cannot be stored as UTF-8


def test_word_line_breaks_in_a_description_are_stored_as_newlines(app, client, login_as):
    login_as("editor")
    response = client.post(
        "/organisations/new",
        data={"name": "Breaks Trust", "kind": "charity", "owner_id": "0", "description": BREAKS},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    with app.app_context():
        saved = db.session.scalar(select(Organisation).where(Organisation.name == "Breaks Trust"))
        assert saved.description == "one\ntwo\nthree\nfour\nfive\nsix"


def test_control_characters_are_refused_with_the_field_named_and_the_text_kept(
    app, client, login_as
):
    login_as("editor")
    response = client.post(
        "/organisations/new",
        data={
            "name": "Null\x00 Trust",
            "kind": "charity",
            "owner_id": "0",
            "description": "Runs\x07 a cafe",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Name had an invisible control character" in page
    assert "What they do had an invisible control character" in page
    assert 'value="Null Trust"' in page  # cleaned text shown again, ready to save
    with app.app_context():
        assert db.session.scalar(select(Organisation)) is None
    response = client.post(
        "/organisations/new",
        data={"name": "Null Trust", "kind": "charity", "owner_id": "0", "description": "x"},
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "path",
    [
        "/organisations/?q=",
        "/contacts/?q=",
        "/conversations/?q=",
        "/proposals/?q=",
        "/follow-ups/?q=",
        "/audit/?entity_type=",
        "/organisations/export.csv?q=",
        "/conversations/pick/contacts?contact_q=",
    ],
)
def test_nul_in_a_search_is_ignored_not_a_500(client, login_as, path):
    login_as("admin")
    response = client.get(path + "Mind%00%0b%07")
    assert response.status_code == 200


def test_nul_in_the_log_in_email_is_a_message_not_a_500(client):
    response = client.post("/login", data={"email": "a\x00@example.org", "password": "x"})
    assert response.status_code in (200, 422)
    assert b"invisible control character" in response.data


@pytest.fixture
def stored_controls(app, users):
    """Records holding what older versions stored: Word's \\x0b and BEL/ESC (SQLite kept NUL too)."""
    bad = "Line\x0bbreak \x07bell \x1bescape \x85next"
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        bad += " \x00nul"
    with app.app_context():
        org = factories.organisation("Org " + bad, description=bad, tags=bad)
        person = factories.contact("Person " + bad, organisation=org, notes=bad, job_title=bad)
        proposal = factories.proposal("Proposal " + bad, summary=bad, decision_body=bad)
        factories.stake(org, proposal, notes=bad, agreement_conditions=bad)
        conversation = factories.conversation([person], summary=bad)
        db.session.add(
            FollowUp(
                description=bad,
                due_on=date(2026, 12, 1),
                owner_id=users["editor"],
                contact_id=person.id,
                conversation_id=conversation.id,
                proposal_id=proposal.id,
            )
        )
        db.session.add(Milestone(proposal_id=proposal.id, name=bad, due_on=date(2027, 1, 5)))
        db.session.get(User, users["editor"]).calendar_token = "tok" * 11
        db.session.commit()
        return {"organisation": org.id, "contact": person.id, "proposal": proposal.id}


def test_every_export_copes_with_stored_control_characters(client, login_as, stored_controls):
    login_as("admin")
    proposal = stored_controls["proposal"]
    for stem in ("organisations", "contacts", "conversations", "proposals", "follow-ups"):
        for fmt in ("xlsx", "csv"):
            response = client.get(f"/{stem}/export.{fmt}")
            assert response.status_code == 200, (stem, fmt)
            if fmt == "xlsx":
                openpyxl.load_workbook(io.BytesIO(response.data))
    for fmt in ("xlsx", "csv"):
        assert client.get(f"/proposals/{proposal}/stakes.{fmt}").status_code == 200


def test_svg_ics_and_pdfs_cope_with_stored_control_characters(client, login_as, stored_controls):
    login_as("admin")
    proposal, org = stored_controls["proposal"], stored_controls["organisation"]
    for path in (f"/proposals/{proposal}/map.svg", f"/organisations/{org}/contacts.svg"):
        response = client.get(path)
        assert response.status_code == 200
        xml.dom.minidom.parseString(response.data)  # well-formed XML
    ics = client.get("/calendar/" + "tok" * 11 + ".ics")
    assert ics.status_code == 200
    assert not any(ch in ics.data for ch in (b"\x00", b"\x07", b"\x0b", b"\x1b"))
    for path in (
        f"/proposals/{proposal}/report.pdf",
        f"/proposals/{proposal}/call-sheet.pdf",
        f"/organisations/{org}/report.pdf",
        "/reports/overview.pdf",
    ):
        assert client.get(path).status_code == 200, path
    contact = stored_controls["contact"]
    assert client.get(f"/privacy/contacts/{contact}/export.pdf").status_code == 200
    assert client.get(f"/privacy/contacts/{contact}/export.json").status_code == 200


def test_pages_show_stored_control_characters_without_a_500(client, login_as, stored_controls):
    login_as("admin")
    ids = stored_controls
    for path in (
        "/",
        "/organisations/",
        f"/organisations/{ids['organisation']}",
        f"/organisations/{ids['organisation']}/edit",
        f"/contacts/{ids['contact']}",
        f"/proposals/{ids['proposal']}",
        f"/proposals/{ids['proposal']}/checklist",
        f"/proposals/{ids['proposal']}/call-sheet",
        "/conversations/",
        "/follow-ups/",
    ):
        assert client.get(path).status_code == 200, path


def test_import_removes_control_characters_with_a_note(app, client, login_as):
    login_as("editor")
    data = "Name,Email,Notes\r\nBel\x07la Jones,bella@example.org,Likes\x0bcalls\r\n"
    response = client.post(
        "/import/",
        data={"kind": "contacts", "file": (io.BytesIO(data.encode()), "c.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    import re

    payload = re.search(
        r'name="payload" type="hidden" value="([^"]+)"', response.get_data(as_text=True)
    )
    form = {"payload": payload.group(1), "kind": "contacts", "filename": "c.csv", "ref": "r1"}
    form.update({"column-0": "name", "column-1": "email", "column-2": "notes"})
    checked = client.post("/import/check", data=form).get_data(as_text=True)
    assert "Name: an invisible control character removed." in checked
    done = client.post("/import/run", data={**form, "mode": "all"})
    assert done.status_code == 200
    with app.app_context():
        from crm.contacts.models import Contact

        person = db.session.scalar(select(Contact))
        assert person.name == "Bella Jones"
        assert person.notes == "Likes\ncalls"
    assert Conversation  # imported for the fixture's records
