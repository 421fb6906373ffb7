"""queue_mail and send-mail against a real SMTP server: headers, parts, who and why."""

from __future__ import annotations

from email.utils import parseaddr, parsedate_to_datetime

import pytest
from sqlalchemy import select

from crm.audit.models import AuditEntry
from crm.core.extensions import db
from crm.mail.delivery import send_due
from crm.mail.models import OutboxMessage
from crm.mail.outbox import queue_mail
from tests import factories


@pytest.fixture
def people(mail_app):
    with mail_app.app_context():
        author = factories.user("editor", name="Alex Morgan", email="alex@example.org")
        org = factories.organisation("Riverside Peer Support Network")
        gwen = factories.contact("Gwenllian ap Rhys", organisation=org, email="gwen@example.org")
        db.session.commit()
        return {"author": author.id, "gwen": gwen.id}


def _queue(app, people, **values):
    from crm.auth.models import User
    from crm.contacts.models import Contact

    with app.app_context():
        author = db.session.get(User, people["author"])
        gwen = db.session.get(Contact, people["gwen"])
        defaults = {
            "subject": "Your view on the action plan",
            "text": "Dear Gwen,\n\nWhat do you think of the plan?\n\nAlex",
            "html": "<p>Dear Gwen,</p><p>What do you think of the plan?</p><p>Alex</p>",
            "to_contact": gwen,
            "kind": "test",
            "about_type": "proposals",
            "about_id": 7,
            "reply_to": author,
            "actor": author,
        }
        defaults.update(values)
        message = queue_mail(**defaults)
        db.session.commit()
        return message.id if message else None


def test_a_queued_message_is_delivered_with_its_headers(mail_app, people, smtp_server):
    message_id = _queue(mail_app, people)
    with mail_app.app_context():
        report = send_due()
        row = db.session.get(OutboxMessage, message_id)
        assert (report.sent, row.state, row.attempts) == (1, "sent", 0)
        assert row.sent_at is not None
        stored_id = row.message_id
    [received] = smtp_server.received
    assert received.mail_from == "bounces@crm.example.org"  # the envelope sender
    assert received.rcpt_tos == ["gwen@example.org"]
    email = received.message
    assert parseaddr(email["From"]) == (
        "Alex Morgan via Partnerwise",
        "partnerwise@crm.example.org",
    )
    assert parseaddr(email["To"]) == ("Gwenllian ap Rhys", "gwen@example.org")
    assert parseaddr(email["Reply-To"]) == ("Alex Morgan", "alex@example.org")
    assert email["Subject"] == "Your view on the action plan"
    assert email["Message-ID"] == stored_id
    assert parsedate_to_datetime(email["Date"]).tzinfo is not None
    assert email["Auto-Submitted"] is None  # a person sent it
    assert email["List-Unsubscribe"] is None
    text = email.get_body(("plain",)).get_content()
    html = email.get_body(("html",)).get_content()
    assert text.startswith("Dear Gwen,\n\nWhat do you think of the plan?")
    # Who sent it and why, in both parts.
    assert "Sent by Partnerwise for Alex Morgan (test message)." in text
    assert "Reply to this email to reach Alex Morgan." in text
    assert '<html lang="en-GB">' in html and "<title>Your view on the action plan</title>" in html
    assert "<p>What do you think of the plan?</p>" in html
    assert "Sent by Partnerwise for Alex Morgan" in html


def test_queueing_is_audited_without_the_words(mail_app, people):
    message_id = _queue(mail_app, people)
    with mail_app.app_context():
        entry = db.session.scalar(
            select(AuditEntry).where(
                AuditEntry.entity_type == "outbox_messages", AuditEntry.entity_id == message_id
            )
        )
        assert entry.user_id == people["author"]
        assert entry.changes["to_contact_id"] == [None, people["gwen"]]
        assert "Gwen" not in str(entry.changes) + entry.summary


def test_automatic_mail_says_so(mail_app, people, smtp_server):
    _queue(mail_app, people, actor=None, reply_to=None, automatic=True)
    with mail_app.app_context():
        send_due()
    email = smtp_server.received[0].message
    assert email["Auto-Submitted"] == "auto-generated"
    assert parseaddr(email["From"])[0] == "Partnerwise"
    assert email["Reply-To"] is None
    assert "Sent automatically by Partnerwise" in email.get_body(("plain",)).get_content()


