"""Asking in writing and the partner response page: the request form, the link shown once,
what the partner sees (and cannot reach), answering, changing, receipts, and refusals."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from crm.conversations.models import Conversation
from crm.coproduction.models import NamingConsent, ResponseAnswer, ResponseRequest
from crm.coproduction.tokens import token_hash
from crm.core.dates import today_london
from crm.core.extensions import db
from crm.proposals.models import Stake

ANSWER = {
    "responder_name": "Gwenllian Price",
    "responder_role": "Chair of trustees",
    "stance": "supportive",
    "stance_comments": "We back the plan.",
    "agreement": "agree_with_conditions",
    "agreement_detail": "Mentors paid the real Living Wage.",
    "naming": "yes_with_wording",
    "naming_wording": "Riverside Peer Support Network will co-run the peer groups.",
}


def ask(client, story, **changes):
    """Ask Riverside in writing from the form; returns the partner's token."""
    data = {
        "contact_id": story["gwen"],
        "respond_by": (today_london() + timedelta(days=21)).strftime("%d/%m/%Y"),
        "message": "Could you look at the paragraph about Riverside?",
        "send_via": "own_mail",
        **changes,
    }
    response = client.post(
        f"/proposals/{story['proposal']}/stakes/{story['riverside_stake']}/ask", data=data
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    return re.search(r"/respond/([A-Za-z0-9_-]{43})", page).group(1)


@pytest.fixture
def token(client, login_as, story):
    login_as("editor")
    return ask(client, story)


def test_the_form_offers_only_people_who_may_be_contacted(client, login_as, story):
    login_as("editor")
    page = client.get(
        f"/proposals/{story['proposal']}/stakes/{story['riverside_stake']}/ask"
    ).get_data(as_text=True)
    assert "Gwenllian Price" in page and "Dai Do-Not" not in page
    assert "app mail is not set up" in page
    assert "whether you are happy for Riverside Peer Support Network to be named" in page
    refused = client.post(
        f"/proposals/{story['proposal']}/stakes/{story['riverside_stake']}/ask",
        data={"contact_id": story["dnc"], "respond_by": "yesterday", "send_via": "own_mail"},
    )
    assert refused.status_code == 422
    assert "must not be contacted" in refused.get_data(
        as_text=True
    ) or "after today" in refused.get_data(as_text=True)


def test_the_link_is_shown_once_and_only_its_hash_is_kept(app, client, login_as, story):
    login_as("editor")
    token = ask(client, story)
    with app.app_context():
        item = db.session.scalar(select(ResponseRequest))
        assert item.token_hash == token_hash(token) and token not in item.token_hash
        assert (
            db.session.get(Stake, story["riverside_stake"]).agreement == "agreed"
        )  # already agreed
        assert db.session.get(Stake, story["hillview_stake"]).agreement == "not_asked"
        request_id = item.id
    send = client.get(f"/proposals/{story['proposal']}/requests/{request_id}/send").get_data(
        as_text=True
    )
    assert "mailto:gwen@riverside.example.org?subject=" in send and token in send
    client.post(f"/proposals/{story['proposal']}/requests/{request_id}/sent")
    again = client.get(f"/proposals/{story['proposal']}/requests/{request_id}/send").get_data(
        as_text=True
    )
    assert token not in again and "The link was shown once" in again
    listing = client.get(f"/proposals/{story['proposal']}/requests").get_data(as_text=True)
    assert 'data-state="sent"' in listing


def test_the_partner_page_shows_only_their_passages_and_links_nowhere_else(app, token, story):
    anonymous = app.test_client()
    response = anonymous.get(f"/respond/{token}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert response.headers["X-Robots-Tag"].startswith("noindex")
    assert '<meta name="robots" content="noindex' in page
    assert "Action plan" in page and "We propose to join up." in page
    assert "<mark>Riverside Peer Support Network</mark>" in page
    assert "Hillview Wellbeing Café will host" not in page  # another partner's passage
    assert "Could you look at the paragraph about Riverside?" in page
    hrefs = re.findall(r'<a [^>]*href="([^"]*)"', page)
    actions = re.findall(r'<form [^>]*?(?:action="([^"]*)")?[^>]*>', page)
    assert all(h.startswith("#") or h.startswith(f"/respond/{token}") for h in hrefs), hrefs
    assert all(a in ("", f"/respond/{token}") for a in actions), actions
    srcs = re.findall(r'(?:src|href)="(https?://[^"]*)"', page)
    assert srcs == []  # no third-party resources
    with app.app_context():
        assert db.session.scalar(select(ResponseRequest)).opened_at is not None


def test_answering_records_everything_and_the_consent_turns_green(app, client, token, story):
    anonymous = app.test_client()
    response = anonymous.post(f"/respond/{token}", data=ANSWER)
    assert response.status_code == 302
    page = anonymous.get(f"/respond/{token}").get_data(as_text=True)
    assert "Thank you: your answer has been sent." in page and "Change your answer" in page
    with app.app_context():
        conversation = db.session.scalar(
            select(Conversation).where(Conversation.channel == "written_response")
        )
        assert conversation.outcome == "reached" and "Chair of trustees" in conversation.summary
        stake = db.session.get(Stake, story["riverside_stake"])
        assert stake.stance == "supportive" and stake.agreement == "agreed_with_conditions"
        assert stake.agreement_conditions == "Mentors paid the real Living Wage."
        consent = db.session.scalar(select(NamingConsent))
        assert consent.state == "agreed_with_changes" and consent.answer_id is not None
    draft = client.get(f"/proposals/{story['proposal']}/drafts/1").get_data(as_text=True)
    riverside = draft.split(f'id="named-{story["riverside_stake"]}"')[1].split("</article>")[0]
    assert 'data-state="agreed_with_changes"' in riverside  # green, with their wording shown
    assert "asking for this wording: “Riverside Peer Support Network will co-run" in riverside
    checklist = client.get(f"/proposals/{story['proposal']}/checklist").get_data(as_text=True)
    assert 'data-state="answered"' in checklist
    receipt = anonymous.get(f"/respond/{token}/receipt.pdf")
    assert receipt.status_code == 200 and receipt.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(receipt.data)).pages)
    assert "Mentors paid the real Living Wage." in text and "Riverside Peer Support Network" in text


