"""The one way co-production sends mail: through the app's outbox (crm.mail.outbox, DESIGN.md
section 11) when app mail is set up. Without it the request form offers the officer's own
mail program (ready-to-copy text and a mailto: link), and notices to authors are not sent
(the proposal page and the digest still show every answer).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app

from crm.mail import outbox

log = logging.getLogger(__name__)
NOT_SET_UP = (
    "Partnerwise cannot send mail yet (app mail is not set up), so send it from your own "
    "email: copy the message below, or open it in your mail program."
)


def app_mail_ready() -> bool:
    """Whether Partnerwise delivers mail itself: MAIL_URL is set.

    Without MAIL_URL the outbox only writes .eml files for an admin to read, which would
    never reach a partner, so requests then go through the officer's own mail program.
    """
    return bool(current_app.config.get("MAIL_URL"))


@dataclass(frozen=True)
class Sent:
    """What happened to a message: queued (with its outbox row) or why not."""

    queued: bool
    reason: str = ""
    message: object | None = None


def send(
    *,
    subject: str,
    text: str,
    html: str | None,
    kind: str,
    about_type: str,
    about_id: int,
    to_user=None,
    to_contact=None,
    reply_to=None,
    automatic: bool = False,
    actor=None,
) -> Sent:
    """Queue one message in the outbox; never talks to a mail server inside a request."""
    if not app_mail_ready():
        return Sent(False, NOT_SET_UP)
    message = outbox.queue_mail(
        subject=subject,
        text=text,
        html=html,
        to_user=to_user,
        to_contact=to_contact,
        kind=kind,
        about_type=about_type,
        about_id=about_id,
        reply_to=reply_to,
        automatic=automatic,
        actor=actor,
    )
    if message is None:
        return Sent(False, "They have no email address, or must not be contacted.")
    return Sent(True, "", message)
