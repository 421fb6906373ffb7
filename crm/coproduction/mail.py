"""The messages co-production sends: the request to answer, and the author's notice."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from flask import render_template

from crm.coproduction.rules import ANSWER_AGREEMENTS, ANSWER_NAMING, ANSWER_STANCES
from crm.core.dates import uk_date


@dataclass(frozen=True)
class Composed:
    """A message's subject, plain text and HTML."""

    subject: str
    text: str
    html: str

    def mailto(self, address: str) -> str:
        """A mailto: link that opens this message in the person's own mail program."""
        return (
            f"mailto:{quote(address or '', safe='@')}?subject={quote(self.subject)}"
            f"&body={quote(self.text)}"
        )


def request_message(*, request, proposal, organisation_name, contact, author_name, link):
    """The request to answer in writing, with the secret link."""
    first = (contact.name.split()[0] if contact and contact.name else "").strip()
    context = {
        "greeting": f"Dear {first}," if first else "Hello,",
        "message": request.message.strip(),
        "proposal": proposal,
        "organisation_name": organisation_name,
        "author_name": author_name or "The author",
        "respond_by": uk_date(request.respond_by),
        "link": link,
    }
    return Composed(
        subject=f"Your answer by {uk_date(request.respond_by)}: {proposal.title}",
        text=render_template("coproduction/mail/request.txt", **context),
        html=render_template("coproduction/mail/request.html", **context),
    )


def answer_notice(*, answer, proposal, organisation_name, link, changed):
    """The author's notice that a partner answered (or changed their answer)."""
    context = {
        "answer": answer,
        "proposal": proposal,
        "organisation_name": organisation_name,
        "stance": dict(ANSWER_STANCES).get(answer.stance, answer.stance),
        "agreement": dict(ANSWER_AGREEMENTS).get(answer.agreement, answer.agreement),
        "naming": dict(ANSWER_NAMING).get(answer.naming) if answer.naming else "",
        "link": link,
        "changed": changed,
    }
    verb = "changed their answer" if changed else "answered"
    return Composed(
        subject=f"{organisation_name} {verb}: {proposal.title}",
        text=render_template("coproduction/mail/answer.txt", **context),
        html=render_template("coproduction/mail/answer.html", **context),
    )