def test_yes_on_unchanged_passages_turns_consent_green(app, client, token, story):
    app.test_client().post(
        f"/respond/{token}", data={**ANSWER, "naming": "yes", "naming_wording": ""}
    )
    draft = client.get(f"/proposals/{story['proposal']}/drafts/1").get_data(as_text=True)
    riverside = draft.split(f'id="named-{story["riverside_stake"]}"')[1].split("</article>")[0]
    assert 'data-state="agreed"' in riverside


def test_a_changed_answer_is_kept_beside_the_first(app, client, token, story):
    anonymous = app.test_client()
    anonymous.post(f"/respond/{token}", data=ANSWER)
    anonymous.post(f"/respond/{token}", data={**ANSWER, "agreement": "need_more_time",
                                              "agreement_detail": "Trustees meet next month."})  # fmt: skip
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ResponseAnswer)) == 2
        assert db.session.get(Stake, story["riverside_stake"]).agreement == "asked"
    listing = client.get(f"/proposals/{story['proposal']}/requests").get_data(as_text=True)
    assert "Latest answer" in listing and "Earlier answer" in listing


def test_bad_answers_say_what_to_fix_and_store_nothing(app, token):
    anonymous = app.test_client()
    response = anonymous.post(
        f"/respond/{token}", data={**ANSWER, "responder_name": "", "naming_wording": ""}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter your name." in page
    response = anonymous.post(f"/respond/{token}", data={**ANSWER, "naming_wording": ""})
    assert "Give the wording you would like." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ResponseAnswer)) == 0
        assert db.session.scalar(select(func.count()).select_from(Conversation)) == 0


