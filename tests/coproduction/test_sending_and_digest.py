"""Mail through the one adapter (with a stand-in outbox, and the real one once merged), and
the two queries the daily digest reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from crm.coproduction import sending
from crm.coproduction.answers import response_by_dates_passing, responses_received_since
from crm.coproduction.models import ResponseRequest
from crm.core.dates import today_london
from crm.core.extensions import db
from crm.mail import outbox as mail_outbox
from tests.coproduction.test_partner_page import ANSWER, ask


@pytest.fixture
def outbox(app, monkeypatch):
    """crm.mail.outbox.queue_mail replaced by a stand-in with its signature, recording calls."""
    monkeypatch.setitem(app.config, "MAIL_URL", "smtp://mail.example.org:25")
    queued = []

    def queue_mail(*, subject, text, html=None, to_user=None, to_contact=None, kind,
                   about_type=None, about_id=None, reply_to=None, automatic=False, actor=None):  # fmt: skip
        call = dict(locals())
        call["to_contact"] = getattr(to_contact, "id", None)
        call["to_user"] = getattr(to_user, "id", None)
        queued.append(call)
        return object()

    monkeypatch.setattr(mail_outbox, "queue_mail", queue_mail)
    return queued


def test_without_mail_url_the_form_says_mail_is_not_set_up(ctx):
    assert not sending.app_mail_ready()
    result = sending.send(subject="s", text="t", html=None, kind="k", about_type="x", about_id=1)
    assert not result.queued and "app mail is not set up" in result.reason


def test_with_app_mail_the_request_is_queued_and_marked_sent(app, client, login_as, story, outbox):
    login_as("editor")
    response = client.post(
        f"/proposals/{story['proposal']}/stakes/{story['riverside_stake']}/ask",
        data={
            "contact_id": story["gwen"],
            "respond_by": (today_london() + timedelta(days=21)).strftime("%d/%m/%Y"),
            "message": "Please look at the Riverside paragraph.",
            "send_via": "app_mail",
        },
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/requests")
    (message,) = outbox
    assert message["kind"] == "response_request" and message["to_contact"] == story["gwen"]
    assert (
        "/respond/" in message["text"]
        and "Please look at the Riverside paragraph." in message["text"]
    )
    assert message["subject"].startswith("Your answer by ")
    with app.app_context():
        item = db.session.scalar(select(ResponseRequest))
        assert item.sent_via == "app_mail" and item.sent_at is not None


def test_an_answer_notifies_the_author_through_the_outbox(app, client, login_as, story, outbox):
    login_as("editor")
    token = ask(client, story)
    app.test_client().post(f"/respond/{token}", data=ANSWER)
    notice = outbox[-1]
    assert notice["kind"] == "written_response" and notice["automatic"] is True
    assert notice["to_user"] == story["author"]
    assert "Riverside Peer Support Network answered" in notice["subject"]
    assert "Mentors paid the real Living Wage." in notice["text"]


def test_with_the_real_outbox_a_request_is_queued(app, client, login_as, story, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_URL", "smtp://mail.example.org:25")
    login_as("editor")
    response = client.post(
        f"/proposals/{story['proposal']}/stakes/{story['riverside_stake']}/ask",
        data={"contact_id": story["gwen"], "send_via": "app_mail",
              "respond_by": (today_london() + timedelta(days=21)).strftime("%d/%m/%Y")},
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(ResponseRequest)).sent_via == "app_mail"


def test_digest_queries(app, client, login_as, story):
    login_as("editor")
    before = datetime.now(UTC) - timedelta(minutes=1)
    token = ask(client, story)
    ask(client, story, contact_id=story["gwen"])  # a second request, unanswered
    app.test_client().post(f"/respond/{token}", data=ANSWER)
    app.test_client().post(
        f"/respond/{token}", data={**ANSWER, "agreement": "agree", "agreement_detail": ""}
    )
    with app.app_context():
        author = story["author"]
        received = responses_received_since({author: before})[author]
        assert [r.changed for r in received] == [False, True]
        assert received[0].organisation_name == "Riverside Peer Support Network"
        assert received[0].responder == "Gwenllian Price (Chair of trustees)"
        later = datetime.now(UTC) + timedelta(minutes=1)
        assert responses_received_since({author: later}) == {}
        assert responses_received_since({author + 99: before}) == {}
        day = today_london() + timedelta(days=21)
        due = response_by_dates_passing(day)[author]
        assert [d.contact_name for d in due] == ["Gwenllian Price"]  # the answered one is left out
        assert response_by_dates_passing(day + timedelta(days=1)) == {}


def test_the_authors_digest_lists_answers_received_and_responses_due_today(
    app, client, login_as, story
):
    """The daily digest's co-production sections: what partners answered since the last
    digest, and whose response-by date is today (crm/reminders/sections.py)."""
    from crm.auth.models import User
    from crm.mail.digest import DigestRequest
    from crm.reminders.services import digest_sections, link_builder
    from crm.settings.queries import work_calendar

    login_as("editor")
    token = ask(client, story)
    ask(client, story, contact_id=story["gwen"])  # a second request, unanswered
    app.test_client().post(f"/respond/{token}", data=ANSWER)
    with app.test_request_context():
        author = db.session.get(User, story["author"])
        day = today_london() + timedelta(days=21)  # the requests' response-by date

        def sections_on(today):
            request = DigestRequest(
                today=today, users=[author], since={}, calendar=work_calendar(),
                link=link_builder(),
            )  # fmt: skip
            return {s.title: s for s in digest_sections(request).get(author.id, [])}

        sections = sections_on(day)
        (received,) = sections["Written responses received"].items
        assert received.text.startswith("Riverside Peer Support Network answered about ")
        assert "From Gwenllian Price (Chair of trustees)." in received.text
        assert f"/proposals/{story['proposal']}" in received.url
        (due,) = sections["Written responses due today"].items
        assert due.text.startswith("Riverside Peer Support Network (Gwenllian Price) has not")
        assert "Written responses due today" not in sections_on(day + timedelta(days=1))
