"""Mail in the browser: a digest's link opens, the Outbox page, dropping an email on the form."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from crm import create_app, rules
from crm.core.config import TestingConfig
from crm.core.extensions import db
from crm.demo.loader import DEMO_USERS
from crm.proposals.models import Milestone, Proposal
from crm.settings.queries import work_calendar
from tests.browser.conftest import ROOT, _serve, screenshot
from tests.browser.test_accessibility import AXE
from tests.browser.test_core_loop import log_in

ALEX = DEMO_USERS[0]
ADMIN = next(user for user in DEMO_USERS if user[2] == "admin")
FIXTURES = Path(__file__).resolve().parents[1] / "mail" / "fixtures"
# exchange.msg was sent on Fri 4 Dec 2026: the app refuses to log a conversation dated after
# its today, so the dropping test's server is set to the Monday after.
AFTER_THE_EMAIL = date(2026, 12, 7)


def _consult_by(database_url: str):
    """The demo proposal's consult-by date, as the checklist works it out."""
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        proposal, deadline = db.session.execute(
            select(Proposal, Milestone.due_on)
            .join(Milestone, Milestone.proposal_id == Proposal.id)
            .where(Proposal.status == "consulting", Milestone.is_submission_deadline.is_(True))
        ).first()
        by = rules.consult_by(deadline, proposal.min_window_days, work_calendar())
        db.engine.dispose()
    return by


def _crm(server, smtp_server, *args: str) -> str:
    env = dict(
        os.environ,
        DATABASE_URL=server["database_url"],
        SECRET_KEY="browser-tests-" + "x" * 40,
        MAIL_URL=smtp_server.url,
        BASE_URL=server["url"],
    )
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "crm", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=True,
        text=True,
    )
    return done.stdout


def _axe(page) -> list[str]:
    page.evaluate(AXE)
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
              values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"""
    )
    return [
        f"{v['impact']}: {v['id']} at {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture(scope="module")
def digest(own_server, tmp_path_factory):
    """Run send-reminders (on the consult-by day) and send-mail against the own server's data."""
    from bench.smtp_server import SmtpServer

    smtp = SmtpServer().start()
    try:
        day = _consult_by(own_server["database_url"])
        queued = _crm(own_server, smtp, "send-reminders", "--today", day.isoformat())
        sent = _crm(own_server, smtp, "send-mail")
        yield {"day": day, "queued": queued, "sent": sent, "received": list(smtp.received)}
    finally:
        smtp.stop()


def test_a_digest_link_opens_the_checklist(browser, own_server, digest):
    assert "Sent" in digest["sent"]
    alex = [r for r in digest["received"] if r.rcpt_tos == [ALEX[0]]]
    assert len(alex) == 1, digest
    text = alex[0].message.get_body(("plain",)).get_content()
    link = re.search(r"Open the checklist: (\S+)", text).group(1)
    assert link.startswith(own_server["url"] + "/proposals/")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(link)  # not logged in: the log-in page, then straight back to the link
    page.get_by_label("Email").fill(ALEX[0])
    page.get_by_label("Password").fill(ALEX[1])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(link)
    assert page.get_by_role(
        "heading", name=re.compile("Pre-drafting checklist|checklist", re.I)
    ).first.is_visible()
    assert "Social prescribing" in page.content()
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_outbox_shows_the_message_and_is_accessible(browser, own_server, digest, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    log_in(page, own_server, ADMIN[0], ADMIN[1])
    page.goto(own_server["url"] + "/admin/outbox/?state=sent")
    assert page.get_by_role("heading", name="Outbox").is_visible()
    assert not _axe(page), _axe(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    row = page.locator("tr", has_text=ALEX[0])
    row.get_by_role("link", name=re.compile("Your Partnerwise digest")).click()
    page.wait_for_url(re.compile(r"/admin/outbox/\d+$"))
    assert page.get_by_text("Partners to consult soon").first.is_visible()
    frame = page.frame_locator("iframe.outbox-html")
    assert frame.get_by_role("heading", name="Your Partnerwise digest").is_visible()
    screenshot(page, f"outbox-message-{width}")
    assert not _axe(page), _axe(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()


@pytest.fixture(scope="module")
def after_the_email(tmp_path_factory):
    with _serve(tmp_path_factory.mktemp("browser-mail"), today=AFTER_THE_EMAIL) as server:
        yield server


def test_dropping_an_email_logs_it_in_two_clicks(browser, after_the_email):
    own_server = after_the_email
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, own_server, ALEX[0], ALEX[1])
    page.goto(own_server["url"] + "/conversations/new")
    # Choosing (or dropping) the file sends it at once; the form comes back filled in.
    page.get_by_label("Log an email from a file").set_input_files(str(FIXTURES / "exchange.msg"))
    page.get_by_text("Filled in from the email").wait_for()
    assert page.get_by_label("Gwenllian ap Rhys").first.is_checked()
    assert page.get_by_label(re.compile("Siobhán")).first.is_checked()
    assert page.get_by_role("link", name=re.compile("add Ffion Hughes as a contact")).is_visible()
    screenshot(page, "log-email-filled")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text(re.compile("Logged: email with")).wait_for()
    assert "Gwenllian ap Rhys" in page.content()
    context.close()
