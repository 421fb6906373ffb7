"""The admin Outbox page: filter by state, read a message safely, resend, discard."""

from __future__ import annotations

from sqlalchemy import select, update

from crm.audit.models import AuditEntry
from crm.core.extensions import db
from crm.mail.models import OutboxMessage
from crm.mail.outbox import queue_mail
from tests import factories
from tests.mail.helpers import queue_to_contacts


def _messages(app) -> list[int]:
    with app.app_context():
        ids = queue_to_contacts(3)
        db.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == ids[1]).values(state="sent")
        )
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == ids[2])
            .values(state="failed", attempts=6, last_error="550 5.1.1 No such mailbox")
        )
        db.session.commit()
    return ids


def test_the_list_filters_by_state_and_counts(app, client, login_as, count_queries):
    ids = _messages(app)
    login_as("admin")
    page = client.get("/admin/outbox/").get_data(as_text=True)
    assert all(f"Message {n} to person" in page for n in range(3))
    assert "Queued <span" in page and "Failed <span" in page
    failed = client.get("/admin/outbox/?state=failed").get_data(as_text=True)
    assert "Message 2 to person" in failed and "Message 0 to person" not in failed
    assert f"/admin/outbox/{ids[2]}" in failed
    odd = client.get("/admin/outbox/?state=nonsense")
    # An unknown state is refused with what to do, and the page lists every message.
    assert odd.status_code == 422
    assert "State: Choose one of the options in the list." in odd.get_data(as_text=True)
    assert all(f"Message {n} to person" in odd.get_data(as_text=True) for n in range(3))
    with count_queries() as counter:
        assert client.get("/admin/outbox/").status_code == 200
    # Session and user (2), the count and the page (2), the counts by state (1).
    assert counter["n"] <= 6, counter["statements"]


def test_without_mail_url_the_page_says_messages_become_files(app, client, login_as):
    login_as("admin")
    app.config["MAIL_URL"] = None
    assert ".eml" in client.get("/admin/outbox/").get_data(as_text=True)
    app.config["MAIL_URL"] = "smtp://mail.example.org"
    assert "No mail server is set up" not in client.get("/admin/outbox/").get_data(as_text=True)


def test_a_message_is_read_safely(app, client, login_as):
    with app.app_context():
        admin = factories.user("admin", name="Val Admin")
        contact = factories.contact("Dee", email="dee@example.org")
        message = queue_mail(
            subject="Hello <b>Dee</b>",
            text="Plain <script>alert(1)</script> words",
            html='<p>Rich</p><script>alert(2)</script><img src="https://tracker.example/x.gif">',
            to_contact=contact,
            kind="test",
            actor=admin,
        )
        db.session.commit()
        message_id = message.id
    login_as("admin")
    page = client.get(f"/admin/outbox/{message_id}").get_data(as_text=True)
    assert "Hello &lt;b&gt;Dee&lt;/b&gt;" in page
    assert "Plain &lt;script&gt;alert(1)&lt;/script&gt; words" in page
    assert "<script>alert" not in page
    assert (
        f'<iframe class="outbox-html border rounded bg-white" title="The formatted version of this email" sandbox src="/admin/outbox/{message_id}/html">'
        in page
    )
    assert "caused by Val Admin" in page
    part = client.get(f"/admin/outbox/{message_id}/html")
    policy = part.headers["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy and "img-src data:" in policy
    assert part.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_resend_and_discard_are_audited(app, client, login_as):
    ids = _messages(app)
    admin_id = login_as("admin")
    response = client.post(f"/admin/outbox/{ids[2]}/resend")
    assert response.status_code == 302
    response = client.post(f"/admin/outbox/{ids[0]}/discard")
    assert response.status_code == 302
    with app.app_context():
        resent = db.session.get(OutboxMessage, ids[2])
        assert (resent.state, resent.attempts, resent.last_error) == ("queued", 0, "")
        assert db.session.get(OutboxMessage, ids[0]).state == "discarded"
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == "outbox_messages")
        ).all()
        changes = {(e.entity_id, e.user_id): e.changes["state"] for e in entries}
        assert changes[(ids[2], admin_id)] == ["failed", "queued"]
        assert changes[(ids[0], admin_id)] == ["queued", "discarded"]


def test_a_sent_message_sent_again_is_a_new_message(app, client, login_as):
    ids = _messages(app)
    login_as("admin")
    with app.app_context():
        before = db.session.get(OutboxMessage, ids[1]).message_id
    client.post(f"/admin/outbox/{ids[1]}/resend")
    with app.app_context():
        after = db.session.get(OutboxMessage, ids[1])
        assert after.state == "queued" and after.message_id != before


def test_actions_that_do_not_apply_say_why(app, client, login_as):
    ids = _messages(app)
    login_as("admin")
    response = client.post(f"/admin/outbox/{ids[0]}/resend", follow_redirects=True)
    assert "already queued" in response.get_data(as_text=True)
    response = client.post(f"/admin/outbox/{ids[1]}/discard", follow_redirects=True)
    assert "Only queued or failed messages can be discarded" in response.get_data(as_text=True)
    assert client.get("/admin/outbox/999999").status_code == 404


def test_only_admins_see_the_outbox(app, client, login_as):
    _messages(app)
    login_as("editor")
    assert client.get("/admin/outbox/").status_code == 403
