"""Exports of the conversations, proposals and follow-ups lists and a proposal's stakes."""

from datetime import date
from io import BytesIO

import openpyxl
import pytest
from sqlalchemy import select

from crm.conversations.models import Conversation
from crm.core.extensions import db
from crm.demo import story
from crm.demo.loader import load_demo
from crm.followups.models import FollowUp
from crm.proposals.models import Proposal
from tests import factories

EVIL = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def world(app, users):
    with app.app_context():
        load_demo(today=date(2026, 11, 28))
        org = factories.organisation(EVIL)
        person = factories.contact("-2+3 Person", organisation=org)
        factories.conversation(contacts=[person], summary="@SUM(A1)", channel="email")
        proposal = db.session.scalar(select(Proposal).where(Proposal.title == story.TITLE))
        factories.stake(org, proposal, agreement_conditions="+1 condition")
        db.session.add(FollowUp(description=EVIL, owner_id=users["viewer"]))
        db.session.commit()
        return {"proposal": proposal.id}


def _sheet(data: bytes):
    return openpyxl.load_workbook(BytesIO(data)).active


def _no_formulas(sheet) -> None:
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            assert not (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "@")))


def test_every_list_exports_as_xlsx_without_formulas(client, login_as, world):
    login_as("viewer")
    for path in (
        "/conversations/export.xlsx",
        "/proposals/export.xlsx",
        f"/proposals/{world['proposal']}/stakes.xlsx",
        "/follow-ups/export.xlsx",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        _no_formulas(_sheet(response.data))


def test_conversation_export_follows_the_page_filters(app, client, login_as, world):
    login_as("viewer")
    with app.app_context():
        emails = db.session.scalar(
            select(db.func.count(Conversation.id)).where(
                Conversation.channel == "email", Conversation.deleted_at.is_(None)
            )
        )
    sheet = _sheet(client.get("/conversations/export.xlsx?channel=email").data)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "Channel"
    assert len(rows) - 1 == emails
    assert {row[2] for row in rows[1:]} == {"Email"}
    assert "'@SUM(A1)" in [row[7] for row in rows[1:]]


def test_stakes_csv_lists_every_stake_with_its_state(app, client, login_as, world):
    login_as("viewer")
    text = client.get(f"/proposals/{world['proposal']}/stakes.csv").data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Organisation,Role,Engagement level")
    assert "Siân Llŷr" in text
    assert "'+1 condition" in text
    with app.app_context():
        proposal = db.session.get(Proposal, world["proposal"])
        from crm.proposals.queries import stake_rows

        count = len(stake_rows(proposal))
    assert len(text.strip().splitlines()) == count + 1


def test_follow_ups_export_is_the_page_list(client, login_as, world):
    login_as("viewer")
    mine = client.get("/follow-ups/export.csv?who=mine").data.decode("utf-8-sig")
    assert "'=HYPERLINK" in mine
    assert len(mine.strip().splitlines()) == 2  # header + the one the viewer owns


def test_buttons_and_404s(client, login_as, world):
    login_as("viewer")
    assert "/conversations/export.csv" in client.get("/conversations/").get_data(as_text=True)
    assert "/proposals/export.xlsx" in client.get("/proposals/").get_data(as_text=True)
    assert "/follow-ups/export.csv?who=mine" in client.get("/follow-ups/").get_data(as_text=True)
    page = client.get(f"/proposals/{world['proposal']}").get_data(as_text=True)
    assert f"/proposals/{world['proposal']}/stakes.csv" in page
    assert client.get("/proposals/export.pdf").status_code == 404
    assert client.get("/proposals/999999/stakes.csv").status_code == 404


def test_a_list_export_refuses_filters_its_page_refuses(client, login_as, world):
    login_as("viewer")
    for path, message in [
        ("/conversations/export.csv?channel=fax", "How: Choose one of the options in the list."),
        ("/conversations/export.csv?date_from=soon", "From: “soon” is not a date we recognise"),
        ("/follow-ups/export.xlsx?show=later", "Show: Choose one of the options in the list."),
        ("/organisations/export.csv?owner=abc", "Owner: Choose from the list."),
    ]:
        response = client.get(path)
        assert response.status_code == 422, path
        assert message in response.get_data(as_text=True), path
        assert (
            client.get(path.replace("export.csv", "").replace("export.xlsx", "")).status_code == 422
        )
