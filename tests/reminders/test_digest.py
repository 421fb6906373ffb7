"""The daily digest: on the demo, once a day, opt-out, unsubscribe, pluggable sections."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from crm.auth.models import User
from crm.core.extensions import db
from crm.followups.models import FollowUp
from crm.followups.services import create_follow_up
from crm.mail.digest import DigestItem, DigestSection, digest_section, unregister
from crm.mail.models import OutboxMessage
from crm.reminders.models import DigestRun
from crm.reminders.services import send_reminders, unsubscribe_token
from tests import factories

DEMO_DAY = date(2026, 12, 7)  # a Monday: the demo's consult-by is Fri 11 Dec, 4 working days


@pytest.fixture
def demo(mail_app):
    from crm.demo.loader import load_demo

    with mail_app.app_context():
        load_demo(DEMO_DAY)
        db.session.commit()
        return {
            name.split()[0].lower(): db.session.scalar(select(User.id).where(User.name == name))
            for name in ("Alex Morgan", "Valerie Shah", "Mal Hughes", "Ruth Evans")
        }


def _run(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["crm", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_demo_digest_names_the_proposal_its_date_and_whom_to_call(mail_app, demo, smtp_server):
    first = _run(mail_app, "send-reminders", "--today", "2026-12-07")
    assert "Queued 1 digest;" in first  # only Alex has a consult-by date this week
    assert "Sent 1;" in _run(mail_app, "send-mail")
    # Running both again sends nothing new.
    assert "Queued 0 digests;" in _run(mail_app, "send-reminders", "--today", "2026-12-07")
    assert "Sent 0;" in _run(mail_app, "send-mail")
    [received] = smtp_server.received
    assert received.rcpt_tos == ["alex.morgan@demo.example.org"]
    email = received.message
    assert email["Subject"] == "Your Partnerwise digest for Mon 7 Dec 2026"
    assert email["Auto-Submitted"] == "auto-generated"
    unsubscribe = email["List-Unsubscribe"].strip()
    assert re.fullmatch(r"<https://crm\.example\.org/reminders/stop/[\w.-]+>", unsubscribe)
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = email.get_body(("plain",)).get_content()
    assert (
        "Social prescribing and peer support: action plan: consult partners by Fri 11 Dec 2026"
        in text
    )
    assert "(4 working days left)" in text
    # The partners still to call, with the person and the number.
    assert (
        "Hillview Wellbeing Café: Dermot Kavanagh, 07700 900126 (prefers in person); not yet"
        in text
    )
    assert "Northgate Social Prescribing: Siobhán Ó Súilleabháin, 07700 900125" in text
    assert "Riverside Peer Support Network:" not in text  # consulted already
    assert re.search(r"Open the checklist: https://crm\.example\.org/proposals/\d+/checklist", text)
    assert "Follow-ups due" in text
    html = email.get_body(("html",)).get_content()
    assert '<html lang="en-GB">' in html and "<h1" in html and "<h2" in html
    assert "Hillview Wellbeing Café: Dermot Kavanagh" in html


def test_a_digest_on_another_day_is_a_new_one(mail_app, demo, smtp_server):
    _run(mail_app, "send-reminders", "--today", "2026-12-07")
    assert "Queued 1 digest;" in _run(mail_app, "send-reminders", "--today", "2026-12-08")
    with mail_app.app_context():
        days = db.session.scalars(select(DigestRun.day).order_by(DigestRun.day)).all()
        assert days == [date(2026, 12, 7), date(2026, 12, 8)]


def test_nothing_to_say_means_no_mail(mail_app, demo):
    # In the summer, the Christmas deadline is far away and the follow-ups are not due.
    with mail_app.app_context():
        db.session.execute(db.delete(FollowUp))
        db.session.commit()
    assert "Queued 0 digests; 4 with nothing to say" in _run(
        mail_app, "send-reminders", "--today", "2026-12-01"
    )
    with mail_app.app_context():
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
        assert db.session.scalar(select(func.count(DigestRun.id))) == 0


def test_a_user_who_opted_out_gets_none(mail_app, demo):
    with mail_app.app_context():
        db.session.get(User, demo["alex"]).email_digest = False
        db.session.commit()
    assert "Queued 0 digests;" in _run(mail_app, "send-reminders", "--today", "2026-12-07")


def test_follow_ups_due_today_or_overdue_are_listed(mail_app):
    with mail_app.app_context():
        owner = factories.user("editor", name="Mal Hughes")
        org = factories.organisation("Canolfan Gymraeg")
        for description, due in (
            ("Send the minutes", date(2026, 12, 1)),
            ("Ring back", date(2026, 12, 7)),
            ("Not yet due", date(2026, 12, 8)),
        ):
            create_follow_up(
                {
                    "description": description,
                    "due_on": due,
                    "owner_id": owner.id,
                    "organisation_id": org.id,
                },
                owner,
            )
        done = create_follow_up(
            {"description": "Already done", "due_on": date(2026, 11, 1), "owner_id": owner.id},
            owner,
        )
        done.done = True
        db.session.commit()
        report = send_reminders(date(2026, 12, 7))
        assert report.queued == 1
        text = db.session.scalar(select(OutboxMessage.text_body))
    assert "Overdue since Tue 1 Dec 2026: Send the minutes" in text
    assert "Due today: Ring back" in text
    assert "About: Canolfan Gymraeg" in text
    assert "Not yet due" not in text and "Already done" not in text


def test_a_provider_section_appears_in_the_digest(mail_app):
    """How co-production adds "written responses received" (crm/mail/digest.py)."""
    with mail_app.app_context():
        author = factories.user("editor", name="Alex Morgan")
        factories.user("editor", name="Someone Else")
        db.session.commit()
        seen = {}

        @digest_section(order=30)
        def written_responses(request):
            seen.update(request.since)
            return {
                author.id: DigestSection(
                    "Written responses received",
                    [
                        DigestItem(
                            "Riverside answered: agree with conditions",
                            url=request.link("main.dashboard"),
                        )
                    ],
                )
            }

        try:
            report = send_reminders(date(2026, 12, 7))
            again = send_reminders(date(2026, 12, 8))
        finally:
            unregister(written_responses)
        assert (report.queued, report.nothing_to_say) == (1, 1)
        messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert [m.to_user_id for m in messages] == [author.id, author.id]
        assert "Written responses received" in messages[0].text_body
        assert "Riverside answered: agree with conditions" in messages[0].html_body
        assert "https://crm.example.org/" in messages[0].text_body
        assert again.queued == 1
        # The second run told the provider when this user's last digest went.
        assert seen[author.id] is not None


def test_building_digests_takes_the_same_statements_for_many_users(mail_app, count_queries):
    def run(day):
        with count_queries() as counter, mail_app.app_context():
            send_reminders(day)
        return counter["n"]

    with mail_app.app_context():
        for n in range(3):
            owner = factories.user("editor")
            create_follow_up(
                {"description": f"Task {n}", "due_on": date(2026, 12, 1), "owner_id": owner.id},
                owner,
            )
        db.session.commit()
    few = run(date(2026, 12, 7))
    with mail_app.app_context():
        for n in range(30):
            owner = factories.user("editor")
            create_follow_up(
                {"description": f"Task {n}", "due_on": date(2026, 12, 1), "owner_id": owner.id},
                owner,
            )
        db.session.commit()
    many = run(date(2026, 12, 8))
    # Reading is a fixed number of statements; queuing is a few per digest.
    assert many - few <= (33 - 3) * 6, (few, many)


def test_account_page_turns_the_digest_off_and_on(app, client, login_as):
    user_id = login_as("viewer")
    page = client.get("/account")
    assert page.status_code == 200 and "Email me a daily digest" in page.get_data(as_text=True)
    # Unticked (a browser always sends the form token, so the form is never empty).
    assert client.post("/account", data={"csrf_token": "t"}).status_code == 302
    with app.app_context():
        assert db.session.get(User, user_id).email_digest is False
    client.post("/account", data={"email_digest": "y"})
    with app.app_context():
        assert db.session.get(User, user_id).email_digest is True


def test_the_unsubscribe_link_works_without_logging_in(app, client, users):
    with app.app_context():
        token = unsubscribe_token(users["editor"])
    page = client.get(f"/reminders/stop/{token}")
    assert page.status_code == 200 and "Stop the daily digest" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, users["editor"]).email_digest is True  # a GET changes nothing
    # One click from a mail program (RFC 8058): no session, no form token.
    done = client.post(f"/reminders/stop/{token}", data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "is off" in done.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, users["editor"]).email_digest is False
    assert client.get("/reminders/stop/not-a-real-token").status_code == 404
    # A token signed with another key (or for another purpose) is refused.
    from itsdangerous import URLSafeSerializer

    forged = URLSafeSerializer("another-secret", salt="partnerwise-digest-unsubscribe").dumps(1)
    assert client.post(f"/reminders/stop/{forged}").status_code == 404


def test_send_reminders_refuses_what_is_not_a_date(mail_app):
    result = mail_app.test_cli_runner().invoke(args=["crm", "send-reminders", "--today", "soon"])
    assert result.exit_code != 0 and "not a date we recognise" in result.output


def test_a_run_that_lost_the_race_for_a_user_skips_them(mail_app, monkeypatch):
    """Another server queued this user's digest after we read who needed one."""
    from crm.reminders import services

    with mail_app.app_context():
        users = []
        for n in range(3):
            owner = factories.user("editor")
            create_follow_up(
                {"description": f"Task {n}", "due_on": date(2026, 12, 1), "owner_id": owner.id},
                owner,
            )
            users.append(owner.id)
        db.session.add(DigestRun(user_id=users[1], day=date(2026, 12, 7)))
        db.session.commit()
        # As if read before the other server's row was committed.
        monkeypatch.setattr(
            services,
            "recipients",
            lambda day: list(db.session.scalars(select(User).where(User.id.in_(users)))),
        )
        report = services.send_reminders(date(2026, 12, 7))
        assert (report.queued, report.already_sent) == (2, 1)
        assert sorted(db.session.scalars(select(OutboxMessage.to_user_id))) == [users[0], users[2]]
