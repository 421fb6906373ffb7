"""Log an email by dropping it: the demo's exchange with two partners, in two clicks."""

from __future__ import annotations

import io
from datetime import date, time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from crm.auth.models import User
from crm.contacts.models import Contact
from crm.conversations.models import Conversation, ConversationContact
from crm.core.extensions import db
from crm.demo.loader import load_demo
from crm.organisations.models import Organisation
from tests.walk import sign_in

FIXTURES = Path(__file__).resolve().parents[1] / "mail" / "fixtures"
DEMO_DAY = date(2026, 12, 7)


@pytest.fixture
def demo(app):
    """The demo as loaded on Mon 7 Dec 2026; ids of Alex, Gwenllian, Siobhán and Riverside."""
    with app.app_context():
        load_demo(DEMO_DAY)
        db.session.commit()

        def contact(name):
            return db.session.scalar(select(Contact.id).where(Contact.name == name))

        return {
            "alex": db.session.scalar(select(User.id).where(User.name == "Alex Morgan")),
            "ruth": db.session.scalar(select(User.id).where(User.name == "Ruth Evans")),
            "gwen": contact("Gwenllian ap Rhys"),
            "siobhan": contact("Siobhán Ó Súilleabháin"),
            "riverside": db.session.scalar(
                select(Organisation.id).where(Organisation.name == "Riverside Peer Support Network")
            ),
        }