def test_text_only_mail_gets_an_html_part_that_escapes_it(mail_app, people, smtp_server):
    _queue(mail_app, people, html=None, text="Is 3 < 4 & <script>alert(1)</script>?\nYes.")
    with mail_app.app_context():
        send_due()
    html = smtp_server.received[0].message.get_body(("html",)).get_content()
    assert "<script>" not in html
    assert "3 &lt; 4 &amp; &lt;script&gt;" in html
    assert "<br>Yes." in html


@pytest.mark.parametrize(
    "change",
    [
        {"do_not_contact": True},
        {"archived": True},
        {"email": ""},
        {"email": "not an address"},
    ],
)
def test_people_who_cannot_be_mailed_get_nothing(mail_app, people, change):
    from crm.contacts.models import Contact

    with mail_app.app_context():
        gwen = db.session.get(Contact, people["gwen"])
        for key, value in change.items():
            setattr(gwen, key, value)
        db.session.commit()
    assert _queue(mail_app, people) is None
    with mail_app.app_context():
        assert db.session.scalar(select(OutboxMessage.id)) is None


def test_an_erased_contact_gets_nothing(mail_app, people):
    from crm.contacts.models import Contact
    from crm.privacy.services import erase_contact

    with mail_app.app_context():
        gwen = db.session.get(Contact, people["gwen"])
        erase_contact(gwen, None)
        assert queue_mail(subject="Hi", text="Hi", to_contact=gwen, kind="test") is None


def test_exactly_one_recipient_and_a_known_kind(mail_app, people):
    from crm.auth.models import User
    from crm.contacts.models import Contact

    with mail_app.app_context():
        author = db.session.get(User, people["author"])
        gwen = db.session.get(Contact, people["gwen"])
        with pytest.raises(ValueError, match="exactly one"):
            queue_mail(subject="x", text="x", kind="test")
        with pytest.raises(ValueError, match="exactly one"):
            queue_mail(subject="x", text="x", to_user=author, to_contact=gwen, kind="test")
        with pytest.raises(ValueError, match="unknown kind"):
            queue_mail(subject="x", text="x", to_user=author, kind="newsletter")


def test_inactive_users_get_nothing(mail_app, people):
    from crm.auth.models import User

    with mail_app.app_context():
        author = db.session.get(User, people["author"])
        author.active = False
        assert queue_mail(subject="x", text="x", to_user=author, kind="test") is None


def test_without_mail_url_messages_are_written_as_eml_files(app, tmp_path, runner):
    from email import policy
    from email.parser import BytesParser

    app.config.update(MAIL_URL=None, MAIL_FILE_DIR=str(tmp_path / "mail"))
    with app.app_context():
        user = factories.user("viewer", name="Ruth Evans", email="ruth@example.org")
        queue_mail(subject="Hello Ruth", text="Plain words.", to_user=user, kind="test")
        db.session.commit()
    result = runner.invoke(args=["crm", "send-mail"])
    assert result.exit_code == 0, result.output
    assert "Sent 1;" in result.output
    [path] = (tmp_path / "mail").glob("*.eml")
    email = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert email["To"] == "Ruth Evans <ruth@example.org>"
    assert email.get_body(("plain",)).get_content().startswith("Plain words.")
    again = runner.invoke(args=["crm", "send-mail"])
    assert "Sent 0;" in again.output
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 1


def test_requests_only_queue(mail_app, people, smtp_server, tmp_path):
    """Queueing inside a request writes a row and touches neither server nor disk."""
    _queue(mail_app, people)
    assert smtp_server.received == []
    assert not (tmp_path / "mail").exists()


def test_welsh_and_irish_names_and_subjects_survive_the_trip(mail_app, smtp_server):
    with mail_app.app_context():
        author = factories.user("editor", name="Siân Ó Súilleabháin", email="sian@example.org")
        person = factories.contact("Gwenllian ap Rhŷs", email="gwen@example.org")
        queue_mail(
            subject="Diolch: ŵyn, café and “quotes”",
            text="Llongyfarchiadau, Gwenllian!",
            to_contact=person,
            kind="test",
            actor=author,
            reply_to=author,
        )
        db.session.commit()
        send_due()
    email = smtp_server.received[0].message
    assert email["Subject"] == "Diolch: ŵyn, café and “quotes”"
    assert parseaddr(email["To"]) == ("Gwenllian ap Rhŷs", "gwen@example.org")
    assert parseaddr(email["From"])[0] == "Siân Ó Súilleabháin via Partnerwise"
    assert parseaddr(email["Reply-To"]) == ("Siân Ó Súilleabháin", "sian@example.org")
    assert email.get_body(("plain",)).get_content().startswith("Llongyfarchiadau, Gwenllian!")
