"""Delivery faults against a real SMTP server: down, one recipient refused, retries, claims."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from crm.core.db import utcnow
from crm.core.extensions import db
from crm.mail.delivery import backoff, claim, send_due
from crm.mail.models import OutboxMessage
from crm.mail.transports import SmtpSettings
from tests.mail.helpers import queue_to_contacts


def _states(app) -> dict[int, tuple[str, int]]:
    with app.app_context():
        return {m.id: (m.state, m.attempts) for m in db.session.scalars(select(OutboxMessage))}


def test_backoff_doubles_up_to_six_hours():
    assert [backoff(n, 60).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff(30, 60) == timedelta(hours=6)


def test_mail_url_forms():
    plain = SmtpSettings.from_url("smtp://mail.example.org")
    assert (plain.host, plain.port, plain.tls, plain.starttls, plain.username) == (
        "mail.example.org",
        25,
        False,
        False,
        None,
    )
    submission = SmtpSettings.from_url("smtp://me%40x.org:p%3Ass@mail.example.org?starttls=1")
    assert (submission.port, submission.starttls, submission.username, submission.password) == (
        587,
        True,
        "me@x.org",
        "p:ss",
    )
    tls = SmtpSettings.from_url("smtps://u:p@mail.example.org:2465?timeout=5")
    assert (tls.port, tls.tls, tls.starttls, tls.timeout) == (2465, True, False, 5.0)
    for bad in ("http://mail.example.org", "smtp://"):
        try:
            SmtpSettings.from_url(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad} accepted")


def test_server_down_keeps_everything_queued_until_it_returns(mail_app, smtp_server):
    with mail_app.app_context():
        ids = queue_to_contacts(3)
    smtp_server.stop()
    with mail_app.app_context():
        report = send_due()
    assert report.sent == 0 and "cannot reach the mail server" in report.problem
    states = _states(mail_app)
    assert all(states[i] == ("queued", 0) for i in ids)  # not the messages' fault: no try used
    with mail_app.app_context():
        row = db.session.get(OutboxMessage, ids[0])
        assert row.lease_until is None and "cannot reach" in row.last_error
    smtp_server.start()
    with mail_app.app_context():
        assert send_due().sent == 3
    assert sorted(r.rcpt_tos[0] for r in smtp_server.received) == [
        "person0@example.org",
        "person1@example.org",
        "person2@example.org",
    ]
    assert all(state == "sent" for state, _tries in _states(mail_app).values())


def test_send_mail_command_fails_loudly_when_the_server_is_down(mail_app, smtp_server):
    with mail_app.app_context():
        queue_to_contacts(1)
    smtp_server.stop()
    result = mail_app.test_cli_runner().invoke(args=["crm", "send-mail"])
    assert result.exit_code == 1
    assert "Could not use the mail server" in result.output
    assert "stay queued" in result.output


def test_one_refused_recipient_does_not_hold_up_the_rest(mail_app, smtp_server):
    with mail_app.app_context():
        ids = queue_to_contacts(3)
    smtp_server.handler.refused["person1@example.org"] = "550 5.1.1 No such mailbox"
    with mail_app.app_context():
        report = send_due()
    assert (report.sent, report.failed) == (2, 1)
    states = _states(mail_app)
    assert states[ids[1]] == ("failed", 1)  # a permanent refusal: failed at once
    with mail_app.app_context():
        assert "550 5.1.1 No such mailbox" in db.session.get(OutboxMessage, ids[1]).last_error
    assert len(smtp_server.received) == 2


def test_a_temporary_refusal_is_retried_with_backoff_then_failed(mail_app, smtp_server):
    mail_app.config["MAIL_MAX_ATTEMPTS"] = 3
    with mail_app.app_context():
        [message_id] = queue_to_contacts(1)
    smtp_server.handler.refused["person0@example.org"] = "451 4.3.0 Try again later"
    waits = []
    for attempt in (1, 2, 3):
        with mail_app.app_context():
            before = utcnow()
            send_due()
            row = db.session.get(OutboxMessage, message_id)
            waits.append(round((row.next_attempt_at - before).total_seconds() / 60))
            assert row.attempts == attempt
            # Make it due again, as time passing would.
            db.session.execute(
                update(OutboxMessage).values(next_attempt_at=utcnow() - timedelta(seconds=1))
            )
            db.session.commit()
    assert waits[:2] == [1, 2]  # one minute, then two
    assert _states(mail_app)[message_id] == ("failed", 3)
    # Failed messages are not tried again by send-mail; an admin resends them.
    with mail_app.app_context():
        assert send_due().sent == 0
    assert smtp_server.received == []


def test_a_claim_is_held_until_its_lease_runs_out(mail_app):
    with mail_app.app_context():
        ids = queue_to_contacts(4)
        first = claim("first", 3, lease_seconds=300)
        second = claim("second", 3, lease_seconds=300)
        assert first == ids[:3] and second == ids[3:]
        assert claim("third", 10, 300) == []
        # The first sender died: once its lease has run out, another run takes its claim.
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.claimed_by == "first")
            .values(lease_until=utcnow() - timedelta(seconds=1))
        )
        db.session.commit()
        assert claim("third", 10, 300) == ids[:3]


def test_a_discarded_message_is_not_sent_even_if_claimed(mail_app, smtp_server):
    with mail_app.app_context():
        ids = queue_to_contacts(2)
        db.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == ids[0]).values(state="discarded")
        )
        db.session.commit()
        assert send_due().sent == 1
    assert [r.rcpt_tos for r in smtp_server.received] == [["person1@example.org"]]


def test_limit_sends_at_most_that_many(mail_app, smtp_server):
    with mail_app.app_context():
        queue_to_contacts(5)
        assert send_due(limit=2).sent == 2
        assert send_due().sent == 3
    assert len(smtp_server.received) == 5


def test_people_who_stopped_being_mailable_after_queuing_are_not_mailed(mail_app, smtp_server):
    from crm.auth.models import User
    from crm.contacts.models import Contact
    from crm.mail.outbox import queue_mail
    from tests import factories

    with mail_app.app_context():
        ids = queue_to_contacts(3)
        user = factories.user("viewer", email="leaver@example.org")
        left = queue_mail(subject="Hello", text="Hi", to_user=user, kind="test").id
        db.session.commit()
        rows = {m.id: m for m in db.session.scalars(select(OutboxMessage))}
        db.session.get(Contact, rows[ids[0]].to_contact_id).do_not_contact = True
        db.session.get(Contact, rows[ids[1]].to_contact_id).archived = True
        db.session.get(User, user.id).active = False
        db.session.commit()
        report = send_due()
        assert (report.sent, report.discarded) == (1, 3)
        assert db.session.get(OutboxMessage, ids[0]).last_error == (
            "Not sent: the contact asked not to be contacted."
        )
        assert db.session.get(OutboxMessage, left).state == "discarded"
    assert [r.rcpt_tos for r in smtp_server.received] == [["person2@example.org"]]