def _refusal(client, path):
    response = client.get(path)
    return response.status_code, response.get_data(as_text=True)


def test_wrong_revoked_and_expired_links_get_the_same_plain_page(app, client, token, story):
    anonymous = app.test_client()
    wrong = _refusal(anonymous, "/respond/" + "x" * 43)
    garbage = _refusal(anonymous, "/respond/not-even-a-token")
    with app.app_context():
        item = db.session.scalar(select(ResponseRequest))
        request_id = item.id
        item.respond_by = today_london() - timedelta(days=15)
        db.session.commit()
    expired = _refusal(anonymous, f"/respond/{token}")
    with app.app_context():
        item = db.session.get(ResponseRequest, request_id)
        item.respond_by = today_london() + timedelta(days=5)
        db.session.commit()
    client.post(f"/proposals/{story['proposal']}/requests/{request_id}/revoke")
    revoked = _refusal(anonymous, f"/respond/{token}")
    assert wrong == garbage == expired == revoked
    status, body = wrong
    assert status == 404 and "This link does not work" in body
    for name in ("Riverside", "Action plan", "Gwenllian", "Alex"):
        assert name not in body
    assert _refusal(anonymous, f"/respond/{token}/receipt.pdf") == revoked


def test_after_the_date_an_answer_can_be_read_but_not_changed(app, token):
    anonymous = app.test_client()
    anonymous.post(f"/respond/{token}", data=ANSWER)
    with app.app_context():
        db.session.scalar(select(ResponseRequest)).respond_by = today_london() - timedelta(days=2)
        db.session.commit()
    page = anonymous.get(f"/respond/{token}").get_data(as_text=True)
    assert "can no longer be changed" in page and "<form" not in page
    anonymous.post(f"/respond/{token}", data={**ANSWER, "stance": "opposed"})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ResponseAnswer)) == 1


def test_a_late_first_answer_is_taken_and_marked_late(app, token):
    with app.app_context():
        db.session.scalar(select(ResponseRequest)).respond_by = today_london() - timedelta(days=2)
        db.session.commit()
    assert app.test_client().post(f"/respond/{token}", data=ANSWER).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(ResponseAnswer)).late is True


def test_the_page_is_rate_limited_per_link_and_per_address(app, token):
    app.config.update(PARTNER_PAGE_PER_LINK=3, PARTNER_PAGE_PER_ADDRESS=5)
    anonymous = app.test_client()
    statuses = [anonymous.get(f"/respond/{token}").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    other = app.test_client()
    addresses = [
        other.get("/respond/" + "y" * 43, environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code
        for _ in range(4)
    ]
    assert addresses == [404, 404, 404, 429]  # wrong links from one address: refused soon


def test_erasing_the_person_who_answered_keeps_the_answer_as_erased_contact(
    app, client, login_as, token, story
):
    app.test_client().post(f"/respond/{token}", data=ANSWER)
    client.post("/logout")
    login_as("admin")
    export = client.get(f"/privacy/contacts/{story['gwen']}/export.json").get_json()
    assert export["written_answers"][0]["responder_role"] == "Chair of trustees"
    assert "token_hash" not in export["requests_in_writing"][0]
    response = client.post(
        f"/privacy/contacts/{story['gwen']}/erase", data={"confirm": "Gwenllian Price"}
    )
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
    with app.app_context():
        answer = db.session.scalar(select(ResponseAnswer))
        assert answer.contact_id is None and answer.responder == "erased contact"
        assert answer.agreement_detail == "Mentors paid the real Living Wage."
    listing = client.get(f"/proposals/{story['proposal']}/requests").get_data(as_text=True)
    assert "erased contact" in listing and "Gwenllian" not in listing