class FormFields(HTMLParser):
    """What a browser would send from the log form (the one posting to /conversations/new)."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.inside = False
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == "/conversations/new"
        if not self.inside or not a.get("name"):
            if tag == "option" and self.inside and self.select and "selected" in a:
                self.fields.append((self.select, a.get("value", "")))
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "search", "file"):
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self.textarea = a["name"]
            self.fields.append((a["name"], ""))
        elif tag == "select" and "multiple" not in a:
            self.select = a["name"]

    def handle_data(self, data):
        if self.textarea:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "textarea":
            # Browsers drop the newline that follows <textarea>.
            name, value = self.fields[-1]
            self.fields[-1] = (name, value.removeprefix("\r\n").removeprefix("\n"))
            self.textarea = None
        if tag == "select":
            self.select = None
        if tag == "form":
            self.inside = False


def _drop(client, name: str, **extra):
    data = {"email_file": (io.BytesIO((FIXTURES / name).read_bytes()), name), **extra}
    return client.post("/conversations/from-email", data=data, content_type="multipart/form-data")


def _fields(html: str) -> list[tuple[str, str]]:
    parser = FormFields()
    parser.feed(html)
    return parser.fields


@pytest.mark.parametrize("name", ["exchange.eml", "exchange.msg"])
def test_a_dropped_email_becomes_a_conversation_with_both_people(app, client, demo, name):
    with app.app_context():
        sign_in(client, demo["alex"])
    dropped = _drop(client, name)  # the drop
    assert dropped.status_code == 200
    page = dropped.get_data(as_text=True)
    assert "Filled in from the email" in page and "attachment was not kept" in page
    assert "People found by their email address: Gwenllian ap Rhys, Siobhán Ó Súilleabháin" in page
    # The one unknown address, with a link that adds her to Riverside.
    assert "Ffion Hughes (ffion.hughes@riverside-peers.example.org)" in page
    assert (
        "/contacts/new?name=Ffion+Hughes&amp;email=ffion.hughes@riverside-peers.example.org"
        f"&amp;organisation={demo['riverside']}" in page
    )
    fields = _fields(page)
    values = dict(fields)
    assert values["occurred_on"] == "04/12/2026"
    assert values["occurred_at"] == "14:37"
    assert values["channel"] == "email" and values["outcome"] == "reached"
    assert values["summary"].startswith("Email: Re: Social prescribing action plan")
    chosen = sorted(int(v) for k, v in fields if k == "contact_ids")
    assert chosen == sorted([demo["gwen"], demo["siobhan"]])
    saved = client.post("/conversations/new", data=MultiDict(fields))  # the one click: Save
    assert saved.status_code == 302
    with app.app_context():
        conversation = db.session.scalars(
            select(Conversation).order_by(Conversation.id.desc())
        ).first()
        assert conversation.channel == "email" and conversation.outcome == "reached"
        assert (conversation.occurred_on, conversation.occurred_at) == (
            date(2026, 12, 4),
            time(14, 37),
        )
        people = db.session.scalars(
            select(ConversationContact.contact_id).where(
                ConversationContact.conversation_id == conversation.id
            )
        ).all()
        assert sorted(people) == chosen
        assert "We like one referral route" in conversation.summary
        assert conversation.logged_by_id == demo["alex"]


def test_dropped_from_an_organisation_page_it_keeps_the_organisation(app, client, demo):
    with app.app_context():
        sign_in(client, demo["alex"])
    with app.app_context():
        db_org = db.session.scalar(
            select(Organisation.id).where(Organisation.name == "Hillview Wellbeing Café")
        )
    page = _drop(
        client, "exchange.eml", origin=f"organisation:{db_org}", next=f"/organisations/{db_org}"
    ).get_data(as_text=True)
    fields = _fields(page)
    assert ("organisation_ids", str(db_org)) in fields
    assert ("next", f"/organisations/{db_org}") in fields


def test_the_organisation_page_offers_it(app, client, demo):
    with app.app_context():
        sign_in(client, demo["alex"])
    page = client.get(f"/organisations/{demo['riverside']}").get_data(as_text=True)
    assert "Log an email from a file" in page
    assert f'name="origin" value="organisation:{demo["riverside"]}"' in page
    assert 'enctype="multipart/form-data"' in page and 'accept=".eml,.msg' in page


@pytest.mark.parametrize(
    ("data", "name", "status", "words"),
    [
        (b"Organisation,Email\nRiverside,a@b.org\n", "partners.csv", 422, "not an email"),
        (b"", "empty.eml", 422, "empty"),
        (None, "rtf-only.msg", 422, "only formatted (RTF) text"),
    ],
)
def test_bad_files_get_a_clear_message_and_nothing_is_written(
    app, client, demo, data, name, status, words
):
    with app.app_context():
        sign_in(client, demo["alex"])
        before = db.session.scalar(select(db.func.count(Conversation.id)))
    content = data if data is not None else (FIXTURES / name).read_bytes()
    response = client.post(
        "/conversations/from-email",
        data={"email_file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert words in page.replace("&#34;", '"').replace("&gt;", ">")
    assert "Log a conversation" in page  # the form is still there to use by hand
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Conversation.id))) == before


def test_a_huge_file_is_refused_with_a_message(app, client, demo):
    app.config["MAIL_FILE_MAX_BYTES"] = 100_000
    with app.app_context():
        sign_in(client, demo["alex"])
    response = client.post(
        "/conversations/from-email",
        data={"email_file": (io.BytesIO(b"x" * 300_000), "huge.eml")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "Save the email without its attachments" in response.get_data(as_text=True)


def test_no_file_chosen(app, client, demo):
    with app.app_context():
        sign_in(client, demo["alex"])
    response = client.post("/conversations/from-email", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose an email file" in response.get_data(as_text=True)


def test_viewers_cannot_log_emails(app, client, demo):
    with app.app_context():
        sign_in(client, demo["ruth"])
    assert _drop(client, "exchange.eml").status_code == 403


def test_add_as_a_contact_brings_name_and_address(app, client, demo):
    with app.app_context():
        sign_in(client, demo["alex"])
    page = client.get(
        f"/contacts/new?name=Ffion+Hughes&email=ffion%40example.org&organisation={demo['riverside']}"
    ).get_data(as_text=True)
    assert 'value="Ffion Hughes"' in page and 'value="ffion@example.org"' in page
    assert '<option selected value="email">' in page or 'value="email" selected' in page
